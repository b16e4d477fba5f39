/** ES10b.AuthenticateServer (SGP.22 5.7.13): the eUICC authenticates the SM-DP+ and signs euiccSigned1. */
import {
  AuthenticateErrorCodes,
  AuthenticateServerRequest,
  AuthenticateServerResponse,
  EuiccSigned1,
} from '../../asn1/rsp/index.ts';
import { derOf } from '../../asn1/schema.ts';
import { ecdsaSign, ecdsaVerify } from '../../crypto/ecdsa.ts';
import type { ParsedCertificate } from '../../pki/certificate.ts';
import { CertificateCheckError } from '../../pki/errors.ts';
import { verifyServerCertificate } from '../../pki/verify-server-certificate.ts';
import type { CardContext } from '../card-context.ts';
import { euiccInfo2 } from './euicc-information.ts';
import { Es10FunctionError } from './function-error.ts';

type ErrorName = keyof typeof AuthenticateErrorCodes;

const refuse = (code: ErrorName) => new Es10FunctionError<ErrorName>(code);

export function authenticateServer(card: CardContext, requestDer: Buffer): Buffer {
  const request = AuthenticateServerRequest.decode(requestDer);
  const transactionId = request.serverSigned1.transactionId;
  card.session = undefined;
  try {
    // Step 1: CERT.DPauth.ECDSA (an SM-DP+) or CERT.DSauth.ECDSA (an SM-DS, ES11) under the CI the server
    // names, which must be one we verify with.
    let serverCertificate: ParsedCertificate;
    try {
      serverCertificate = verifyServerCertificate(
        request.serverCertificate,
        ['dp-auth', 'ds-auth'],
        card.trustedCis,
        undefined,
        {
          ciPkId: request.euiccCiPKIdToBeUsed,
        },
      );
    } catch (error) {
      if (error instanceof CertificateCheckError) throw refuse(error.reason);
      throw error;
    }
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
    if (!(error instanceof Es10FunctionError)) throw error;
    return AuthenticateServerResponse.encode({
      authenticateResponseError: {
        transactionId,
        authenticateErrorCode: AuthenticateErrorCodes[error.code as ErrorName],
      },
    });
  }
}
