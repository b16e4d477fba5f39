/** ES10b.CancelSession (SGP.22 5.7.14): end the RSP session with a signed reason for the SM-DP+. */
import {
  CancelSessionRequest,
  CancelSessionResponse,
  EuiccCancelSessionSigned,
} from '../../asn1/rsp/index.ts';
import { ecdsaSign } from '../../crypto/ecdsa.ts';
import type { CardContext } from '../card-context.ts';

export function cancelSession(card: CardContext, requestDer: Buffer): Buffer {
  const request = CancelSessionRequest.decode(requestDer);
  const session = card.session;
  if (!session?.transactionId.equals(request.transactionId)) {
    return CancelSessionResponse.encode({ cancelSessionResponseError: 5 });
  }
  card.session = undefined;
  const signed = EuiccCancelSessionSigned.encode({
    transactionId: request.transactionId,
    // The SM-DP+ OID as in CERT.DPauth (its subjectAltName registeredID).
    smdpOid: session.serverCertificate.subjectAltName.registeredIds[0] ?? '2.999.10',
    reason: request.reason,
  });
  return CancelSessionResponse.encode({
    cancelSessionResponseOk: {
      euiccCancelSessionSigned: EuiccCancelSessionSigned.decode(signed),
      euiccCancelSessionSignature: ecdsaSign(card.privateKey, signed),
    },
  });
}
