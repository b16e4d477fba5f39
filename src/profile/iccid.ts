/** ICCID coding (ITU-T E.118; EF.ICCID in ETSI TS 102 221 13.2): BCD with swapped nibbles, padded with F. */

export function iccidToDigits(coded: Buffer): string {
  let digits = '';
  for (const byte of coded) digits += (byte & 0x0f).toString(16) + (byte >> 4).toString(16);
  return digits.replace(/f+$/i, '').toUpperCase();
}

export function iccidFromDigits(digits: string): Buffer {
  if (!/^\d{18,20}$/.test(digits)) throw new RangeError(`ICCID must be 18 to 20 digits: ${digits}`);
  const padded = digits.padEnd(20, 'F');
  const out = Buffer.alloc(10);
  for (let i = 0; i < 10; i++) out[i] = Number.parseInt(padded.charAt(2 * i + 1) + padded.charAt(2 * i), 16);
  return out;
}

/**
 * The SAIP ProfileHeader carries the ICCID as plain BCD, not nibble-swapped as EF.ICCID and SGP.22's Iccid
 * type are (the SM-DP+ swaps it into StoreMetadata).
 */
export function iccidFromProfileHeader(plain: Buffer): string {
  return plain.toString('hex').replace(/f+$/i, '').toUpperCase();
}

/** The Luhn check digit of a digit string (ISO/IEC 7812-1 Annex B; E.118 ends an ICCID with it). */
export function luhnCheckDigit(digits: string): string {
  let sum = 0;
  [...digits].reverse().forEach((d, i) => {
    const n = Number(d) * (i % 2 === 0 ? 2 : 1);
    sum += n > 9 ? n - 9 : n;
  });
  return String((10 - (sum % 10)) % 10);
}
