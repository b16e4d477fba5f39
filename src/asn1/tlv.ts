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

/** The identifier and length octets of a TLV, read before (or without) its value. */
export interface TlvHeader {
  readonly tag: number;
  readonly constructed: boolean;
  /** How many octets the tag and the length take. */
  readonly headerLength: number;
  /** The value's length, as the length octets declare it. */
  readonly length: number;
}

/** Where the bytes ended before the header did. */
interface CutShort {
  readonly cutShort: string;
}

/** The identifier octets at `offset`: the tag number they form and how many there are. */
interface TagOctets {
  readonly tag: number;
  readonly octets: number;
}

/**
 * The tag at `offset` under the DER rules (X.690 8.1.2): no tag number with a leading zero octet or of more
 * than three octets (Asn1DecodeError); CutShort when the bytes end (at `stop`) before it does.
 */
function readTag(buf: Buffer, offset: number, stop: number): TagOctets | CutShort {
  let pos = offset;
  if (pos >= stop) return { cutShort: 'no TLV where one was expected' };
  const first = buf.readUInt8(pos++);
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    let octets = 1;
    let b: number;
    do {
      if (pos >= stop) return { cutShort: 'tag runs past the end' };
      b = buf.readUInt8(pos++);
      if (octets === 1 && b === 0x80) throw new Asn1DecodeError('badTag', 'tag number with a leading zero');
      tag = tag * 256 + b;
      if (++octets > MAX_TAG_OCTETS) throw new Asn1DecodeError('badTag', 'tag longer than 3 octets');
    } while (b & 0x80);
  }
  return { tag, octets: pos - offset };
}

/**
 * The tag and length at `offset` under the DER rules (X.690 10.1, 8.1.2, 8.1.3): the tag as readTag reads
 * it, a definite length in its shortest form of at most four octets. A rule broken is an Asn1DecodeError;
 * bytes that end (at `end`, or the buffer's end) before the header does are CutShort, for the caller to
 * treat as an error or to wait for more.
 */
function readHeader(buf: Buffer, offset: number, end: number): TlvHeader | CutShort {
  const stop = Math.min(end, buf.length);
  const identifier = readTag(buf, offset, stop);
  if ('cutShort' in identifier) return identifier;
  let pos = offset + identifier.octets;
  if (pos >= stop) return { cutShort: 'length missing' };
  let length = buf.readUInt8(pos++);
  if (length === 0x80) throw new Asn1DecodeError('badLength', 'indefinite length is not DER');
  if (length > 0x80) {
    const n = length & 0x7f;
    if (n > MAX_LENGTH_OCTETS) throw new Asn1DecodeError('badLength', `length of ${n} octets`);
    if (pos + n > stop) return { cutShort: 'length runs past the end' };
    if (length === 0x81 ? buf.readUInt8(pos) < 0x80 : buf.readUInt8(pos) === 0)
      throw new Asn1DecodeError('badLength', 'length not in its shortest form');
    length = buf.readUIntBE(pos, n);
    pos += n;
  }
  return {
    tag: identifier.tag,
    constructed: (buf.readUInt8(offset) & 0x20) !== 0,
    headerLength: pos - offset,
    length,
  };
}

/**
 * The tag the bytes start with, when they start with a well-formed one; undefined otherwise (too short, or
 * identifier octets that break DER). For telling a message apart by its first tag before it is decoded,
 * and for bytes that may be the middle of something else (a piece of a BPP).
 */
export function peekTag(buf: Buffer): number | undefined {
  try {
    const identifier = readTag(buf, 0, buf.length);
    return 'cutShort' in identifier ? undefined : identifier.tag;
  } catch (error) {
    if (error instanceof Asn1DecodeError) return undefined;
    throw error;
  }
}

/**
 * The tags of a tag list, one after the other with no lengths (ISO/IEC 7816-4 '5C', as GetProfilesInfo's
 * tagList, SGP.22 5.7.15): each under the DER rules, the last one complete.
 */
export function readTagList(list: Buffer): number[] {
  const tags: number[] = [];
  for (let offset = 0; offset < list.length; ) {
    const identifier = readTag(list, offset, list.length);
    if ('cutShort' in identifier) throw new Asn1DecodeError('truncated', identifier.cutShort);
    tags.push(identifier.tag);
    offset += identifier.octets;
  }
  return tags;
}

/**
 * The tag and length at `offset` of bytes that may not all be there yet (a BPP arriving in STORE DATA
 * sequences): undefined until they are, an Asn1DecodeError if they break a DER rule (readHeader).
 */
export function readTlvHeader(buf: Buffer, offset = 0, end: number = buf.length): TlvHeader | undefined {
  const header = readHeader(buf, offset, end);
  return 'cutShort' in header ? undefined : header;
}

/** Reads one TLV starting at `offset`; it must end at or before `end`. */
export function readTlv(buf: Buffer, offset: number, end: number = buf.length): Tlv {
  const header = readHeader(buf, offset, end);
  if ('cutShort' in header) throw new Asn1DecodeError('truncated', header.cutShort);
  const { length, headerLength } = header;
  const valueStart = offset + headerLength;
  const valueEnd = valueStart + length;
  if (valueEnd > Math.min(end, buf.length))
    throw new Asn1DecodeError('truncated', `value of ${length} bytes runs past the end`);
  return {
    tag: header.tag,
    constructed: header.constructed,
    bytes: buf.subarray(offset, valueEnd),
    value: buf.subarray(valueStart, valueEnd),
  };
}

/** The identifier and length octets of a TLV read whole: what a C-MAC covers, or a container sent alone. */
export const headerOf = (tlv: Tlv): Buffer => tlv.bytes.subarray(0, tlv.bytes.length - tlv.value.length);

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
  const [only] = values;
  const value = values.length === 1 && only ? only : Buffer.concat(values);
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
