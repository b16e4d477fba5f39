import {
  type AnySchema,
  ChoiceSchema,
  ExplicitSchema,
  SequenceOfSchema,
  SequenceSchema,
} from '../../src/asn1/schema.ts';
import { encodeTlv } from '../../src/asn1/tlv.ts';

/** A small deterministic PRNG so that a failing sample can be reproduced from its seed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

/** Builds a random valid value of any declared schema by walking the declaration. */
export function sampleValue(schema: AnySchema, random: () => number, depth = 0): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const bytes = (min: number, max: number) =>
    Buffer.from(
      Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () => Math.floor(random() * 256)),
    );
  if (schema instanceof SequenceSchema) {
    const value: Record<string, unknown> = {};
    for (const field of schema.fields) {
      if (field.optional && random() < 0.3) continue;
      value[field.name] = sampleValue(field.schema, random, depth + 1);
    }
    for (const field of schema.fields) {
      if (field.defaultValue !== undefined && value[field.name] === undefined)
        value[field.name] = field.defaultValue;
    }
    return value;
  }
  if (schema instanceof SequenceOfSchema) {
    return Array.from({ length: depth > 6 ? 0 : Math.floor(random() * 3) }, () =>
      sampleValue(schema.item, random, depth + 1),
    );
  }
  if (schema instanceof ChoiceSchema) {
    const [name, alternative] = pick(schema.alternatives);
    return { [name]: sampleValue(alternative, random, depth + 1) };
  }
  if (schema instanceof ExplicitSchema) return sampleValue(schema.inner, random, depth + 1);
  const s = schema as {
    size?: readonly [number, number];
    names?: Readonly<Record<string, number>> | readonly string[];
  };
  switch (schema.kind) {
    case 'octetString': {
      const [min, max] = s.size ?? [0, 24];
      return bytes(min, Math.min(max, min + 24));
    }
    case 'utf8String': {
      const [min, max] = s.size ?? [0, Number.POSITIVE_INFINITY];
      return pick(
        ['', 'smdp.example.com', 'Ünïcødé ✓', 'GSMA Test Profile'].filter(
          (text) => [...text].length >= min && [...text].length <= max,
        ),
      );
    }
    case 'integer':
      return s.names
        ? pick(Object.values(s.names) as number[])
        : pick([0, 1, 127, 128, 255, 256, 65535, -1, -129]);
    case 'boolean':
      return random() < 0.5;
    case 'null':
      return null;
    case 'objectIdentifier':
      return pick(['2.23.146.1.2.1.4', '1.3.6.1.4.1.31746', '2.999.1']);
    case 'bitString':
      return (s.names as readonly string[]).filter(() => random() < 0.4);
    case 'raw': {
      // a stand-in for a certificate or CRL carried opaquely (under an implicit tag: with its own tag)
      const own = (schema as { ownTag?: number }).ownTag ?? schema.tags[0]!;
      return encodeTlv(own, Buffer.from('020101', 'hex'));
    }
    default:
      throw new Error(`no sample for ${schema.kind}`);
  }
}
