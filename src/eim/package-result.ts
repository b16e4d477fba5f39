/**
 * The eIM's check of an EuiccPackageResult (SGP.32 2.11.2, 3.3.1 step 4): the eUICC's signature over
 * DER(signed part) ‖ association token with the key of CERT.EUICC, and the echoes of eimId, counterValue and
 * eimTransactionId of the package it answers (onomondo-eim rejects a mismatch). No HTTP here.
 */
import type { KeyObject } from 'node:crypto';
import { derOf } from '../asn1/schema.ts';
import {
  type EuiccPackageErrorCodeName,
  EuiccPackageErrorCodes,
  EuiccPackageResult,
  type EuiccResultData,
} from '../asn1/sgp32/index.ts';
import { ecdsaVerify } from '../crypto/ecdsa.ts';
import { eimPackageSignatureInput } from '../protocol/eim-signed-data.ts';

/** The package a result answers, as the eIM sent it. */
export interface ExpectedEchoes {
  readonly eimId: string;
  readonly counterValue: number;
  readonly eimTransactionId?: Buffer;
  readonly associationToken?: number;
}

export type PackageOutcome =
  /** Executed: the result of each operation run, in order, and the seqNumber to acknowledge. */
  | { readonly kind: 'executed'; readonly seqNumber: number; readonly results: readonly EuiccResultData[] }
  /** Refused by the eUICC with a signed EuiccPackageErrorCode. */
  | { readonly kind: 'refused'; readonly code: EuiccPackageErrorCodeName | number }
  /** Refused unsigned: the eUICC does not know this eIM or its signature did not verify. */
  | { readonly kind: 'refusedUnsigned'; readonly associationToken?: number };

/** Why the eIM cannot take a result as the eUICC's answer to its package. */
export class PackageResultError extends Error {
  override readonly name = 'PackageResultError';
  constructor(
    readonly reason: 'euiccSignatureInvalid' | 'echoMismatch' | 'euiccCertificateUnknown',
    message: string,
  ) {
    super(message);
  }
}

const codeName = (code: number): EuiccPackageErrorCodeName | number =>
  (Object.entries(EuiccPackageErrorCodes).find(([, value]) => value === code)?.[0] as
    | EuiccPackageErrorCodeName
    | undefined) ?? code;

function checkEchoes(
  data: { eimId: string; counterValue: number; eimTransactionId?: Buffer },
  expected: ExpectedEchoes,
): void {
  const same =
    data.eimId === expected.eimId &&
    data.counterValue === expected.counterValue &&
    (data.eimTransactionId === undefined) === (expected.eimTransactionId === undefined) &&
    (!data.eimTransactionId ||
      !expected.eimTransactionId ||
      data.eimTransactionId.equals(expected.eimTransactionId));
  if (!same) {
    throw new PackageResultError(
      'echoMismatch',
      `the result echoes eimId ${data.eimId} counterValue ${data.counterValue}, not the package's`,
    );
  }
}

/**
 * The eIM takes signed results without checking their signature (its consumerEuicc setting, onomondo-eim's
 * consumer_euicc): the echoes are checked all the same.
 */
export const SIGNATURE_UNCHECKED = 'signatureUnchecked';

/**
 * Verifies an EuiccPackageResult ('BF51', DER or decoded) against the eUICC's key and the package it answers;
 * without a key only an unsigned error can be taken.
 */
export function verifyPackageResult(
  resultDer: Buffer | EuiccPackageResult,
  euiccKey: KeyObject | typeof SIGNATURE_UNCHECKED | undefined,
  expected: ExpectedEchoes,
): PackageOutcome {
  const result = Buffer.isBuffer(resultDer) ? EuiccPackageResult.decode(resultDer) : resultDer;
  if ('euiccPackageErrorUnsigned' in result) {
    const unsigned = result.euiccPackageErrorUnsigned;
    checkEchoes({ ...unsigned, counterValue: expected.counterValue }, expected);
    return {
      kind: 'refusedUnsigned',
      ...(unsigned.associationToken !== undefined ? { associationToken: unsigned.associationToken } : {}),
    };
  }
  const [data, signature] =
    'euiccPackageResultSigned' in result
      ? [
          result.euiccPackageResultSigned.euiccPackageResultDataSigned,
          result.euiccPackageResultSigned.euiccSignEPR,
        ]
      : [
          result.euiccPackageErrorSigned.euiccPackageErrorDataSigned,
          result.euiccPackageErrorSigned.euiccSignEPE,
        ];
  if (!euiccKey)
    throw new PackageResultError('euiccCertificateUnknown', "the eIM does not know the eUICC's certificate");
  if (
    euiccKey !== SIGNATURE_UNCHECKED &&
    !ecdsaVerify(euiccKey, eimPackageSignatureInput(derOf(data), expected.associationToken), signature)
  ) {
    throw new PackageResultError(
      'euiccSignatureInvalid',
      'the eUICC signature of the result does not verify',
    );
  }
  checkEchoes(data, expected);
  if ('euiccPackageResultSigned' in result) {
    const signed = result.euiccPackageResultSigned.euiccPackageResultDataSigned;
    return { kind: 'executed', seqNumber: signed.seqNumber, results: signed.euiccResult };
  }
  return {
    kind: 'refused',
    code: codeName(result.euiccPackageErrorSigned.euiccPackageErrorDataSigned.euiccPackageErrorCode),
  };
}
