/**
 * The ES9+ functions (SGP.22 5.6, JSON binding 6.5.2), each declared once: its request and response fields
 * with what each carries, its status codes (its table in 5.6.1 .. 5.6.5, see sgp22-status-codes.tsv, plus
 * the common ones and any other code this server's steps raise there) and the steps the SM-DP+ runs it as.
 * The SM-DP+'s routes, the LPA's client, the session trace, the test-lab scenarios and the fuzz tests read
 * this table: a new ES9+ function is one entry here plus its steps in src/smdp/es9/.
 */
import { signature, subjectKeyIdentifier } from '../asn1/rsp/common.ts';
import {
  AuthenticateServerResponse,
  BoundProfilePackage,
  CancelSessionResponse,
  EUICCInfo1,
  PendingNotification,
  PrepareDownloadResponse,
  ServerSigned1,
  SmdpSigned2,
  StoreMetadataRequest,
} from '../asn1/rsp/index.ts';
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
  namesOf,
  octets,
  type RequestOf,
  type ResponseOf,
  text,
  transactionId,
} from './json-functions.ts';

export const Es9Functions = {
  // SGP.22 5.6.1, 6.5.2.1
  initiateAuthentication: declare({
    request: { euiccChallenge: octets, euiccInfo1: der(EUICCInfo1), smdpAddress: text },
    response: {
      transactionId,
      serverSigned1: der(ServerSigned1),
      serverSignature1: der(signature()),
      euiccCiPKIdToBeUsed: der(subjectKeyIdentifier()),
      serverCertificate: certificate,
    },
    statusCodes: [
      ...COMMON,
      'smdpAddressInvalid',
      'euiccVersionNotSupported',
      'ciPKIdNotSupported',
      'noDpAuthCertificate',
    ],
    steps: [
      'readRequest',
      'checkSmdpAddress',
      'checkSpecificationVersion',
      'selectCertificateIssuer',
      'openSession',
      'signServerSigned1',
      'respond',
    ],
    answerStep: 'respond',
    // Nothing in the request says which order or eUICC it is.
    unscopedSteps: 'all',
  }),
  // SGP.22 5.6.3, 6.5.2.2
  authenticateClient: declare({
    request: { transactionId, authenticateServerResponse: der(AuthenticateServerResponse) },
    response: {
      transactionId,
      profileMetadata: der(StoreMetadataRequest),
      smdpSigned2: der(SmdpSigned2),
      smdpSignature2: der(signature()),
      smdpCertificate: certificate,
    },
    statusCodes: [
      ...COMMON,
      ...EUICC_CHAIN,
      'transactionIdUnknown',
      'smdpAddressInvalid',
      'matchingIdRefused',
      'eidMissing',
      'eidMismatch',
      'noEligibleProfile',
      'profileNotReleased',
      'iccidNotAvailable',
      'euiccInsufficientMemory',
      'downloadOrderExpired',
      'downloadOrderRetriesExceeded',
    ],
    steps: [
      'readRequest',
      'findSession',
      'checkEuiccAnswer',
      'verifyEuiccCertificates',
      'verifyEuiccSignature1',
      'checkSignedData',
      'findProfile',
      'checkEidBinding',
      'checkProfileState',
      'checkOrderLifetime',
      'checkEligibility',
      'countDownloadAttempt',
      'findEarlierBinding',
      'signSmdpSigned2',
      'saveSession',
      'respond',
    ],
    answerStep: 'respond',
    unscopedSteps: ['readRequest', 'findSession', 'checkEuiccAnswer'],
  }),
  // SGP.22 5.6.2, 6.5.2.3
  getBoundProfilePackage: declare({
    request: { transactionId, prepareDownloadResponse: der(PrepareDownloadResponse) },
    response: { transactionId, boundProfilePackage: der(BoundProfilePackage) },
    statusCodes: [
      ...COMMON,
      'euiccSignatureInvalid',
      'transactionIdUnknown',
      'iccidNotAvailable',
      'downloadOrderExpired',
      'downloadOrderRetriesExceeded',
      'confirmationCodeMissing',
      'confirmationCodeRefused',
      'confirmationCodeRetriesExceeded',
      'bppNotAvailable',
    ],
    steps: [
      'readRequest',
      'findSession',
      'checkEuiccAnswer',
      'verifyEuiccSignature2',
      'reuseBinding',
      'loadProfile',
      'checkOrderLifetime',
      'verifyConfirmationCode',
      'claimProfile',
      'reuseEarlierBinding',
      'bindProfilePackage',
    ],
    answerStep: 'bindProfilePackage',
    unscopedSteps: ['readRequest', 'findSession'],
  }),
  // SGP.22 5.6.4, 6.5.2.4: answered with HTTP 204.
  handleNotification: declare({
    request: { pendingNotification: der(PendingNotification) },
    response: 'noContent',
    statusCodes: [...COMMON, ...EUICC_CHAIN, 'transactionIdUnknown'],
    steps: ['readRequest', 'applyNotification'],
    answerStep: 'applyNotification',
    // A notification names no order the scenario could be limited to.
    unscopedSteps: 'all',
  }),
  // SGP.22 5.6.5, 6.5.2.5
  cancelSession: declare({
    request: { transactionId, cancelSessionResponse: der(CancelSessionResponse) },
    response: {},
    statusCodes: [...COMMON, 'transactionIdUnknown', 'euiccSignatureInvalid', 'smdpOidInvalid'],
    steps: [
      'readRequest',
      'findSession',
      'verifyEuiccSignature',
      'checkUnsignedAnswer',
      'releaseProfile',
      'closeSession',
    ],
    answerStep: 'closeSession',
    unscopedSteps: ['readRequest', 'findSession'],
  }),
} as const satisfies Record<string, JsonFunctionDeclaration>;

export type Es9FunctionName = keyof typeof Es9Functions;
export const ES9_FUNCTION_NAMES = namesOf(Es9Functions);

/** A request as the LPA sends it; a field that is not declared is a type error. */
export type Es9Request<F extends Es9FunctionName> = RequestOf<(typeof Es9Functions)[F]>;
/** An answer as the SM-DP+'s steps build it (never for 204). */
export type Es9Answer<F extends Es9FunctionName> = AnswerOf<(typeof Es9Functions)[F]>;
/** An answer as the LPA receives it (undefined for 204). */
export type Es9Response<F extends Es9FunctionName> = ResponseOf<(typeof Es9Functions)[F]>;
/** The names of one function's steps, in the SM-DP+'s order. */
export type Es9StepName<F extends Es9FunctionName> = (typeof Es9Functions)[F]['steps'][number];
