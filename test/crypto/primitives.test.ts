import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aesCmac, ContinuedCbc, pad80, unpad80 } from '../../src/crypto/aes.ts';
import { BspError } from '../../src/crypto/bsp-error.ts';
import { CURVES, generateEcKeyPair } from '../../src/crypto/curve.ts';
import { ecdsaSign, ecdsaVerify } from '../../src/crypto/ecdsa.ts';
import { generateEphemeralKeyPair } from '../../src/crypto/ecka.ts';
import { x963Kdf } from '../../src/crypto/kdf.ts';
import { randomBytes } from '../../src/crypto/random.ts';
import { hex } from './vectors.ts';

describe('AES-CMAC (NIST SP 800-38B, AES-128 examples)', () => {
  const key = hex('2b7e151628aed2a6abf7158809cf4f3c');
  const message = hex(
    '6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710',
  );
  it.each([
    [0, 'bb1d6929e95937287fa37d129b756746'],
    [16, '070a16b46b4d4144f79bdd9dd04a287c'],
    [40, 'dfa66747de9ae63030ca32611497c827'],
    [64, '51f0bebf7e3b9d92fc49741779363cfe'],
  ])('message of %i bytes', (length, tag) => {
    expect(aesCmac(key, message.subarray(0, length)).toString('hex')).toBe(tag);
  });
});

describe('X9.63 KDF with SHA-256', () => {
  it('matches the NIST CAVS vector (cross-checked with `openssl kdf ... X963KDF`)', () => {
    const z = hex('22518b10e70f2a3f243810ae3254139efbee04aa57c7af7d');
    const info = hex('75eef81aa3041e33b80971203d2c0c52');
    expect(x963Kdf(z, info, 48).toString('hex')).toBe(
      'c498af77161cc59f2962b9a713e2b215152d139766ce34a776df11866a69bf2e52a13d9c7c6fc878c50c5ea0bc7b00e0',
    );
  });
});

describe('padding method 2', () => {
  it('pads to whole blocks and strips strictly', () => {
    expect(pad80(hex('01'))).toEqual(hex('01800000000000000000000000000000'));
    expect(pad80(Buffer.alloc(16))).toHaveLength(32);
    expect(unpad80(pad80(hex('abcdef')))).toEqual(hex('abcdef'));
    expect(() => unpad80(Buffer.alloc(16))).toThrow(BspError);
    expect(() => unpad80(hex('0102030405060708090a0b0c0d0e0f10'))).toThrow(BspError);
  });
});

describe.each(CURVES)('ECDSA and ECKA on %s', (curve) => {
  it('signs r||s and verifies; a flipped bit fails', () => {
    const { privateKey, publicKey } = generateEcKeyPair(curve);
    const data = Buffer.from('ServerSigned1');
    const signature = ecdsaSign(privateKey, data);
    expect(signature).toHaveLength(64);
    expect(ecdsaVerify(publicKey, data, signature)).toBe(true);
    signature[10]! ^= 1;
    expect(ecdsaVerify(publicKey, data, signature)).toBe(false);
    expect(ecdsaVerify(publicKey, data, Buffer.alloc(3))).toBe(false);
    expect(ecdsaVerify(publicKey, data, ecdsaSign(privateKey, data, 'der'), 'der')).toBe(true);
  });

  it('agrees on one shared secret from both sides, through uncompressed points', () => {
    const a = generateEphemeralKeyPair(curve);
    const b = generateEphemeralKeyPair(curve);
    expect(a.publicPoint).toHaveLength(65);
    const ab = a.agree(b.publicPoint);
    const ba = b.agree(a.publicPoint);
    expect(ab).toHaveLength(32);
    expect(ab).toEqual(ba);
  });

  it('refuses a point off the curve or of the wrong size', () => {
    const mine = generateEphemeralKeyPair(curve);
    const point = Buffer.from(generateEphemeralKeyPair(curve).publicPoint);
    point[64]! ^= 1;
    expect(() => mine.agree(point)).toThrow(BspError);
    expect(() => mine.agree(point.subarray(0, 33))).toThrow(BspError);
  });
});

describe('one CBC cipher for a run of messages (ContinuedCbc)', () => {
  it('gives each message the bytes a fresh zero-IV cipher gives', () => {
    const key = hex('2b7e151628aed2a6abf7158809cf4f3c');
    const continued = new ContinuedCbc(key);
    for (const length of [16, 1008, 32, 16, 512]) {
      const message = Buffer.alloc(length, length & 0xff);
      const fresh = createCipheriv('aes-128-cbc', key, Buffer.alloc(16))
        .setAutoPadding(false)
        .update(message);
      expect(continued.encryptFromZeroIv(Buffer.from(message))).toEqual(fresh);
    }
  });
});

describe('random bytes drawn from a pool', () => {
  it('never hands out the same bytes twice, across pool refills, and serves large requests too', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const value = randomBytes(16);
      expect(value).toHaveLength(16);
      seen.add(value.toString('hex'));
    }
    expect(seen.size).toBe(1000);
    expect(randomBytes(1000)).toHaveLength(1000);
    expect(randomBytes(7)).toHaveLength(7);
  });
});
