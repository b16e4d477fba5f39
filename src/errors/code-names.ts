/**
 * The names of SGP.22's subject codes and reason codes: the two tables every statusCodeData pair is read
 * against (SGP.22 v2.x/v3 agree on every code listed). Written as data from shared/reference/sgp22-code-names.tsv
 * (a test compares the two); a public copy of the reason-code table (the errors section of an LAA ↔ SAM SM
 * protocol document, "as defined in SGP22") lists the same reasons with the same names. Codes are strings: reason
 * "3.10" (Invalid Association) is not "3.1" (Unsupported).
 *
 * Printed codes always carry their names: codeLabel('8.1', '6.1') is "8.1/6.1 eUICC – Verification Failed".
 */

/** Subject codes: what the status is about. */
export const SUBJECT_CODE_NAMES: Readonly<Record<string, string>> = {
  '1': 'Generic',
  '1.1': 'Function Requester',
  '1.2': 'Function Provider',
  '1.3': 'Protocol',
  '1.3.1': 'Protocol Format',
  '1.3.2': 'Protocol Version',
  '1.6': 'Function',
  '8': 'eUICC Remote Provisioning',
  '8.1': 'eUICC',
  '8.1.1': 'EID',
  '8.1.2': 'EUM Certificate',
  '8.1.3': 'eUICC Certificate',
  '8.2': 'Profile',
  '8.2.1': 'Profile ICCID',
  '8.2.5': 'Profile Type',
  '8.2.6': 'Matching ID',
  '8.2.7': 'Confirmation Code',
  '8.2.8': 'PPR',
  '8.2.9': 'Profile Metadata',
  '8.2.10': 'Bound Profile Package',
  '8.8': 'SM-DP+',
  '8.8.1': 'SM-DP+ Address',
  '8.8.2': 'Security configuration',
  '8.8.3': 'Specification Version Number (SVN)',
  '8.8.4': 'SM-DP+ Certificate',
  '8.8.5': 'Download order',
  '8.9': 'SM-DS',
  '8.9.1': 'SM-DS Address',
  '8.9.2': 'Security configuration',
  '8.9.3': 'Specification Version Number (SVN)',
  '8.9.4': 'SM-DS Certificate',
  '8.9.5': 'Event Record',
  '8.10': 'RSP Operation',
  '8.10.1': 'TransactionId',
  '8.11': 'eSIM CA',
  '8.11.1': 'Public Key (PK)',
};

/** Reason codes: what went wrong with it. */
export const REASON_CODE_NAMES: Readonly<Record<string, string>> = {
  '1': 'Access Error',
  '1.1': 'Unknown (Identification or Authentication)',
  '1.2': 'Not Allowed (Authorisation)',
  '2': 'Format Error',
  '2.1': 'Invalid',
  '2.2': 'Mandatory Element Missing',
  '2.3': 'Conditional Element Missing',
  '3': 'Conditions of Use Not Satisfied',
  '3.1': 'Unsupported',
  '3.3': 'Already in Use (Uniqueness)',
  '3.5': 'Invalid transition',
  '3.7': 'Unavailable',
  '3.8': 'Refused',
  '3.9': 'Unknown',
  '3.10': 'Invalid Association',
  '3.11': 'Value has Changed',
  '3.12': 'Invalid Match',
  '4': 'Processing Error',
  '4.2': 'Execution Error',
  '4.3': 'Stopped on Warning',
  '4.8': 'Insufficient Memory',
  '4.10': 'Time to Live Expired',
  '5': 'Transport Error',
  '5.1': 'Inaccessible',
  '6': 'Security Error',
  '6.1': 'Verification Failed',
  '6.3': 'Expired',
  '6.4': 'Maximum number of attempts exceeded',
};

const nameOf = (table: Readonly<Record<string, string>>, code: string): string | undefined =>
  Object.hasOwn(table, code) ? table[code] : undefined;

export const subjectCodeName = (code: string): string | undefined => nameOf(SUBJECT_CODE_NAMES, code);
export const reasonCodeName = (code: string): string | undefined => nameOf(REASON_CODE_NAMES, code);

/**
 * A pair as it is printed everywhere: "8.1/6.1 eUICC – Verification Failed"; a code SGP.22's tables do not
 * name is said to be so ("1.2.2/2.1 subject not in SGP.22 tables – Invalid"), never left bare.
 */
export function codeLabel(subjectCode: string, reasonCode: string): string {
  const subject = subjectCodeName(subjectCode) ?? 'subject not in SGP.22 tables';
  const reason = reasonCodeName(reasonCode) ?? 'reason not in SGP.22 tables';
  return `${subjectCode}/${reasonCode} ${subject} – ${reason}`;
}
