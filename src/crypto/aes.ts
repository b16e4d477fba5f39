/** AES-128 building blocks of SCP03 (GlobalPlatform Amd D) through node:crypto. */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { BspError } from './bsp-error.ts';

const BLOCK = 16;

const ZERO_BLOCK = Buffer.alloc(BLOCK);

function cbcCipher(key: Buffer) {
  const cipher = createCipheriv('aes-128-cbc', key, ZERO_BLOCK);
  cipher.setAutoPadding(false);
  return cipher;
}

function aesEcbEncryptBlock(key: Buffer, block: Buffer): Buffer {
  // One block under a zero IV: CBC and ECB agree.
  return cbcCipher(key).update(block);
}

/**
 * AES-CBC under one key for a run of messages, through one node:crypto cipher. Creating a cipher costs more
 * than encrypting a 1 KB segment, and SCP03t encrypts and MACs every segment from a fresh IV. CBC computes
 * C = E(previous C XOR P), and a cipher that goes on carries the last ciphertext block as the next IV; so a
 * message meant to start from a zero IV starts here with its first block XORed with that last block, and
 * the output is the same as from a fresh cipher.
 */
export class ContinuedCbc {
  readonly #cipher;
  #last: Buffer = ZERO_BLOCK;

  constructor(key: Buffer) {
    this.#cipher = cbcCipher(key);
  }

  /** The CBC encryption of `blocks` (whole blocks) from a zero IV. Overwrites the first block of `blocks`. */
  encryptFromZeroIv(blocks: Buffer): Buffer {
    // A partial block would stay inside the cipher and shift every later output.
    if (blocks.length === 0 || blocks.length % BLOCK !== 0) throw new RangeError('not whole AES blocks');
    xorInto(blocks, 0, this.#last);
    const out = this.#cipher.update(blocks);
    this.#last = out.subarray(out.length - BLOCK);
    return out;
  }
}

export function aesCbcDecrypt(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const decipher = createDecipheriv('aes-128-cbc', key, iv);
  decipher.setAutoPadding(false);
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

/**
 * ISO/IEC 9797-1 padding method 2 of the parts one after the other: 0x80, then zeros to a whole number of
 * blocks; `room` free bytes in front (written by the caller).
 */
export function pad80(data: Buffer | readonly Buffer[], room = 0): Buffer {
  const parts = Buffer.isBuffer(data) ? [data] : data;
  let length = 0;
  for (const part of parts) length += part.length;
  const out = Buffer.allocUnsafe(room + length + BLOCK - (length % BLOCK));
  let offset = room;
  for (const part of parts) offset += part.copy(out, offset);
  out[offset] = 0x80;
  out.fill(0, offset + 1);
  return out;
}

/** Strict removal of method-2 padding: the last non-zero byte must be 0x80 within the last block. */
export function unpad80(data: Buffer): Buffer {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0 && data.length - i <= BLOCK) i--;
  if (i < 0 || data[i] !== 0x80 || data.length - i > BLOCK)
    throw new BspError('padding', 'bad ISO 9797-1 method 2 padding');
  return data.subarray(0, i);
}

/** XORs `mask` into `target` from `offset` on (every index checked by readUInt8). */
function xorInto(target: Buffer, offset: number, mask: Buffer): void {
  for (let i = 0; i < mask.length; i++) target[offset + i] = target.readUInt8(offset + i) ^ mask.readUInt8(i);
}

/** Doubling in GF(2^128) for the CMAC subkeys (NIST SP 800-38B 6.1). */
function double(block: Buffer): Buffer {
  const out = Buffer.alloc(BLOCK);
  for (let i = 0; i < BLOCK; i++)
    out[i] = ((block.readUInt8(i) << 1) & 0xff) | (i + 1 < BLOCK ? block.readUInt8(i + 1) >> 7 : 0);
  if (block.readUInt8(0) & 0x80) out[BLOCK - 1] = out.readUInt8(BLOCK - 1) ^ 0x87;
  return out;
}

/** The CMAC subkeys K1, K2 of a key (NIST SP 800-38B 6.1), kept while the key Buffer lives. */
const subkeys = new WeakMap<Buffer, readonly [Buffer, Buffer]>();

function subkeysOf(key: Buffer): readonly [Buffer, Buffer] {
  let pair = subkeys.get(key);
  if (!pair) {
    const k1 = double(aesEcbEncryptBlock(key, ZERO_BLOCK));
    pair = [k1, double(k1)];
    subkeys.set(key, pair);
  }
  return pair;
}

/**
 * The blocks CMAC encrypts (NIST SP 800-38B 6.2): the message, padded unless it is whole blocks, its last
 * block masked with K1 (whole) or K2 (padded). The tag is the last block of their CBC encryption.
 */
export function cmacBlocks(key: Buffer, message: readonly Buffer[]): Buffer {
  const [k1, k2] = subkeysOf(key);
  let length = 0;
  for (const part of message) length += part.length;
  const complete = length > 0 && length % BLOCK === 0;
  const blocks = complete ? Buffer.concat(message as Buffer[], length) : pad80(message);
  const subkey = complete ? k1 : k2;
  const last = blocks.length - BLOCK;
  xorInto(blocks, last, subkey);
  return blocks;
}

/** AES-CMAC (NIST SP 800-38B), full 16-byte tag. */
export function aesCmac(key: Buffer, message: Buffer): Buffer {
  return Buffer.from(
    cbcCipher(key)
      .update(cmacBlocks(key, [message]))
      .subarray(-BLOCK),
  );
}
