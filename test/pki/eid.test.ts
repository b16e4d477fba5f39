import { describe, expect, it } from 'vitest';
import {
  eidCheckDigits,
  eidInRange,
  isEidPrefix,
  isEidShaped,
  isValidEid,
  randomEid,
} from '../../src/pki/eid.ts';
import { SAMPLE_EID } from './sgp26.ts';

describe('EID check digits (ISO 7064 MOD 97-10: the 32-digit number mod 97 is 1)', () => {
  it('computes the check digits of the SGP.26 sample EID', () => {
    expect(eidCheckDigits(SAMPLE_EID.slice(0, 30))).toBe('35');
    expect(isValidEid(SAMPLE_EID)).toBe(true);
  });

  it('knows the SGP.26 invalid/ EIDs have wrong check digits', () => {
    expect(isValidEid('89049033123451234512345678901234')).toBe(false); // INVALID_EID (mod 97 = 75)
    expect(isValidEid('89049032123451234512345678901299')).toBe(false); // UNMATCHED_EID (mod 97 = 65)
    expect(isEidShaped('89049032123451234512345678901299')).toBe(true);
  });

  it('pads check digits below 10 with a zero', () => {
    // Find a body whose check number is a single digit and make sure it is written as two.
    let body = '890490320000000000000000000000';
    for (let i = 0; i < 200 && Number(eidCheckDigits(body)) >= 10; i++) {
      body = (BigInt(body) + 1n).toString().padStart(30, '0');
    }
    const check = eidCheckDigits(body);
    expect(check).toHaveLength(2);
    expect(Number(check)).toBeLessThan(10);
    expect(isValidEid(body + check)).toBe(true);
  });

  it('rejects malformed input', () => {
    expect(() => eidCheckDigits('123')).toThrow(RangeError);
    expect(() => eidCheckDigits('89049032123451234512345678901a')).toThrow(RangeError);
    expect(isValidEid(SAMPLE_EID.slice(1))).toBe(false);
    expect(isValidEid(`${SAMPLE_EID.slice(0, 31)}x`)).toBe(false);
  });

  it('makes random EIDs inside a prefix, with valid check digits', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const eid = randomEid('89049032');
      expect(eid).toHaveLength(32);
      expect(eid.startsWith('89049032')).toBe(true);
      expect(isValidEid(eid)).toBe(true);
      seen.add(eid);
    }
    expect(seen.size).toBe(50);
    expect(isValidEid(randomEid('8904903212345123451234567890'))).toBe(true); // 28-digit prefix
    expect(() => randomEid('')).toThrow(RangeError);
    expect(() => randomEid('8'.repeat(31))).toThrow(RangeError);
  });

  it('checks EUM ranges by prefix', () => {
    expect(eidInRange(SAMPLE_EID, '89049032')).toBe(true);
    expect(eidInRange('89049033123451234512345678901234', '89049032')).toBe(false);
    expect(eidInRange('8904903212', '89049032')).toBe(false);
    expect(isEidPrefix('89049032')).toBe(true);
    expect(isEidPrefix('89a')).toBe(false);
  });
});
