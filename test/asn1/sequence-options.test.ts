import { expect, it } from 'vitest';
import { defaulted, extensionsOf, integer, optional, sequence } from '../../src/asn1/schema.ts';

const Kept = sequence(0x30, { a: integer(0x80), b: optional(integer(0x82)) }, { extensions: 'keep' });
const Skipped = sequence(0x30, { a: integer(0x80), b: optional(integer(0x82)) });

it("keeps unknown extensions in place with extensions: 'keep', and skips them by default", () => {
  const der = Buffer.from('3009' + '800101' + '810107' + '820102', 'hex');
  const kept = Kept.decode(der);
  expect(kept).toEqual({ a: 1, b: 2 });
  expect(extensionsOf(kept)).toEqual([{ after: 'a', tlv: Buffer.from('810107', 'hex') }]);
  expect(Kept.encode(kept)).toEqual(der);
  expect(Skipped.encode(Skipped.decode(der))).toEqual(Buffer.from('3006800101820102', 'hex'));
});

it('keeps a DEFAULT value as it was encoded with defaulted(), present or absent', () => {
  const D = sequence(0x30, { a: defaulted(integer(0x80), 7) });
  const present = Buffer.from('3003800107', 'hex');
  const absent = Buffer.from('3000', 'hex');
  expect(D.decode(present)).toEqual({ a: 7 });
  expect(D.encode(D.decode(present))).toEqual(present);
  expect(D.decode(absent)).toEqual({});
  expect(D.encode(D.decode(absent))).toEqual(absent);
  expect(D.defaultOf('a')).toBe(7);
});
