/** ES10b.AuthenticateServer (SGP.22 5.7.13): the eUICC authenticates the SM-DP+ and signs euiccSigned1. */
import {
  AuthenticateErrorCodes,
  AuthenticateServerRequest,
  AuthenticateServerResponse,
  EuiccSigned1,
} from '../../asn1/rsp/index.ts';
import { derOf } from '../../asn1/schema.ts';
import { ecdsaSign, ecdsaVerify } from '../../crypto/ecdsa.ts';
import type { CardContext } from '../card-context.ts';
import { euiccInfo2 } from './euicc-information.ts';
import { Es10FunctionError, refusalCode } from './function-error.ts';
import { checkServerCertificate } from './server-certificate.ts';

type ErrorName = keyof typeof AuthenticateErrorCodes;

const refuse = (code: ErrorName) => new Es10FunctionError<ErrorName>(code);

/** The AuthenticateServerResponse refusing the session (SGP.22 5.7.13): the error code as its number. */
export const authenticateResponseError = (transactionId: Buffer, authenticateErrorCode: number): Buffer =>
  AuthenticateServerResponse.encode({ authenticateResponseError: { transactionId, authenticateErrorCode } });

export function authenticateServer(card: CardContext, requestDer: Buffer): Buffer {
  const request = AuthenticateServerRequest.decode(requestDer);
  const transactionId = request.serverSigned1.transactionId;
  card.session = undefined;
  try {
    // Step 1: CERT.DPauth.ECDSA (an SM-DP+) or CERT.DSauth.ECDSA (an SM-DS, ES11) under the CI the server
    // names, which must be one we verify with.
    const serverCertificate = checkServerCertificate(
      card,
      request.serverCertificate,
      ['dp-auth', 'ds-auth'],
      request.euiccCiPKIdToBeUsed,
      (reason) => reason,
    );
    // Step 2: serverSignature1 over serverSigned1, exactly as received.
    const signedBytes = derOf(request.serverSigned1);
    if (!ecdsaVerify(serverCertificate.publicKey, signedBytes, request.serverSignature1)) {
      throw refuse('invalidSignature');
    }
    // Step 3: the challenge must be the one this eUICC gave out, once.
    const challenge = card.euiccChallenge;
    card.euiccChallenge = undefined;
    if (!challenge?.equals(request.serverSigned1.euiccChallenge)) throw refuse('euiccChallengeMismatch');
    // Step 4: the eUICC signs with the key under the CI the server asked for.
    if (!request.euiccCiPKIdToBeUsed.equals(card.signingCiPkid)) throw refuse('ciPKUnknown');
    const euiccSigned1 = EuiccSigned1.encode({
      transactionId,
      serverAddress: request.serverSigned1.serverAddress,
      serverChallenge: request.serverSigned1.serverChallenge,
      euiccInfo2: euiccInfo2(card),
      ctxParams1: request.ctxParams1,
    });
    const euiccSignature1 = ecdsaSign(card.privateKey, euiccSigned1);
    card.session = {
      transactionId,
      serverAddress: request.serverSigned1.serverAddress,
      serverCertificate,
      euiccSignature1,
    };
    return AuthenticateServerResponse.encode({
      authenticateResponseOk: {
        euiccSigned1: EuiccSigned1.decode(euiccSigned1),
        euiccSignature1,
        euiccCertificate: card.euiccCertificate,
        eumCertificate: card.eumCertificate,
      },
    });
  } catch (error) {
    return authenticateResponseError(transactionId, AuthenticateErrorCodes[refusalCode<ErrorName>(error)]);
  }
}
