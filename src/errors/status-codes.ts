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
  // Generic function-level codes of SGP.22 5.6 / 5.3 (SGP.22 5.6.x "Common" table).
  missingInput: code('1.2', '2.1', 'Mandatory Element Missing'),
  invalidInput: code('1.2', '2.2', 'Conditional Element Missing'),
  badInput: code('1.6', '3.8', 'Function - Invalid function input'), // malformed JSON / base64 / DER
  unsupportedProtocolVersion: code('1.2.1', '1.5', 'Function Provider - Unsupported Protocol Version'),
  unknownFunction: code('1.6', '3.1', 'Function - Unknown function'),
  executionError: code('1.2', '4.2', 'Function Provider - Execution Error'),
  // ES2+ over mutual TLS: a client certificate that does not chain to a trusted operator CA (SGP.22 5.2.6).
  requesterUnknown: code('1.1', '1.1', 'Function Requester - Unknown (Identification or Authentication)'),

  // eUICC and certificates (SGP.22 5.6.2 authenticateClient, 5.6.5 cancelSession, 5.6.4 handleNotification)
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

  // Profile (SGP.22 5.3 ES2+, 5.6.2)
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

  // SM-DP+ (SGP.22 5.6.1 initiateAuthentication, 5.6.3 getBoundProfilePackage)
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

  // Session and CI (SGP.22 5.6.2 .. 5.6.5)
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
