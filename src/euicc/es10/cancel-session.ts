/** ES10b.CancelSession (SGP.22 5.7.14): end the RSP session with a signed reason for the SM-DP+. */
import {
  CancelSessionRequest,
  CancelSessionResponse,
  CancelSessionResponseErrors,
  EuiccCancelSessionSigned,
} from '../../asn1/rsp/index.ts';
import { ecdsaSign } from '../../crypto/ecdsa.ts';
import type { CardContext } from '../card-context.ts';

export function cancelSession(card: CardContext, requestDer: Buffer): Buffer {
  const request = CancelSessionRequest.decode(requestDer);
  const session = card.session;
  // No session, or another one: nothing to cancel and no SM-DP+ to name.
  if (!session?.transactionId.equals(request.transactionId)) {
    return CancelSessionResponse.encode({
      cancelSessionResponseError: CancelSessionResponseErrors.invalidTransactionId,
    });
  }
  card.session = undefined;
  // smdpOid is "the SM-DP+ OID as contained in CERT.DPauth.ECDSA" (SGP.22 5.7.14): a certificate without one
  // (which SGP.22 4.5.2.1.0.4 does not allow, yet AuthenticateServer does not check) leaves nothing true to
  // sign, so the session ends unsigned with undefinedError rather than naming an SM-DP+ that was not there.
  const smdpOid = session.serverCertificate.subjectAltName.registeredIds[0];
  if (smdpOid === undefined)
    return CancelSessionResponse.encode({
      cancelSessionResponseError: CancelSessionResponseErrors.undefinedError,
    });
  const signed = EuiccCancelSessionSigned.encode({
    transactionId: request.transactionId,
    smdpOid,
    reason: request.reason,
  });
  return CancelSessionResponse.encode({
    cancelSessionResponseOk: {
      euiccCancelSessionSigned: EuiccCancelSessionSigned.decode(signed),
      euiccCancelSessionSignature: ecdsaSign(card.privateKey, signed),
    },
  });
}
