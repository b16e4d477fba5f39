import { describe, expect, it } from 'vitest';
import { Asn1DecodeError } from '../../src/asn1/decode-error.ts';
import { ProfileInfo, ServerSigned1 } from '../../src/asn1/rsp/index.ts';
import {
  integer,
  namedBitString,
  objectIdentifier,
  octetString,
  optional,
  sequence,
  utf8String,
} from '../../src/asn1/schema.ts';
import {
  encodeTlv,
  headerOf,
  lengthBytes,
  peekTag,
  readTagList,
  readTlv,
  readTlvHeader,
  tagBytes,
} from '../../src/asn1/tlv.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

function decodeError(fn: () => unknown): Asn1DecodeError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(Asn1DecodeError);
    return error as Asn1DecodeError;
  }
  throw new Error('expected a decode error');
}

describe('DER TLV layer', () => {
  it('reads multi-octet tags as SGP.22 writes them', () => {
    expect(readTlv(hex('5f3700'), 0).tag).toBe(0x5f37);
    expect(readTlv(hex('bf2000'), 0).tag).toBe(0xbf20);
    expect(readTlv(hex('9f7001 01'), 0).value).toEqual(hex('01'));
    expect(tagBytes(0xbf36)).toEqual(hex('bf36'));
    expect(tagBytes(0x5a)).toEqual(hex('5a'));
  });

  it('encodes lengths in their shortest form', () => {
    expect(lengthBytes(0x7f)).toEqual(hex('7f'));
    expect(lengthBytes(0x80)).toEqual(hex('8180'));
    expect(lengthBytes(0x3f8)).toEqual(hex('8203f8'));
    expect(lengthBytes(0x10000)).toEqual(hex('83010000'));
    expect(encodeTlv(0x86, Buffer.alloc(200)).subarray(0, 3)).toEqual(hex('8681c8'));
  });

  it.each([
    ['indefinite length', '3080 0000', 'badLength'],
    ['non-minimal long length', '30817f' + '00'.repeat(127), 'badLength'],
    ['length with a leading zero octet', '3082 0080' + '00'.repeat(128), 'badLength'],
    ['length longer than the data', '3005 0101', 'truncated'],
    ['missing length', '30', 'truncated'],
    ['tag cut short', 'bf', 'truncated'],
    ['tag of four octets', 'bf818181 00', 'badTag'],
  ])('rejects %s', (_, input, kind) => {
    expect(decodeError(() => readTlv(hex(input), 0)).kind).toBe(kind);
    // The header reader (a BPP arriving piece by piece) keeps the same rules, and waits where bytes are missing.
    if (kind === 'truncated') expect(() => readTlvHeader(hex(input))).not.toThrow();
    else expect(decodeError(() => readTlvHeader(hex(input))).kind).toBe(kind);
  });

  it('reads a header before its value is there, and nothing until the header is', () => {
    expect(readTlvHeader(hex('bf36 82 0400'))).toEqual({
      tag: 0xbf36,
      constructed: true,
      headerLength: 5,
      length: 0x400,
    });
    expect(readTlvHeader(hex('86 05 01'), 0)).toEqual({
      tag: 0x86,
      constructed: false,
      headerLength: 2,
      length: 5,
    });
    for (const cut of ['', 'bf', 'bf36', 'bf36 82 04']) expect(readTlvHeader(hex(cut))).toBeUndefined();
    // `end` bounds it as it bounds readTlv.
    expect(readTlvHeader(hex('bf36 82 0400'), 0, 4)).toBeUndefined();
    expect(decodeError(() => readTlvHeader(hex('86 81 05'))).message).toMatch(/shortest form/);
  });
});

describe('tags read alone, by the same DER rules', () => {
  it('peekTag: the first tag of bytes that may be the middle of something, or undefined', () => {
    expect(peekTag(hex('bf2d035c015a'))).toBe(0xbf2d);
    expect(peekTag(hex('86'))).toBe(0x86);
    expect(peekTag(hex('bf8100'))).toBe(0xbf8100);
    expect(peekTag(hex(''))).toBeUndefined();
    expect(peekTag(hex('bf'))).toBeUndefined(); // cut short
    expect(peekTag(hex('bf8001'))).toBeUndefined(); // leading zero octet
    expect(peekTag(hex('bf818181'))).toBeUndefined(); // longer than three octets
  });

  it('readTagList: tags back to back, each DER, the last one complete', () => {
    expect(readTagList(hex('5a 9f70 90 bf8100'))).toEqual([0x5a, 0x9f70, 0x90, 0xbf8100]);
    expect(readTagList(hex(''))).toEqual([]);
    expect(decodeError(() => readTagList(hex('5a9f'))).kind).toBe('truncated');
    expect(decodeError(() => readTagList(hex('9f8070'))).kind).toBe('badTag');
  });

  it('headerOf: the identifier and length octets of a TLV read whole', () => {
    const tlv = readTlv(encodeTlv(0xa3, Buffer.alloc(128)), 0);
    expect(headerOf(tlv)).toEqual(hex('a38180'));
    expect(headerOf(readTlv(hex('8600'), 0))).toEqual(hex('8600'));
  });
});

describe('declarative codec', () => {
  const Example = sequence(0x30, {
    n: integer(0x80),
    name: utf8String(0x81, [0, 4]),
    oid: objectIdentifier(0x82),
    bits: namedBitString(0x83, ['a', 'b', 'c']),
  });

  it('encodes integers, OIDs and named bits as DER', () => {
    const der = Example.encode({ n: 128, name: 'ab', oid: '2.23.146.1.2.1.4', bits: ['b'] });
    expect(der).toEqual(hex('3015 80020080 81026162 8207 67811201020104 83020640'));
    expect(Example.decode(der)).toEqual({ n: 128, name: 'ab', oid: '2.23.146.1.2.1.4', bits: ['b'] });
    expect(integer().encode(-129)).toEqual(hex('0202ff7f'));
    expect(integer().decode(hex('0202ff7f'))).toBe(-129);
    expect(namedBitString(0x03, ['a']).encode([])).toEqual(hex('030100'));
  });

  it('skips unknown trailing fields (EXTENSIBILITY IMPLIED) and fills DEFAULT values', () => {
    const withExtension = hex('3014 80020080 81026162 8203 2a0304 83020640 9f7f00');
    expect(Example.decode(withExtension).n).toBe(128);
    const WithDefault = sequence(0xe3, { profileClass: optional(integer(0x95), 2) });
    expect(WithDefault.decode(hex('e300'))).toEqual({ profileClass: 2 });
    expect(WithDefault.encode({ profileClass: 2 })).toEqual(hex('e300'));
    // ProfileInfo's class is written when given (SGP.22 5.7.15 declares it OPTIONAL) and absent when not.
    expect(ProfileInfo.encode({ profileClass: 2 })).toEqual(hex('e303 950102'));
    expect(ProfileInfo.decode(hex('e303 950102'))).toEqual({ profileClass: 2 });
    expect(ProfileInfo.decode(hex('e300'))).toEqual({});
    expect(ProfileInfo.defaultOf('profileClass')).toBe(2);
  });

  it.each([
    ['trailing bytes', '3000 00', 'trailingBytes', sequence(0x30, {})],
    ['wrong outer tag', '3100', 'unexpectedTag', sequence(0x30, {})],
    ['a missing mandatory field', '3003 800101', 'missingField', Example],
    ['a field out of order', '3006 81016180 0101', 'unexpectedTag', Example],
    ['a size violation', '3003 810161', 'unexpectedTag', sequence(0x30, { name: utf8String(0x80, [2, 3]) })],
    ['a short Octet16', '3003 800101', 'badValue', sequence(0x30, { x: octetString(0x80, [16, 16]) })],
    ['invalid UTF-8', '3003 8001ff', 'badValue', sequence(0x30, { s: utf8String(0x80) })],
    ['a non-minimal INTEGER', '3004 80020001', 'badValue', sequence(0x30, { i: integer(0x80) })],
    ['an empty INTEGER', '3002 8000', 'badValue', sequence(0x30, { i: integer(0x80) })],
    [
      'a primitive where constructed is declared',
      '3002 a000',
      'unexpectedTag',
      sequence(0x30, { x: octetString(0x80) }),
    ],
  ])('gives a typed error for %s', (_, input, kind, schema) => {
    expect(decodeError(() => schema.decode(hex(input))).kind).toBe(kind);
  });

  it('limits nesting depth and input size', () => {
    let der: Buffer = hex('3000');
    for (let i = 0; i < 40; i++) der = encodeTlv(0xa0, der);
    const deep = sequence(0xa0, {});
    const error = decodeError(() => {
      // A generic nesting schema: each level may hold another level.
      let s: any = sequence(0x30, {});
      for (let i = 0; i < 40; i++) s = sequence(0xa0, { inner: s });
      return s.decode(der);
    });
    expect(error.kind).toBe('tooDeep');
    expect(decodeError(() => deep.decode(Buffer.alloc(10), { maxDepth: 8, maxLength: 4 })).kind).toBe(
      'tooLong',
    );
  });

  it('names the path of a bad field', () => {
    const der = ServerSigned1.encode({
      transactionId: hex('01'),
      euiccChallenge: Buffer.alloc(16),
      serverAddress: 'a',
      serverChallenge: Buffer.alloc(15), // Octet16 violated
    });
    const error = decodeError(() => ServerSigned1.decode(der));
    expect(error.kind).toBe('badValue');
    expect(error.path).toBe('serverChallenge');
  });
});
