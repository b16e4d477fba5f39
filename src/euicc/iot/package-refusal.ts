import { EuiccPackageErrorCodes } from '../../asn1/sgp32/index.ts';

/**
 * What a test-lab scenario makes LoadEuiccPackage refuse (es10/scenarios.ts): an EuiccPackageErrorCode,
 * signed after the package verified (an active eCall is a device state the software eUICC has no other way to
 * be in), or the unsigned error of an unknown eIM or an eIM signature that does not verify. The numbers are
 * the error codes; the two unsigned refusals carry none (EuiccPackageErrorUnsigned has no code field).
 */
export const PackageRefusals = {
  ...EuiccPackageErrorCodes,
  eimUnknown: -1,
  eimSignatureInvalid: -2,
} as const;
export type PackageRefusal = keyof typeof PackageRefusals;
