/**
 * The subjectCode / reasonCode pairs an SM-DP+ answers with (SGP.22 5.3 ES2+, 5.6 ES9+, 5.8 ES11 status
 * code tables). One entry per distinct condition; the name is what the server code throws. Which codes each
 * function answers with is declared with the function (src/protocol/es9-functions.ts, es11-, es12-).
 */
export interface StatusCode {
  readonly subjectCode: string;
  readonly reasonCode: string;
  readonly message: string;
}

const code = (subjectCode: string, reasonCode: string, message: string): StatusCode => ({
  subjectCode,
  reasonCode,
  message,
});

export const StatusCodes = {
  // Generic (function-independent) codes: an input the JSON binding cannot take (SGP.22 6.5.1). SGP.22's reason
  // table has 2.1 Invalid, 2.2 Mandatory Element Missing, 2.3 Conditional Element Missing (names:
  // src/errors/code-names.ts, from shared/reference/sgp22-code-names.tsv; a public copy of the reason table in
  // an LAA ↔ SAM SM protocol document agrees); functions use 2.2 for their own missing elements (8.1.1/2.2 EID,
  // 8.2.7/2.2 Confirmation Code). The subject of an element without a subject code of its own is 1.3.1
  // Protocol Format: pySim's SM-DP+ (osmo-smdpp.py) answers 1.3.1/2.2 for a missing mandatory element of
  // ctxParams1. Until December 2026 rspsim answered 1.2/2.1 "Mandatory Element Missing" and 1.2/2.2
  // "Conditional Element Missing" (reasons shifted by one) and 1.6/3.8 for invalid input (3.8 is Refused).
  // The conformance runner accepts any subject with the right reason for these (cases/malformed-requests.ts).
  missingInput: code('1.3.1', '2.2', 'Protocol Format - Mandatory Element Missing'),
  // ES2+ DownloadOrder with neither iccid nor profileType (SGP.22 5.3.1: each is conditional).
  invalidInput: code('1.3.1', '2.3', 'Protocol Format - Conditional Element Missing'),
  // Malformed JSON, base64, DER, or a value outside its type (pySim answers reason 2.1 Invalid for a bad
  // Content-Type, 1.2.1/2.1).
  badInput: code('1.3.1', '2.1', 'Protocol Format - Invalid'),
  // An X-Admin-Protocol of another major version (SGP.22 6.5.1). 1.3.2 Protocol Version / 3.1 Unsupported
  // is the pair the name tables give for it; the former 1.2.1/1.5 has a reason in no table. pySim's SM-DP+
  // answers 1.2.2/2.1 (a subject in no table; it only refuses a header not starting "gsma/rsp/v"): the
  // runner accepts any refusal of the version and remarks on another code (cases/malformed-requests.ts).
  unsupportedProtocolVersion: code('1.3.2', '3.1', 'Protocol Version - Unsupported'),
  unknownFunction: code('1.6', '3.1', 'Function - Unsupported'),
  executionError: code('1.2', '4.2', 'Function Provider - Execution Error'),
  // ES2+ over mutual TLS: a client certificate that does not chain to a trusted operator CA (SGP.22 5.2.6).
  requesterUnknown: code('1.1', '1.1', 'Function Requester - Unknown (Identification or Authentication)'),
  // ES12: an SM-DP+ registering an event for an address its certificate does not name (SGP.22 3.6.1, 5.9.1).
  requesterNotAllowed: code('1.1', '1.2', 'Function Requester - Not Allowed (Authorisation)'),

  // eUICC and certificates (SGP.22 5.6.3 authenticateClient, 5.6.5 cancelSession, 5.6.4 handleNotification)
  euiccInsufficientMemory: code('8.1', '4.8', 'eUICC - Insufficient Memory'),
  euiccSignatureInvalid: code('8.1', '6.1', 'eUICC - Verification failed (signature or challenge)'),
  eidMissing: code('8.1.1', '2.2', 'EID - Conditional element missing'),
  eidAlreadyBound: code(
    '8.1.1',
    '3.10',
    'EID - Invalid Association: another EID is associated with this order',
  ),
  eidMismatch: code('8.1.1', '3.8', 'EID - Refused: EID differs from the one of the order'),
  eumCertificateInvalid: code('8.1.2', '6.1', 'EUM Certificate - Verification failed'),
  eumCertificateExpired: code('8.1.2', '6.3', 'EUM Certificate - Expired'),
  euiccCertificateInvalid: code('8.1.3', '6.1', 'eUICC Certificate - Verification failed'),
  euiccCertificateExpired: code('8.1.3', '6.3', 'eUICC Certificate - Expired'),

  // Profile (SGP.22 5.3 ES2+, 5.6.3)
  profileNotReleased: code('8.2', '1.2', 'Profile - Not released'),
  bppNotAvailable: code('8.2', '3.7', 'Profile - BPP not available for a new binding'),
  iccidNotAllowed: code('8.2.1', '1.2', 'Profile ICCID - Not allowed (authorisation)'),
  iccidNotAvailable: code('8.2.1', '3.3', 'Profile ICCID - Not available'),
  iccidRefused: code('8.2.1', '3.5', 'Profile ICCID - Refused: cannot be released'),
  iccidUnknown: code('8.2.1', '3.9', 'Profile ICCID - Unknown'),
  profileTypeNotAllowed: code('8.2.5', '1.2', 'Profile Type - Not allowed'),
  profileTypeExhausted: code('8.2.5', '3.7', 'Profile Type - No more profiles of this type'),
  profileTypeMismatch: code('8.2.5', '3.8', 'Profile Type - Refused: does not match the ICCID'),
  profileTypeUnknown: code('8.2.5', '3.9', 'Profile Type - Unknown'),
  noEligibleProfile: code('8.2.5', '4.3', 'Profile Type - No eligible profile for this eUICC/device'),
  matchingIdConflict: code('8.2.6', '3.3', 'MatchingID - Conflicting'),
  matchingIdRefused: code('8.2.6', '3.8', 'MatchingID - Refused'),
  matchingIdNotOfOrder: code(
    '8.2.6',
    '3.10',
    'MatchingID - Invalid Association: another matchingId is associated with this order',
  ),
  confirmationCodeMissing: code('8.2.7', '2.2', 'Confirmation Code - Mandatory element missing'),
  confirmationCodeRefused: code('8.2.7', '3.8', 'Confirmation Code - Refused'),
  confirmationCodeRetriesExceeded: code(
    '8.2.7',
    '6.4',
    'Confirmation Code - Maximum number of retries exceeded',
  ),

  // SM-DP+ (SGP.22 5.6.1 initiateAuthentication, 5.6.2 getBoundProfilePackage)
  smdpOidInvalid: code('8.8', '3.10', "SM-DP+ - Invalid Association: not this SM-DP+'s OID"),
  smdpAddressInvalid: code('8.8.1', '3.8', 'SM-DP+ Address - Refused'),
  ciPKIdNotSupported: code(
    '8.8.2',
    '3.1',
    'Security configuration - None of the proposed CI Public Key Ids is supported',
  ),
  euiccVersionNotSupported: code('8.8.3', '3.1', 'Specification Version Number - Unsupported'),
  noDpAuthCertificate: code('8.8.4', '3.7', 'Certificate - No certificate under a CI the eUICC supports'),
  downloadOrderExpired: code('8.8.5', '4.10', 'Download order - Time to Live Expired'),
  downloadOrderRetriesExceeded: code('8.8.5', '6.4', 'Download order - Maximum number of attempts exceeded'),

  // SM-DS: ES2+.ConfirmOrder with an smdsAddress (SGP.22 5.3.2), ES11 (5.8) and ES12 (5.9).
  smdsExecutionError: code('8.9', '4.2', 'SM-DS - Execution error'),
  smdsUnavailable: code('8.9', '5.1', 'SM-DS - Inaccessible'),
  smdsAddressInvalid: code('8.9.1', '3.8', 'SM-DS Address - Refused'),
  smdsCiPKIdNotSupported: code(
    '8.9.2',
    '3.1',
    'Security configuration - None of the proposed CI Public Key Ids is supported by the SM-DS',
  ),
  smdsVersionNotSupported: code('8.9.3', '3.1', 'Specification Version Number - Unsupported by the SM-DS'),
  noDsAuthCertificate: code(
    '8.9.4',
    '3.7',
    'Certificate - No SM-DS certificate under a CI the eUICC supports',
  ),
  eventDuplicate: code('8.9.5', '3.3', 'Event Record - Already exists'),
  eventIdUnknown: code('8.9.5', '3.9', 'Event Record - Unknown'),

  // Session and CI (SGP.22 5.6.3 .. 5.6.5)
  transactionIdUnknown: code('8.10.1', '3.9', 'RSP session - TransactionId unknown'),
  ciPublicKeyUnknown: code('8.11.1', '3.9', 'CI Public Key - Unknown'),
} as const satisfies Record<string, StatusCode>;

export type StatusCodeName = keyof typeof StatusCodes;

const NAME_OF_PAIR = new Map<string, StatusCodeName>(
  (Object.entries(StatusCodes) as [StatusCodeName, StatusCode][]).map(([name, status]) => [
    `${status.subjectCode}/${status.reasonCode}`,
    name,
  ]),
);

/** The name of a subjectCode/reasonCode pair a peer answered, or undefined when our table lacks the pair. */
export function statusCodeName(subjectCode: string, reasonCode: string): StatusCodeName | undefined {
  return NAME_OF_PAIR.get(`${subjectCode}/${reasonCode}`);
}

/** The codes every JSON-binding function may answer with (SGP.22 common function status codes). */
export const COMMON_STATUS_CODES: readonly StatusCodeName[] = [
  'missingInput',
  'invalidInput',
  'badInput',
  'unsupportedProtocolVersion',
  'unknownFunction',
  'executionError',
];

/** The certificate and signature checks of an eUICC chain (authenticateClient, other notifications). */
export const EUICC_CHAIN_STATUS_CODES: readonly StatusCodeName[] = [
  'eumCertificateInvalid',
  'eumCertificateExpired',
  'euiccCertificateInvalid',
  'euiccCertificateExpired',
  'ciPublicKeyUnknown',
  'euiccSignatureInvalid',
];
