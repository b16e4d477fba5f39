/** ANSI X9.63 key derivation with SHA-256 (BSI TR-03111 4.3.3), as SGP.22 2.6.6.2 uses it. */
import { createHash } from 'node:crypto';

export function x963Kdf(sharedSecret: Buffer, sharedInfo: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  const counter = Buffer.alloc(4);
  for (let i = 1, produced = 0; produced < length; i++, produced += 32) {
    counter.writeUInt32BE(i);
    blocks.push(createHash('sha256').update(sharedSecret).update(counter).update(sharedInfo).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}
