/**
 * The campaign's own SM-DP+ identity: per CI of the PKI folder, CERT.DPauth.ECDSA and CERT.DPpb.ECDSA with
 * their keys (SGP.22 4.5.2.1.0.4), the SM-DP+ OID they carry, and the address the campaign signs as
 * serverAddress. With the CI's key (the SGP.26 test CI's is public, a generated hierarchy has its own) it also
 * issues the certificates the negative cases present: expired, signed by another key, of the wrong role,
 * and a whole hierarchy under a CI the card does not know.
 */
import type { KeyObject } from 'node:crypto';
import { type Curve, generateEcKeyPair } from '../../crypto/curve.ts';
import { issueCiCertificate, issueDpAuthCertificate, issueDpPbCertificate } from '../../pki/issue.ts';
import type { PkiStore } from '../../pki/pki-store.ts';
import { type CiCertificate, toTrustedCi } from '../../pki/trusted-ci.ts';

export interface SigningIdentity {
  readonly certificate: Buffer;
  readonly privateKey: KeyObject;
}

/** What the campaign signs with under one CI. */
export interface LabIdentity {
  readonly curve: Curve;
  readonly ci: CiCertificate;
  /** The CI's private key, when the folder has it: needed to issue the negative cases' certificates. */
  readonly ciKey: KeyObject | undefined;
  readonly dpAuth: SigningIdentity;
  readonly dpPb: SigningIdentity;
  /** SGP.22 4.5.2.1.0.4: the registeredID in CERT.DPauth's subjectAltName. */
  readonly smdpOid: string;
}

/** How a negative case's certificate differs from the genuine one. */
/** ('none': a genuine certificate under a serial number of its own, which a CRL case revokes.) */
export type CertificateFault = 'expired' | 'signedByAnotherKey' | 'wrongRole' | 'none';

const DAY = 86_400_000;

export class LabSmdp {
  readonly identities: readonly LabIdentity[];

  constructor(
    readonly pki: PkiStore,
    /** serverAddress of ServerSigned1, and the notification address the card is expected to keep. */
    readonly address: string,
    private readonly now: () => Date,
  ) {
    const identities: LabIdentity[] = [];
    for (const curve of pki.curves.values()) {
      if (!curve.dpAuth || !curve.dpPb) continue;
      const smdpOid = curve.dpAuth.certificate.subjectAltName.registeredIds[0];
      if (!smdpOid) continue;
      identities.push({
        curve: curve.curve,
        ci: curve.ci,
        ciKey: curve.ciKey,
        dpAuth: { certificate: curve.dpAuth.certificate.der, privateKey: curve.dpAuth.privateKey },
        dpPb: { certificate: curve.dpPb.certificate.der, privateKey: curve.dpPb.privateKey },
        smdpOid,
      });
    }
    this.identities = identities;
  }

  identityFor(ciPkid: Uint8Array): LabIdentity | undefined {
    return this.identities.find((i) => i.ci.subjectKeyIdentifier.equals(ciPkid));
  }

  /**
   * A DPauth (or DPpb) certificate with one fault, under the identity's CI; undefined without the CI key.
   * The key pair is fresh: the case signs with the returned key, so only the fault can explain a refusal.
   */
  faultyCertificate(
    identity: LabIdentity,
    role: 'dpAuth' | 'dpPb',
    fault: CertificateFault,
  ): SigningIdentity | undefined {
    if (!identity.ciKey) return undefined;
    const keys = generateEcKeyPair(identity.curve);
    const now = this.now();
    const issue =
      (role === 'dpAuth') === (fault !== 'wrongRole') ? issueDpAuthCertificate : issueDpPbCertificate;
    // Signed by a key that is not the CI's, but naming the CI as issuer (its AKI): the signature fails.
    const ciKey =
      fault === 'signedByAnotherKey' ? generateEcKeyPair(identity.curve).privateKey : identity.ciKey;
    const issued = issue({
      ci: identity.ci,
      ciKey,
      publicKey: keys.publicKey,
      smdpOid: identity.smdpOid,
      now,
      ...(fault === 'expired'
        ? { notBefore: new Date(now.getTime() - 400 * DAY), notAfter: new Date(now.getTime() - 30 * DAY) }
        : {}),
    });
    return { certificate: issued.der, privateKey: keys.privateKey };
  }

  /** A whole SM-DP+ identity under a CI made now, which no card trusts (SGP.22 5.7.13 unknown CI). */
  unknownCiIdentity(curve: Curve): LabIdentity {
    const ciKeys = generateEcKeyPair(curve);
    const now = this.now();
    const ci = toTrustedCi(issueCiCertificate({ privateKey: ciKeys.privateKey, now }).certificate);
    const signing = (issue: typeof issueDpAuthCertificate): SigningIdentity => {
      const keys = generateEcKeyPair(curve);
      const issued = issue({ ci, ciKey: ciKeys.privateKey, publicKey: keys.publicKey, now });
      return { certificate: issued.der, privateKey: keys.privateKey };
    };
    const genuine = this.identities[0];
    return {
      curve,
      ci,
      ciKey: ciKeys.privateKey,
      dpAuth: signing(issueDpAuthCertificate),
      dpPb: signing(issueDpPbCertificate),
      smdpOid: genuine?.smdpOid ?? '2.999.10',
    };
  }
}
