import { describe, expect, it } from 'vitest';
import { Asn1DecodeError } from '../../src/asn1/decode-error.ts';
import { BoundProfilePackage } from '../../src/asn1/rsp/index.ts';
import { declaredTypes } from '../helpers/declared-types.ts';
import { rng, sampleValue } from '../helpers/sample-value.ts';

/** Mutations an attacker or a broken LPA could produce from a valid encoding. */
function mutate(der: Buffer, random: () => number): Buffer {
  const out = Buffer.from(der);
  const at = () => Math.floor(random() * out.length);
  switch (Math.floor(random() * 6)) {
    case 0: // flip bits
      for (let i = 0; i < 1 + random() * 3; i++) out[at()]! ^= 1 << Math.floor(random() * 8);
      return out;
    case 1: // truncate
      return out.subarray(0, at());
    case 2: // set a byte to a boundary value
      out[at()] = [0x00, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff, 0x1f, 0xbf][Math.floor(random() * 9)]!;
      return out;
    case 3: // insert random bytes
      return Buffer.concat([
        out.subarray(0, at()),
        Buffer.from([random() * 256, random() * 256]),
        out.subarray(at()),
      ]);
    case 4: // duplicate a slice
      return Buffer.concat([out, out.subarray(at())]);
    default: // pure noise
      return Buffer.from(Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256)));
  }
}

function decodeOnlyTypedErrors(decode: () => unknown): 'ok' | 'error' {
  try {
    decode();
    return 'ok';
  } catch (error) {
    if (!(error instanceof Asn1DecodeError)) throw error;
    return 'error';
  }
}

describe('fuzz: malformed input gives only typed decode errors', () => {
  it('mutated encodings of every declared type', () => {
    const random = rng(20261125);
    let inputs = 0;
    let rejected = 0;
    for (const [, schema] of declaredTypes) {
      for (let i = 0; i < 60; i++) {
        const der = schema.encode(sampleValue(schema, random));
        const bad = mutate(der, random);
        inputs++;
        if (decodeOnlyTypedErrors(() => schema.decode(bad)) === 'error') rejected++;
      }
    }
    expect(inputs).toBeGreaterThan(5000);
    expect(rejected).toBeGreaterThan(inputs / 2);
  });

  it('random bytes against the Bound Profile Package decoder', () => {
    const random = rng(7);
    for (let i = 0; i < 3000; i++) {
      const noise = Buffer.from(
        Array.from({ length: 2 + Math.floor(random() * 200) }, () => Math.floor(random() * 256)),
      );
      if (i % 2) noise.writeUInt16BE(0xbf36, 0);
      decodeOnlyTypedErrors(() => BoundProfilePackage.decode(noise));
    }
  });
});
