/**
 * What the negative cases change in what a genuine device sends: one field made wrong, everything else as
 * the eUICC and the LPA made it, so that the SM-DP+'s answer is about that field alone.
 */
import { randomBytes } from 'node:crypto';
import type { Tamper } from './test-device.ts';

/** The request names a transactionId the SM-DP+ never gave out: SGP.22 8.10.1/3.9 is expected. */
export const unknownTransactionId: Tamper = (body) => ({
  ...body,
  transactionId: randomBytes(16).toString('hex').toUpperCase(),
});

/** A copy of the octets (a signature, a BPP) with one bit changed at `index` (from the end when negative). */
export function flippedBit(octets: Uint8Array, index: number): Buffer {
  const copy = Buffer.from(octets);
  const at = index < 0 ? copy.length + index : index;
  copy[at] = copy.readUInt8(at) ^ 0x01;
  return copy;
}
