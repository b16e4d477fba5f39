import { randomInt } from 'node:crypto';

/**
 * EIDs (eUICC identifiers, GSMA SGP.29; SGP.22 4.5.2.1.0.3 puts one in the eUICC certificate's subject
 * serialNumber): 32 decimal digits whose last two are check digits computed as for ISO 7064 MOD 97-10,
 * like an IBAN: the whole 32-digit number modulo 97 equals 1.
 *
 * The SM-DP+ does not require valid check digits when it verifies an eUICC chain (SGP.22 5.6.3 only asks
 * for the EID to lie in the EUM's range; SGP.26's CERT_EUICC_ECDSA_NIST_UNMATCHED_EID has bad ones and must
 * pass), so these helpers are for making EIDs and for diagnostics.
 */

const EID_LENGTH = 32;

const DIGITS = /^[0-9]+$/;

/** The number a string of digits stands for, modulo 97 (digit by digit: no precision limit). */
function mod97(digits: string): number {
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  return remainder;
}

/** The two check digits for the first 30 digits of an EID. */
export function eidCheckDigits(first30: string): string {
  if (first30.length !== EID_LENGTH - 2 || !DIGITS.test(first30)) {
    throw new RangeError('an EID body is 30 decimal digits');
  }
  return String(98 - mod97(`${first30}00`)).padStart(2, '0');
}

/** 32 decimal digits with correct check digits. */
export function isValidEid(eid: string): boolean {
  return eid.length === EID_LENGTH && DIGITS.test(eid) && mod97(eid) === 1;
}

/** 32 decimal digits, whatever the check digits. */
export function isEidShaped(eid: string): boolean {
  return eid.length === EID_LENGTH && DIGITS.test(eid);
}

/** An EID prefix (an EUM's range, SGP.22 4.5.2.1.0.2) is 1 to 30 decimal digits. */
export function isEidPrefix(prefix: string): boolean {
  return prefix.length >= 1 && prefix.length <= EID_LENGTH - 2 && DIGITS.test(prefix);
}

/** True if the EID lies in the range of an EUM whose name constraints permit `prefix`. */
export function eidInRange(eid: string, prefix: string): boolean {
  return isEidShaped(eid) && eid.startsWith(prefix);
}

/** A fresh random EID starting with `prefix`, with correct check digits. */
export function randomEid(prefix: string): string {
  if (!isEidPrefix(prefix)) throw new RangeError(`EID prefix must be 1 to 30 digits, got "${prefix}"`);
  let body = prefix;
  while (body.length < EID_LENGTH - 2) body += String(randomInt(10));
  return body + eidCheckDigits(body);
}
