/**
 * What each SGP.32 eUICC Package signature covers (SGP.32 2.11.1.1 / 2.11.2). The eIM and the IoT eUICC both
 * build the signed data here, so that they cannot drift apart. Every input is the exact DER as sent or
 * received, never a re-encoding.
 *
 * Verified by recomputation on a real eIM ↔ IoT eUICC exchange (fixtures/vectors/sgp32-euicc-package-trace.json):
 * - eimSignature covers DER(EuiccPackageSigned) followed by the association token as a `[4] INTEGER` TLV
 *   ('84 01 01'); without the token it does not verify;
 * - euiccSignEPR covers DER(EuiccPackageResultDataSigned) followed by the same TLV (the v1.0 wording,
 *   "‖ eimSignature", does not verify; v1.1 changed it);
 * - euiccSignEPE, over DER(EuiccPackageErrorDataSigned) ‖ token, is onomondo-eim's rule (one public source).
 *
 * Our readings where the text is not available (docs/sgp32-readings.md): a token of 128 or more is the DER
 * INTEGER ('84 02 00 80'); an eIM configured without an association token signs and is verified with nothing
 * appended.
 */
import { integer } from '../asn1/schema.ts';

const associationTokenField = integer(0x84);

/** The association token as it follows the signed data: `[4] INTEGER` in DER, or nothing without one. */
export const associationTokenTlv = (associationToken: number | undefined): Buffer =>
  associationToken === undefined ? Buffer.alloc(0) : associationTokenField.encode(associationToken);

/**
 * The input of eimSignature, euiccSignEPR and euiccSignEPE: the signed part's DER (EuiccPackageSigned,
 * EuiccPackageResultDataSigned or EuiccPackageErrorDataSigned), then the association token of that eIM.
 */
export const eimPackageSignatureInput = (
  signedPartDer: Buffer,
  associationToken: number | undefined,
): Buffer => Buffer.concat([signedPartDer, associationTokenTlv(associationToken)]);
