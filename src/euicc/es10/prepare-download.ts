/** ES10b.PrepareDownload (SGP.22 5.7.5): verify the SM-DP+'s binding offer, make the one-time key, sign. */
import {
  DownloadErrorCodes,
  EUICCSigned2,
  PrepareDownloadRequest,
  PrepareDownloadResponse,
} from '../../asn1/rsp/index.ts';
import { derOf } from '../../asn1/schema.ts';
import type { Curve } from '../../crypto/curve.ts';
import { ecdsaSign, ecdsaVerify } from '../../crypto/ecdsa.ts';
import { type EphemeralKeyPair, ephemeralKeyPairFrom, generateEphemeralKeyPair } from '../../crypto/ecka.ts';
import { euiccSignature2Input, smdpSignature2Input } from '../../protocol/signed-data.ts';
import type { CardContext } from '../card-context.ts';
import { Es10FunctionError, refusalCode } from './function-error.ts';
import { checkServerCertificate } from './server-certificate.ts';

type ErrorName = keyof typeof DownloadErrorCodes;

const refuse = (code: ErrorName) => new Es10FunctionError<ErrorName>(code);

/** The PrepareDownloadResponse refusing the binding (SGP.22 5.7.5): the error code as its number. */
export const downloadResponseError = (transactionId: Buffer, downloadErrorCode: number): Buffer =>
  PrepareDownloadResponse.encode({ downloadResponseError: { transactionId, downloadErrorCode } });

export function prepareDownload(card: CardContext, requestDer: Buffer): Buffer {
  const request = PrepareDownloadRequest.decode(requestDer);
  const transactionId = request.smdpSigned2.transactionId;
  try {
    const session = card.session;
    if (!session) throw refuse('noSessionContext');
    // Step 1: CERT.DPpb.ECDSA under the same CI as CERT.DPauth.
    const smdpCertificate = checkServerCertificate(
      card,
      request.smdpCertificate,
      'dp-pb',
      session.serverCertificate.authorityKeyIdentifier,
      (reason) => (reason === 'unsupportedCurve' ? 'unsupportedCurve' : 'invalidCertificate'),
    );
    // Step 2: smdpSignature2 over smdpSigned2 and our euiccSignature1.
    const signed = smdpSignature2Input(derOf(request.smdpSigned2), session.euiccSignature1);
    if (!ecdsaVerify(smdpCertificate.publicKey, signed, request.smdpSignature2))
      throw refuse('invalidSignature');
    if (!transactionId.equals(session.transactionId)) throw refuse('invalidTransactionId');
    // Step 3: a retry names the one-time key the BPP is already bound to: reuse it if we still hold it (in
    // this session, or kept from an earlier one); otherwise a fresh one, which replaces the kept one.
    const curve = smdpCertificate.curve ?? card.state.curve;
    session.otpk = oneTimeKeyFor(card, request.smdpSigned2.bppEuiccOtpk, curve);
    session.smdpCertificate = smdpCertificate;
    session.loader = undefined;
    const euiccSigned2 = EUICCSigned2.encode({
      transactionId,
      euiccOtpk: session.otpk.publicPoint,
      ...(request.hashCc ? { hashCc: request.hashCc } : {}),
    });
    const euiccSignature2 = ecdsaSign(
      card.privateKey,
      euiccSignature2Input(euiccSigned2, request.smdpSignature2),
    );
    return PrepareDownloadResponse.encode({
      downloadResponseOk: { euiccSigned2: EUICCSigned2.decode(euiccSigned2), euiccSignature2 },
    });
  } catch (error) {
    return downloadResponseError(transactionId, DownloadErrorCodes[refusalCode<ErrorName>(error)]);
  }
}

function oneTimeKeyFor(card: CardContext, bppEuiccOtpk: Buffer | undefined, curve: Curve): EphemeralKeyPair {
  const kept = card.state.oneTimeKey;
  if (bppEuiccOtpk && kept && Buffer.from(kept.publicPoint, 'hex').equals(bppEuiccOtpk)) {
    const pair = ephemeralKeyPairFrom(curve, Buffer.from(kept.privateValue, 'hex'));
    if (pair.publicPoint.equals(bppEuiccOtpk)) return pair;
  }
  const fresh = generateEphemeralKeyPair(curve);
  card.state.oneTimeKey = {
    publicPoint: fresh.publicPoint.toString('hex'),
    privateValue: fresh.privateValue().toString('hex'),
  };
  card.dirty = true;
  return fresh;
}
