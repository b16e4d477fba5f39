/**
 * Random bytes from node:crypto's CSPRNG (OpenSSL's DRBG), drawn 4 KB at a time. Each node:crypto
 * randomBytes call costs several microseconds however few bytes it returns (a job object and a DRBG
 * lookup per call), and every download draws three 16-byte values (transactionId, serverChallenge,
 * hostId). Each byte is handed out once and never again, as node:crypto does for its own randomUUID.
 */
import { randomBytes as drawFromCsprng } from 'node:crypto';

const POOL_SIZE = 4096;
/** Larger requests go to the CSPRNG directly. */
const LARGEST_FROM_POOL = 256;

let pool = Buffer.alloc(0);
let used = 0;

export function randomBytes(length: number): Buffer {
  if (length > LARGEST_FROM_POOL) return drawFromCsprng(length);
  if (used + length > pool.length) {
    pool = drawFromCsprng(POOL_SIZE);
    used = 0;
  }
  // A copy: a caller that keeps its bytes does not keep the pool alive.
  const bytes = Buffer.from(pool.subarray(used, used + length));
  used += length;
  return bytes;
}
