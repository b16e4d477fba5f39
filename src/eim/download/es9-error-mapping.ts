/**
 * Which ESipa error the eIM answers the IPA when the SM-DP+ refuses a relayed ES9+ call (SGP.32 6.3.2.1-
 * 6.3.2.5). ES9+ in the JSON binding fails with an SGP.22 subjectCode/reasonCode pair (SGP.22 5.6, 6.5.1.2);
 * each ESipa response has an INTEGER error alternative whose named values are those of SGP.22's own ES9+ ASN.1
 * binding (SGP.22 6.6.2.x) plus SGP.32's. SGP.32's table between the two was not available: the pairing below
 * is our reading from the names (docs/sgp32-readings.md, "Indirect profile download"), and a status the table
 * does not name, a transport failure or an answer outside the binding is `undefinedError` (127), as
 * onomondo-eim answers every ES9+ failure.
 */
import type {
  AuthenticateClientErrorsEsipa,
  CancelSessionErrorsEsipa,
  GetBoundProfilePackageErrorsEsipa,
  InitiateAuthenticationErrorsEsipa,
} from '../../asn1/sgp32/index.ts';
import type { StatusCodeName } from '../../errors/status-codes.ts';

export type InitiateAuthenticationErrorName = keyof typeof InitiateAuthenticationErrorsEsipa;
export type AuthenticateClientErrorName = keyof typeof AuthenticateClientErrorsEsipa;
export type GetBoundProfilePackageErrorName = keyof typeof GetBoundProfilePackageErrorsEsipa;
export type CancelSessionErrorName = keyof typeof CancelSessionErrorsEsipa;

/** SGP.22 5.6.1 initiateAuthentication's codes → SGP.32 InitiateAuthenticationErrorEsipa. */
const INITIATE_AUTHENTICATION: Partial<Record<StatusCodeName, InitiateAuthenticationErrorName>> = {
  smdpAddressInvalid: 'invalidDpAddress', // 8.8.1/3.8
  euiccVersionNotSupported: 'euiccVersionNotSupportedByDp', // 8.8.3/3.1
  ciPKIdNotSupported: 'ciPKIdNotSupported', // 8.8.2/3.1
  // 8.8.4/3.7: the SM-DP+ has no CERT.DPauth under any CI the eUICC offered: for the eUICC the same thing.
  noDpAuthCertificate: 'ciPKIdNotSupported',
};

/** SGP.22 5.6.3 authenticateClient's codes → SGP.32 AuthenticateClientErrorEsipa. */
const AUTHENTICATE_CLIENT: Partial<Record<StatusCodeName, AuthenticateClientErrorName>> = {
  eumCertificateInvalid: 'eumCertificateInvalid', // 8.1.2/6.1
  eumCertificateExpired: 'eumCertificateExpired', // 8.1.2/6.3
  euiccCertificateInvalid: 'euiccCertificateInvalid', // 8.1.3/6.1
  euiccCertificateExpired: 'euiccCertificateExpired', // 8.1.3/6.3
  euiccSignatureInvalid: 'euiccSignatureInvalid', // 8.1/6.1
  matchingIdRefused: 'matchingIdRefused', // 8.2.6/3.8
  eidMismatch: 'eidMismatch', // 8.1.1/3.8
  noEligibleProfile: 'noEligibleProfile', // 8.2.5/4.3
  ciPublicKeyUnknown: 'ciPKUnknown', // 8.11.1/3.9
  transactionIdUnknown: 'invalidTransactionId', // 8.10.1/3.9
  euiccInsufficientMemory: 'insufficientMemory', // 8.1/4.8
  eventIdUnknown: 'eventIdUnknown', // 8.9.5/3.9 (an SM-DS's answer)
};

/** SGP.22 5.6.2 getBoundProfilePackage's codes → SGP.32 GetBoundProfilePackageErrorEsipa. */
const GET_BOUND_PROFILE_PACKAGE: Partial<Record<StatusCodeName, GetBoundProfilePackageErrorName>> = {
  euiccSignatureInvalid: 'euiccSignatureInvalid', // 8.1/6.1
  confirmationCodeMissing: 'confirmationCodeMissing', // 8.2.7/2.2
  confirmationCodeRefused: 'confirmationCodeRefused', // 8.2.7/3.8
  confirmationCodeRetriesExceeded: 'confirmationCodeRetriesExceeded', // 8.2.7/6.4
  bppNotAvailable: 'bppRebindingRefused', // 8.2/3.7 BPP not available for a new binding
  downloadOrderExpired: 'downloadOrderExpired', // 8.8.5/4.10
  transactionIdUnknown: 'invalidTransactionId', // 8.10.1/3.9
};

/** SGP.22 5.6.5 cancelSession's codes → SGP.32 CancelSessionResponseEsipa's cancelSessionError. */
const CANCEL_SESSION: Partial<Record<StatusCodeName, CancelSessionErrorName>> = {
  transactionIdUnknown: 'invalidTransactionId', // 8.10.1/3.9
  euiccSignatureInvalid: 'euiccSignatureInvalid', // 8.1/6.1
};

export const ES9_ERROR_MAPPING = {
  initiateAuthentication: INITIATE_AUTHENTICATION,
  authenticateClient: AUTHENTICATE_CLIENT,
  getBoundProfilePackage: GET_BOUND_PROFILE_PACKAGE,
  cancelSession: CANCEL_SESSION,
} as const;

/** The ESipa error name for an ES9+ failure: its status code's pairing in `table`, else undefinedError. */
export function esipaErrorFor<N extends string>(
  table: Partial<Record<StatusCodeName, N>>,
  codeName: StatusCodeName | undefined,
): N | 'undefinedError' {
  return (codeName === undefined ? undefined : table[codeName]) ?? 'undefinedError';
}
