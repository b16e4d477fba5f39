/**
 * The ES11 functions (SGP.22 5.8, JSON binding 6.5.2.6 / 6.5.2.7) the SM-DS serves to LPAs, declared as the
 * ES9+ ones are (json-functions.ts): the same common mutual authentication with CERT.DSauth and the SM-DS's
 * codes (8.9.x), and AuthenticateClient answering the eUICC's Event Records.
 */
import { signature, subjectKeyIdentifier } from '../asn1/rsp/common.ts';
import { AuthenticateServerResponse, EUICCInfo1, ServerSigned1 } from '../asn1/rsp/index.ts';
import {
  COMMON_STATUS_CODES as COMMON,
  EUICC_CHAIN_STATUS_CODES as EUICC_CHAIN,
} from '../errors/status-codes.ts';
import {
  type AnswerOf,
  certificate,
  declare,
  der,
  type JsonFunctionDeclaration,
  json,
  namesOf,
  octets,
  optional,
  type RequestOf,
  type ResponseOf,
  text,
  transactionId,
} from './json-functions.ts';

export const Es11Functions = {
  // SGP.22 5.8.1. lpac, and the SM-DSes it works with, carry the SM-DS address in smdpAddress.
  initiateAuthentication: declare({
    request: {
      euiccChallenge: octets,
      euiccInfo1: der(EUICCInfo1),
      smdpAddress: optional(text),
      smdsAddress: optional(text),
    },
    response: {
      transactionId,
      serverSigned1: der(ServerSigned1),
      serverSignature1: der(signature()),
      euiccCiPKIdToBeUsed: der(subjectKeyIdentifier()),
      serverCertificate: certificate,
    },
    statusCodes: [
      ...COMMON,
      'smdsAddressInvalid',
      'smdsVersionNotSupported',
      'smdsCiPKIdNotSupported',
      'noDsAuthCertificate',
    ],
    steps: [
      'readRequest',
      'checkSmdsAddress',
      'checkSpecificationVersion',
      'selectCertificateIssuer',
      'openSession',
      'signServerSigned1',
      'respond',
    ],
    answerStep: 'respond',
    unscopedSteps: 'all',
  }),
  // SGP.22 5.8.2
  authenticateClient: declare({
    request: { transactionId, authenticateServerResponse: der(AuthenticateServerResponse) },
    response: { transactionId, eventEntries: json },
    statusCodes: [...COMMON, ...EUICC_CHAIN, 'transactionIdUnknown', 'smdsAddressInvalid', 'eventIdUnknown'],
    steps: [
      'readRequest',
      'findSession',
      'checkEuiccAnswer',
      'authenticateEuicc',
      'findEvents',
      'closeSession',
      'respond',
    ],
    answerStep: 'respond',
    unscopedSteps: ['readRequest', 'findSession', 'checkEuiccAnswer'],
  }),
} as const satisfies Record<string, JsonFunctionDeclaration>;

export type Es11FunctionName = keyof typeof Es11Functions;
export const ES11_FUNCTION_NAMES = namesOf(Es11Functions);
export type Es11Request<F extends Es11FunctionName> = RequestOf<(typeof Es11Functions)[F]>;
export type Es11Response<F extends Es11FunctionName> = ResponseOf<(typeof Es11Functions)[F]>;
export type Es11Answer<F extends Es11FunctionName> = AnswerOf<(typeof Es11Functions)[F]>;
export type Es11StepName<F extends Es11FunctionName> = (typeof Es11Functions)[F]['steps'][number];
