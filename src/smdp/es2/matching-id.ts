/** MatchingIDs the SM-DP+ makes for ES2+.ConfirmOrder (SGP.22 4.1: upper-case letters, digits and '-'). */
import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Four groups of five: 100 bits of randomness, easy to read aloud or type from a printed code. */
export function newMatchingId(): string {
  const group = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}

export const MATCHING_ID = /^[0-9A-Z-]{1,64}$/;
