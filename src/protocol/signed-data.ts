/**
 * What each SGP.22 signature covers. Both sides (SM-DP+ and eUICC) build the signed data here, so that they
 * cannot drift apart. Every input is exact DER bytes as sent or received, never a re-encoding.
 */
import { createHash } from 'node:crypto';
import { ControlRefTemplate, otpk, RemoteOpId, transactionId } from '../asn1/rsp/index.ts';
import { encodeTlv, readChildren, readTlv } from '../asn1/tlv.ts';

const TAG_SIGNATURE = 0x5f37;
const TAG_OTPK = 0x5f49;

/** The '5F37' TLV of a raw signature, as it appears inside a message. */
export const signatureTlv = (signature: Uint8Array): Buffer => encodeTlv(TAG_SIGNATURE, signature);

// SGP.22 5.7.13: serverSignature1 covers serverSigned1; euiccSignature1 covers euiccSigned1.
// SGP.22 5.6.3 / 5.7.5: smdpSignature2 covers smdpSigned2 followed by the euiccSignature1 TLV ('5F37' L sig).
export const smdpSignature2Input = (smdpSigned2Der: Buffer, euiccSignature1: Uint8Array): Buffer =>
  Buffer.concat([smdpSigned2Der, signatureTlv(euiccSignature1)]);

// SGP.22 5.7.5 / 5.6.2: euiccSignature2 covers euiccSigned2 followed by the smdpSignature2 TLV.
export const euiccSignature2Input = (euiccSigned2Der: Buffer, smdpSignature2: Uint8Array): Buffer =>
  Buffer.concat([euiccSigned2Der, signatureTlv(smdpSignature2)]);

export interface InitialiseSecureChannelSignedPart {
  readonly transactionId: Buffer;
  readonly controlRefTemplate: ControlRefTemplate;
  readonly smdpOtpk: Buffer;
}

// SGP.22 5.5.1: smdpSign covers the InitialiseSecureChannel data objects before it (remoteOpId, transactionId,
// controlRefTemplate, smdpOtpk) followed by the eUICC's one-time key as a '5F49' TLV.
export function initialiseSecureChannelInput(
  part: InitialiseSecureChannelSignedPart,
  euiccOtpk: Uint8Array,
): Buffer {
  return Buffer.concat([
    RemoteOpId.encode(1),
    transactionId(0x80).encode(part.transactionId),
    ControlRefTemplate.encode(part.controlRefTemplate),
    otpk().encode(part.smdpOtpk),
    encodeTlv(TAG_OTPK, euiccOtpk),
  ]);
}

/** The same input taken from a received InitialiseSecureChannelRequest ('BF23' TLV), byte for byte. */
export function initialiseSecureChannelInputFromDer(iscrDer: Buffer, euiccOtpk: Uint8Array): Buffer {
  const { value } = readTlv(iscrDer, 0);
  const signed = readChildren(value).filter((child) => child.tag !== TAG_SIGNATURE);
  return Buffer.concat([...signed.map((child) => child.bytes), encodeTlv(TAG_OTPK, euiccOtpk)]);
}

// SGP.22 3.1.3 / 5.7.5: Hashed Confirmation Code = SHA256(SHA256(Confirmation Code) | TransactionID).
export function hashConfirmationCode(confirmationCode: string, transactionIdBytes: Uint8Array): Buffer {
  const inner = createHash('sha256').update(confirmationCode, 'utf8').digest();
  return createHash('sha256').update(inner).update(transactionIdBytes).digest();
}
