import { describe, expect, it } from 'vitest';
import { Asn1DecodeError } from '../../src/asn1/decode-error.ts';
import { BoundProfilePackage } from '../../src/asn1/rsp/index.ts';
import { declaredTypes } from '../helpers/declared-types.ts';
import { FUZZ_SEED, fuzzRounds, mutate } from '../helpers/fuzz.ts';
import { rng, sampleValue } from '../helpers/sample-value.ts';

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
    const random = rng(20261125 + FUZZ_SEED);
    let inputs = 0;
    let rejected = 0;
    for (const [, schema] of declaredTypes) {
      for (let i = 0; i < fuzzRounds(60); i++) {
        const der = schema.encode(sampleValue(schema, random));
        const bad = mutate(der, random);
        inputs++;
        if (decodeOnlyTypedErrors(() => schema.decode(bad)) === 'error') rejected++;
      }
    }
    expect(inputs).toBe(declaredTypes.length * fuzzRounds(60));
    expect(rejected).toBeGreaterThan(inputs / 2);
  });

  it('random bytes against the Bound Profile Package decoder', () => {
    const random = rng(7 + FUZZ_SEED);
    let rejected = 0;
    for (let i = 0; i < fuzzRounds(60) * 50; i++) {
      const noise = Buffer.from(
        Array.from({ length: 2 + Math.floor(random() * 200) }, () => Math.floor(random() * 256)),
      );
      if (i % 2) noise.writeUInt16BE(0xbf36, 0);
      if (decodeOnlyTypedErrors(() => BoundProfilePackage.decode(noise)) === 'error') rejected++;
    }
    // Noise is almost never a well-formed BoundProfilePackage.
    expect(rejected).toBeGreaterThan(fuzzRounds(60) * 45);
  });
});
