/** AES-128 building blocks of SCP03 (GlobalPlatform Amd D) through node:crypto. */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { BspError } from './bsp-error.ts';

const BLOCK = 16;

function aesEcbEncryptBlock(key: Buffer, block: Buffer): Buffer {
  const cipher = createCipheriv('aes-128-ecb', key, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(block), cipher.final()]);
}

export { aesEcbEncryptBlock };

export function aesCbcEncrypt(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const cipher = createCipheriv('aes-128-cbc', key, iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

export function aesCbcDecrypt(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const decipher = createDecipheriv('aes-128-cbc', key, iv);
  decipher.setAutoPadding(false);
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

/** ISO/IEC 9797-1 padding method 2: 0x80, then zeros to a whole number of blocks. */
export function pad80(data: Buffer): Buffer {
  const padding = BLOCK - (data.length % BLOCK);
  const out = Buffer.alloc(data.length + padding);
  data.copy(out);
  out[data.length] = 0x80;
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

/** Doubling in GF(2^128) for the CMAC subkeys (NIST SP 800-38B 6.1). */
function double(block: Buffer): Buffer {
  const out = Buffer.alloc(BLOCK);
  for (let i = 0; i < BLOCK; i++)
    out[i] = ((block[i]! << 1) & 0xff) | (i + 1 < BLOCK ? block[i + 1]! >> 7 : 0);
  if (block[0]! & 0x80) out[BLOCK - 1]! ^= 0x87;
  return out;
}

/** AES-CMAC (NIST SP 800-38B), full 16-byte tag. */
export function aesCmac(key: Buffer, message: Buffer): Buffer {
  const k1 = double(aesEcbEncryptBlock(key, Buffer.alloc(BLOCK)));
  const complete = message.length > 0 && message.length % BLOCK === 0;
  const blocks = complete ? message : pad80(message);
  const last = Buffer.from(blocks.subarray(blocks.length - BLOCK));
  const subkey = complete ? k1 : double(k1);
  for (let i = 0; i < BLOCK; i++) last[i]! ^= subkey[i]!;
  // CBC-MAC over the blocks, the last one masked with the subkey: the last block of a CBC encryption.
  const prefix = blocks.subarray(0, blocks.length - BLOCK);
  const chained = prefix.length
    ? aesCbcEncrypt(key, Buffer.alloc(BLOCK), prefix).subarray(-BLOCK)
    : Buffer.alloc(BLOCK);
  for (let i = 0; i < BLOCK; i++) last[i]! ^= chained[i]!;
  return aesEcbEncryptBlock(key, last);
}
