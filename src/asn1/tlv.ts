import { Asn1DecodeError } from './decode-error.ts';

/**
 * Strict DER TLV layer (ITU-T X.690 clause 10). Tags are kept as the number formed by their identifier
 * octets, the way SGP.22 writes them: 0x5A (ICCID), 0x5F37 (signature), 0xBF20 (EUICCInfo1), 0xA0 ...
 *
 * Why our own reader and not asn1js here: SGP.22 messages come from untrusted peers and are hot in the
 * server; this layer accepts DER only (definite, minimal lengths), never copies, and enforces limits.
 */
export interface Tlv {
  readonly tag: number;
  readonly constructed: boolean;
  /** The whole TLV: the exact bytes, kept for signatures. */
  readonly bytes: Buffer;
  /** The value octets. */
  readonly value: Buffer;
}

/** Largest tag identifier we accept: three octets (e.g. 'BF 81 00'), enough for every SGP.22 / SAIP tag. */
const MAX_TAG_OCTETS = 3;
/** Length fields up to four octets. */
const MAX_LENGTH_OCTETS = 4;

/** Reads one TLV starting at `offset`; it must end at or before `end`. */
export function readTlv(buf: Buffer, offset: number, end: number = buf.length): Tlv {
  let pos = offset;
  if (pos >= end) throw new Asn1DecodeError('truncated', 'no TLV where one was expected');
  const first = buf[pos++]!;
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    let octets = 1;
    let b: number;
    do {
      if (pos >= end) throw new Asn1DecodeError('truncated', 'tag runs past the end');
      b = buf[pos++]!;
      if (octets === 1 && b === 0x80) throw new Asn1DecodeError('badTag', 'tag number with a leading zero');
      tag = tag * 256 + b;
      if (++octets > MAX_TAG_OCTETS) throw new Asn1DecodeError('badTag', 'tag longer than 3 octets');
    } while (b & 0x80);
  }
  if (pos >= end) throw new Asn1DecodeError('truncated', 'length missing');
  let length = buf[pos++]!;
  if (length === 0x80) throw new Asn1DecodeError('badLength', 'indefinite length is not DER');
  if (length > 0x80) {
    const n = length & 0x7f;
    if (n > MAX_LENGTH_OCTETS) throw new Asn1DecodeError('badLength', `length of ${n} octets`);
    if (pos + n > end) throw new Asn1DecodeError('truncated', 'length runs past the end');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[pos++]!;
    if (length < 0x80 || (n > 1 && buf[pos - n] === 0)) {
      throw new Asn1DecodeError('badLength', 'length not in its shortest form');
    }
  }
  const valueEnd = pos + length;
  if (valueEnd > end) throw new Asn1DecodeError('truncated', `value of ${length} bytes runs past the end`);
  return {
    tag,
    constructed: (first & 0x20) !== 0,
    bytes: buf.subarray(offset, valueEnd),
    value: buf.subarray(pos, valueEnd),
  };
}

/** Reads all TLVs that fill `value` exactly (the children of a constructed TLV). */
export function readChildren(value: Buffer): Tlv[] {
  const children: Tlv[] = [];
  let offset = 0;
  while (offset < value.length) {
    const child = readTlv(value, offset);
    children.push(child);
    offset += child.bytes.length;
  }
  return children;
}

/** The identifier octets of a tag number. */
export function tagBytes(tag: number): Buffer {
  const bytes: number[] = [];
  let t = tag;
  do {
    bytes.unshift(t & 0xff);
    t = Math.floor(t / 256);
  } while (t > 0);
  return Buffer.from(bytes);
}

/** The DER length octets of a value length. */
export function lengthBytes(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let l = length; l > 0; l = Math.floor(l / 256)) bytes.unshift(l & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Encodes one TLV. */
export function encodeTlv(tag: number, ...values: Uint8Array[]): Buffer {
  const value = values.length === 1 ? values[0]! : Buffer.concat(values);
  return Buffer.concat([tagBytes(tag), lengthBytes(value.length), value]);
}

export const hexTag = (tag: number): string => tag.toString(16).toUpperCase().padStart(2, '0');

const TAG_CLASS = { universal: 0x00, application: 0x40, context: 0x80, private: 0xc0 } as const;

/**
 * The tag number (identifier octets as one number, as elsewhere in this layer) of `[CLASS number]`, in the
 * high-tag-number form above 30 (X.690 8.1.2.4): [31] constructed is 'BF1F', [128] is 'BF8100'. For modules
 * with AUTOMATIC TAGS, where a field's tag is its position.
 */
export function tagOf(tagClass: keyof typeof TAG_CLASS, number: number, constructed: boolean): number {
  const first = TAG_CLASS[tagClass] | (constructed ? 0x20 : 0);
  if (number < 31) return first | number;
  const octets = [number & 0x7f];
  for (let n = Math.floor(number / 128); n > 0; n = Math.floor(n / 128)) octets.unshift((n & 0x7f) | 0x80);
  return octets.reduce((tag, octet) => tag * 256 + octet, first | 0x1f);
}
