/**
 * The eIM's half of an eUICC Package (SGP.32 2.11.1.1): the EuiccPackageSigned of PSMOs or eCOs for one
 * eUICC, signed with the eIM's key over DER(EuiccPackageSigned) ‖ association token (the rule verified on the
 * reference trace, src/protocol/eim-signed-data.ts). No HTTP here: the eIM server and the tests use it.
 */
import type { KeyObject } from 'node:crypto';
import { type EuiccPackage, EuiccPackageRequest, EuiccPackageSigned } from '../asn1/sgp32/index.ts';
import { ecdsaSign } from '../crypto/ecdsa.ts';
import { randomBytes } from '../crypto/random.ts';
import { eimPackageSignatureInput } from '../protocol/eim-signed-data.ts';

/** What the eIM knows of one eUICC to sign a package for it. */
export interface EimPackageTarget {
  readonly eimId: string;
  /** The EID (32 digits). */
  readonly eid: string;
  /** The counterValue of this package: one more than the last one signed for this eUICC (onomondo-eim). */
  readonly counterValue: number;
  /** The association token the eUICC holds for this eIM; none: nothing is appended (our reading). */
  readonly associationToken?: number;
}

export interface SignedEuiccPackage {
  /** The EuiccPackageRequest ('BF51'), as the IPA passes it to ES10b.LoadEuiccPackage. */
  readonly der: Buffer;
  /** The same, decoded (its EuiccPackageSigned keeps the exact bytes signed). */
  readonly request: EuiccPackageRequest;
  /** The eimTransactionId the result must echo. */
  readonly eimTransactionId: Buffer;
}

/** Signs a package of PSMOs or eCOs; a fresh 16-byte eimTransactionId (as onomondo-eim makes) unless given. */
export function signEuiccPackage(
  target: EimPackageTarget,
  euiccPackage: EuiccPackage,
  eimPrivateKey: KeyObject,
  eimTransactionId: Buffer = randomBytes(16),
): SignedEuiccPackage {
  const signed = EuiccPackageSigned.encode({
    eimId: target.eimId,
    eidValue: Buffer.from(target.eid, 'hex'),
    counterValue: target.counterValue,
    eimTransactionId,
    euiccPackage,
  });
  const eimSignature = ecdsaSign(eimPrivateKey, eimPackageSignatureInput(signed, target.associationToken));
  const request: EuiccPackageRequest = {
    euiccPackageSigned: EuiccPackageSigned.decode(signed),
    eimSignature,
  };
  return { der: EuiccPackageRequest.encode(request), request, eimTransactionId };
}
