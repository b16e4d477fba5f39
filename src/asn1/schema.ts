import { Asn1DecodeError } from './decode-error.ts';
import { encodeTlv, hexTag, readChildren, readTlv, type Tlv } from './tlv.ts';

/**
 * Declarative DER codec. A message type is declared once, as data (a tree of schemas mirroring the ASN.1
 * module); encode, decode, the TypeScript type of its values and the decoded trace all come from that one
 * declaration. Tags are explicit in every declaration: the RSP module uses AUTOMATIC TAGS, so the tag a
 * field gets is written next to it as the module's comments give it.
 */

/** Limits applied to every decode of untrusted input. */
export interface DecodeLimits {
  /** Maximum nesting of constructed values. */
  readonly maxDepth: number;
  /** Maximum size of the whole input. */
  readonly maxLength: number;
}

export const DEFAULT_LIMITS: DecodeLimits = { maxDepth: 24, maxLength: 4 * 1024 * 1024 };

export interface DecodeContext {
  readonly depth: number;
  readonly maxDepth: number;
  readonly path: string;
}

/** Exact DER bytes of a decoded SEQUENCE / SET value (signatures cover bytes, never re-encodings). */
const DER = Symbol('der');

export function derOf(value: object): Buffer {
  const der = (value as { [DER]?: Buffer })[DER];
  if (!der) throw new Error('value was not produced by a decode');
  return der;
}

/** Exact DER of a decoded CHOICE value whose chosen alternative is a SEQUENCE / SET: that alternative's TLV. */
export function derOfChoice(value: object): Buffer {
  const [alternative] = Object.values(value);
  if (typeof alternative !== 'object' || alternative === null)
    throw new Error('the chosen alternative is not a SEQUENCE or SET');
  return derOf(alternative);
}

export abstract class Schema<T> {
  /** The tags a value of this schema may start with (several for an untagged CHOICE). */
  abstract readonly tags: readonly number[];
  abstract readonly kind: string;

  /** The whole TLV of a value. */
  abstract encode(value: T): Buffer;

  /** Decodes a TLV whose tag is one of `tags`. */
  abstract decodeTlv(tlv: Tlv, ctx: DecodeContext): T;

  matches(tag: number): boolean {
    return this.tags.includes(tag);
  }

  /** Decodes a complete DER value: exactly one TLV, nothing after it. Throws only Asn1DecodeError. */
  decode(der: Uint8Array, limits: DecodeLimits = DEFAULT_LIMITS): T {
    const buf = Buffer.isBuffer(der) ? der : Buffer.from(der.buffer, der.byteOffset, der.byteLength);
    if (buf.length > limits.maxLength) {
      throw new Asn1DecodeError('tooLong', `input of ${buf.length} bytes exceeds ${limits.maxLength}`);
    }
    const tlv = readTlv(buf, 0);
    if (tlv.bytes.length !== buf.length) {
      throw new Asn1DecodeError('trailingBytes', `${buf.length - tlv.bytes.length} bytes after the value`);
    }
    return this.decodeChecked(tlv, { depth: 0, maxDepth: limits.maxDepth, path: '' });
  }

  /** Checks the tag, then decodes. */
  decodeChecked(tlv: Tlv, ctx: DecodeContext): T {
    if (!this.matches(tlv.tag)) {
      throw new Asn1DecodeError(
        'unexpectedTag',
        `tag ${hexTag(tlv.tag)} where ${this.tags.map(hexTag).join(' or ')} was expected`,
        ctx.path,
      );
    }
    return this.decodeTlv(tlv, ctx);
  }
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

/**
 * A schema of whatever value type, for code that walks declarations (fields, alternatives, trees). Every
 * `Schema<T>` is one: T appears in Schema's methods only as a method parameter or result, and TypeScript
 * checks method parameters bivariantly, so no `any` is needed.
 */
export type AnySchema = Schema<unknown>;

// ---------------------------------------------------------------------------------------------------------
// Primitive types

type Size = readonly [min: number, max: number];

export class PrimitiveSchema<T> extends Schema<T> {
  readonly tags: readonly number[];
  constructor(
    /** SIZE constraint of the declaration, if any. */
    readonly size: Size | undefined,
    readonly kind: string,
    readonly tag: number,
    private readonly toBytes: (value: T) => Buffer,
    private readonly fromBytes: (value: Buffer, path: string) => T,
  ) {
    super();
    this.tags = [tag];
  }
  encode(value: T): Buffer {
    return encodeTlv(this.tag, this.toBytes(value));
  }
  decodeTlv(tlv: Tlv, ctx: DecodeContext): T {
    return this.fromBytes(tlv.value, ctx.path);
  }
}

function checkSize(length: number, size: Size | undefined, path: string): void {
  if (size && (length < size[0] || length > size[1])) {
    throw new Asn1DecodeError('badValue', `size ${length} outside ${size[0]}..${size[1]}`, path);
  }
}

/** OCTET STRING (SIZE(min..max)), universal tag 04 unless tagged. */
export function octetString(tag = 0x04, size?: Size): PrimitiveSchema<Buffer> {
  return new PrimitiveSchema<Buffer>(
    size,
    'octetString',
    tag,
    (value) => value,
    (value, path) => {
      checkSize(value.length, size, path);
      return value;
    },
  );
}

/** UTF8String (SIZE(min..max)) — size in characters is approximated by bytes, as DER carries bytes. */
export function utf8String(tag = 0x0c, size?: Size): PrimitiveSchema<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return new PrimitiveSchema<string>(
    size,
    'utf8String',
    tag,
    (value) => Buffer.from(value, 'utf8'),
    (value, path) => {
      let text: string;
      try {
        text = decoder.decode(value);
      } catch {
        throw new Asn1DecodeError('badValue', 'invalid UTF-8', path);
      }
      if (size) checkSize([...text].length, size, path);
      return text;
    },
  );
}

/** INTEGER, as a JavaScript number (every SGP.22 integer is small); `names` label values in traces. */
export function integer(tag = 0x02, names?: Readonly<Record<string, number>>): IntegerSchema {
  return new IntegerSchema(tag, names);
}

export class IntegerSchema extends PrimitiveSchema<number> {
  constructor(
    tag: number,
    readonly names?: Readonly<Record<string, number>>,
  ) {
    super(undefined, 'integer', tag, encodeInteger, decodeInteger);
  }
}

function encodeInteger(value: number): Buffer {
  if (!Number.isSafeInteger(value)) throw new RangeError(`integer ${value} out of range`);
  const bytes: number[] = [];
  let v = value;
  let top: number;
  do {
    top = v & 0xff;
    bytes.unshift(top);
    v = Math.floor(v / 256);
  } while (v !== 0 && v !== -1);
  // Two's complement: a sign bit that disagrees with the value needs one more octet (X.690 8.3).
  if (value >= 0 && top & 0x80) bytes.unshift(0);
  if (value < 0 && !(top & 0x80)) bytes.unshift(0xff);
  return Buffer.from(bytes);
}

function decodeInteger(value: Buffer, path: string): number {
  if (value.length === 0) throw new Asn1DecodeError('badValue', 'empty INTEGER', path);
  if (value.length > 6) throw new Asn1DecodeError('badValue', 'INTEGER too large', path);
  if (
    value.length > 1 &&
    ((value[0] === 0 && !(value.readUInt8(1) & 0x80)) || (value[0] === 0xff && value.readUInt8(1) & 0x80))
  ) {
    throw new Asn1DecodeError('badValue', 'INTEGER not in its shortest form', path);
  }
  return value.readIntBE(0, value.length);
}

/** BOOLEAN: encodes TRUE as FF (DER); decodes any non-zero octet as TRUE, as BER allows. */
export function boolean(tag = 0x01): PrimitiveSchema<boolean> {
  return new PrimitiveSchema<boolean>(
    undefined,
    'boolean',
    tag,
    (value) => Buffer.from([value ? 0xff : 0x00]),
    (value, path) => {
      if (value.length !== 1) throw new Asn1DecodeError('badValue', 'BOOLEAN of other than one octet', path);
      return value[0] !== 0;
    },
  );
}

/** NULL. */
export function nullValue(tag = 0x05): PrimitiveSchema<null> {
  return new PrimitiveSchema<null>(
    undefined,
    'null',
    tag,
    () => Buffer.alloc(0),
    (value, path) => {
      if (value.length !== 0) throw new Asn1DecodeError('badValue', 'NULL with content', path);
      return null;
    },
  );
}

/** OBJECT IDENTIFIER, as dotted text. */
export function objectIdentifier(tag = 0x06): PrimitiveSchema<string> {
  return new PrimitiveSchema<string>(undefined, 'objectIdentifier', tag, encodeOid, decodeOid);
}

function encodeOid(oid: string): Buffer {
  const arcs = oid.split('.').map(Number);
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined || arcs.some((a) => !Number.isSafeInteger(a) || a < 0)) {
    throw new RangeError(`bad OID ${oid}`);
  }
  const out: number[] = [];
  const push = (arc: number) => {
    const group: number[] = [arc & 0x7f];
    for (let a = Math.floor(arc / 128); a > 0; a = Math.floor(a / 128)) group.unshift((a & 0x7f) | 0x80);
    out.push(...group);
  };
  push(first * 40 + second);
  for (const arc of rest) push(arc);
  return Buffer.from(out);
}

export function decodeOid(value: Buffer, path = ''): string {
  if (value.length === 0 || value.readUInt8(value.length - 1) & 0x80) {
    throw new Asn1DecodeError('badValue', 'malformed OBJECT IDENTIFIER', path);
  }
  const arcs: number[] = [];
  let arc = 0;
  for (const b of value) {
    if (arc === 0 && b === 0x80) throw new Asn1DecodeError('badValue', 'OID arc with a leading zero', path);
    arc = arc * 128 + (b & 0x7f);
    if (arc > Number.MAX_SAFE_INTEGER / 128) throw new Asn1DecodeError('badValue', 'OID arc too large', path);
    if (!(b & 0x80)) {
      arcs.push(arc);
      arc = 0;
    }
  }
  // The last octet ends an arc (checked above), so there is at least one; the first holds two (X.690 8.19.4).
  const [first = 0, ...others] = arcs;
  const top = first < 80 ? Math.floor(first / 40) : 2;
  return [top, first - top * 40, ...others].join('.');
}

/**
 * BIT STRING with named bits, as the list of the names of the bits set (bit 0 = most significant bit of the
 * first octet). Bits without a name appear as `bitN`. DER drops trailing zero bits (X.690 11.2.2).
 */
export function namedBitString(tag: number, names: readonly string[]): NamedBitStringSchema {
  return new NamedBitStringSchema(tag, names);
}

export class NamedBitStringSchema extends PrimitiveSchema<string[]> {
  constructor(
    tag: number,
    readonly names: readonly string[],
  ) {
    super(
      undefined,
      'bitString',
      tag,
      (value) => {
        const positions = value.map((name) => {
          const index = names.indexOf(name);
          const position = index >= 0 ? index : /^bit(\d+)$/.exec(name) ? Number(name.slice(3)) : -1;
          if (position < 0) throw new RangeError(`unknown bit ${name}`);
          return position;
        });
        if (positions.length === 0) return Buffer.from([0]);
        const bitLength = Math.max(...positions) + 1;
        const bytes = Buffer.alloc(1 + Math.ceil(bitLength / 8));
        bytes[0] = (8 - (bitLength % 8)) % 8;
        for (const p of positions) {
          const at = 1 + (p >> 3);
          bytes[at] = bytes.readUInt8(at) | (0x80 >> (p & 7));
        }
        return bytes;
      },
      (value, path) => {
        if (value.length === 0 || value.readUInt8(0) > 7 || (value.length === 1 && value[0] !== 0)) {
          throw new Asn1DecodeError('badValue', 'malformed BIT STRING', path);
        }
        const set: string[] = [];
        const bitLength = (value.length - 1) * 8 - value.readUInt8(0);
        for (let p = 0; p < bitLength; p++) {
          if (value.readUInt8(1 + (p >> 3)) & (0x80 >> (p & 7))) set.push(names[p] ?? `bit${p}`);
        }
        return set;
      },
    );
  }
}

/**
 * A complete TLV kept as its exact bytes, for types decoded elsewhere (an X.509 Certificate is parsed by
 * the PKI layer with pkijs) or carried opaquely.
 */
export function rawTlv(tag: number): Schema<Buffer> {
  return new RawSchema([tag]);
}

export class RawSchema extends Schema<Buffer> {
  readonly kind = 'raw';
  constructor(readonly tags: readonly number[]) {
    super();
  }
  encode(value: Buffer): Buffer {
    return value;
  }
  decodeTlv(tlv: Tlv): Buffer {
    return tlv.bytes;
  }
}

/**
 * A complete TLV of a type decoded elsewhere (an X.509 Certificate) under an IMPLICIT tag: `[5] Certificate`
 * in a module with AUTOMATIC TAGS puts 'A5' where the certificate's own '30' was (X.680 31.2.7). The value is
 * the TLV with its own tag restored, so that it is the certificate's DER; encode writes the implicit tag back.
 */
export function implicitRawTlv(tag: number, ownTag: number): Schema<Buffer> {
  return new ImplicitRawSchema(tag, ownTag);
}

export class ImplicitRawSchema extends Schema<Buffer> {
  readonly kind = 'raw';
  readonly tags: readonly number[];
  constructor(
    readonly tag: number,
    readonly ownTag: number,
  ) {
    super();
    this.tags = [tag];
  }
  encode(value: Buffer): Buffer {
    const own = readTlv(value, 0);
    if (own.tag !== this.ownTag || own.bytes.length !== value.length) {
      throw new TypeError(`value is not one TLV of tag ${hexTag(this.ownTag)}`);
    }
    return encodeTlv(this.tag, own.value);
  }
  decodeTlv(tlv: Tlv): Buffer {
    return encodeTlv(this.ownTag, tlv.value);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Constructed types

function enter(ctx: DecodeContext, name: string): DecodeContext {
  if (ctx.depth + 1 > ctx.maxDepth)
    throw new Asn1DecodeError('tooDeep', `nesting deeper than ${ctx.maxDepth}`, ctx.path);
  return { depth: ctx.depth + 1, maxDepth: ctx.maxDepth, path: ctx.path ? `${ctx.path}.${name}` : name };
}

function children(tlv: Tlv, ctx: DecodeContext): Tlv[] {
  if (!tlv.constructed)
    throw new Asn1DecodeError('unexpectedTag', 'primitive TLV where constructed expected', ctx.path);
  try {
    return readChildren(tlv.value);
  } catch (error) {
    if (error instanceof Asn1DecodeError) throw new Asn1DecodeError(error.kind, error.message, ctx.path);
    throw error;
  }
}

/** Marks a SEQUENCE field OPTIONAL (or DEFAULT: the default is not encoded and is filled in on decode). */
export class Optional<T> {
  readonly optional = true as const;
  constructor(
    readonly schema: Schema<T>,
    readonly defaultValue?: T,
    /** DEFAULT kept as encoded: absent stays absent on decode, a present value is encoded even if default. */
    readonly asEncoded = false,
  ) {}
}

export function optional<T>(schema: Schema<T>, defaultValue?: T): Optional<T> {
  return new Optional(schema, defaultValue);
}

/**
 * A DEFAULT field whose presence is kept as it was received: decode leaves an absent value absent, encode
 * writes a present value even when it equals the default. For formats whose producers write default values
 * (BER allows it) and whose bytes must re-encode exactly, such as a TCA Profile Package. The default is
 * recorded for readers of the value (`defaultOf`).
 */
export function defaulted<T>(schema: Schema<T>, defaultValue: T): Optional<T> {
  return new Optional(schema, defaultValue, true);
}

type FieldSpec = AnySchema | Optional<unknown>;
type Fields = Record<string, FieldSpec>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type RequiredKeys<F> = { [K in keyof F]: F[K] extends Optional<unknown> ? never : K }[keyof F];
type OptionalKeys<F> = { [K in keyof F]: F[K] extends Optional<unknown> ? K : never }[keyof F];
export type SequenceValue<F extends Fields> = Simplify<
  { [K in RequiredKeys<F>]: Infer<F[K]> } & {
    [K in OptionalKeys<F>]?: F[K] extends Optional<infer T> ? T : never;
  }
>;

interface FieldEntry {
  readonly name: string;
  readonly schema: AnySchema;
  readonly optional: boolean;
  readonly defaultValue: unknown;
  readonly asEncoded: boolean;
}

/** Unknown extensions a SEQUENCE declared with `extensions: 'keep'` met, each after the field it followed. */
const EXTENSIONS = Symbol('extensions');

export interface KeptExtension {
  /** Name of the declared field the extension followed; undefined when it came first. */
  readonly after: string | undefined;
  /** The whole TLV. */
  readonly tlv: Buffer;
}

/** The unknown extensions kept when a value was decoded (empty when none, or when they were skipped). */
export function extensionsOf(value: object): readonly KeptExtension[] {
  return (value as { [EXTENSIONS]?: KeptExtension[] })[EXTENSIONS] ?? [];
}

export interface SequenceOptions {
  /**
   * What decode does with a TLV that matches no remaining field (EXTENSIBILITY IMPLIED): 'skip' drops it
   * (the default: a message is read for its fields); 'keep' holds it on the value, and encode writes it
   * back in its place, so that a value re-encodes byte for byte.
   */
  readonly extensions?: 'skip' | 'keep';
}

/**
 * SEQUENCE. Decoding follows EXTENSIBILITY IMPLIED: fields are matched in order, OPTIONAL ones may be
 * absent, and a TLV that matches no remaining field is an unknown extension and is skipped (or kept).
 */
export class SequenceSchema<F extends Fields> extends Schema<SequenceValue<F>> {
  readonly kind = 'sequence';
  readonly tags: readonly number[];
  readonly fields: readonly FieldEntry[];

  constructor(
    readonly tag: number,
    fields: F,
    readonly options: SequenceOptions = {},
  ) {
    super();
    this.tags = [tag];
    this.fields = Object.entries(fields).map(([name, spec]) =>
      spec instanceof Optional
        ? {
            name,
            schema: spec.schema,
            optional: true,
            defaultValue: spec.defaultValue,
            asEncoded: spec.asEncoded,
          }
        : { name, schema: spec, optional: false, defaultValue: undefined, asEncoded: false },
    );
  }

  /** The default of a DEFAULT field, or undefined. */
  defaultOf(name: string): unknown {
    return this.fields.find((field) => field.name === name)?.defaultValue;
  }

  encode(value: SequenceValue<F>): Buffer {
    const parts: Buffer[] = [];
    const record = value as Record<string, unknown>;
    const extensions = extensionsOf(value);
    const extensionsAfter = (name: string | undefined) =>
      extensions.filter((extension) => extension.after === name).map((extension) => extension.tlv);
    parts.push(...extensionsAfter(undefined));
    for (const field of this.fields) {
      const v = record[field.name];
      if (v === undefined) {
        if (!field.optional) throw new TypeError(`missing mandatory field ${field.name}`);
        continue;
      }
      // DER omits DEFAULT values, unless the field keeps them as encoded
      if (!field.asEncoded && field.defaultValue !== undefined && v === field.defaultValue) continue;
      parts.push(field.schema.encode(v));
      parts.push(...extensionsAfter(field.name));
    }
    return encodeTlv(this.tag, ...parts);
  }

  decodeTlv(tlv: Tlv, ctx: DecodeContext): SequenceValue<F> {
    const items = children(tlv, ctx);
    const result: Record<string, unknown> = {};
    const kept: KeptExtension[] = [];
    let next = 0;
    for (const item of items) {
      // The first field from `next` on that takes the item's tag, passing only optional ones.
      let index = next;
      let field = this.fields[index];
      while (field?.optional && !field.schema.matches(item.tag)) field = this.fields[++index];
      if (!field) {
        // matches no remaining field: an unknown extension, skipped or kept in place
        if (this.options.extensions === 'keep')
          kept.push({ after: this.fields[next - 1]?.name, tlv: item.bytes });
        continue;
      }
      if (!field.schema.matches(item.tag)) {
        throw new Asn1DecodeError(
          'unexpectedTag',
          `tag ${hexTag(item.tag)} where ${field.name} was expected`,
          ctx.path,
        );
      }
      result[field.name] = field.schema.decodeTlv(item, enter(ctx, field.name));
      next = index + 1;
    }
    for (const field of this.fields) {
      if (result[field.name] !== undefined) continue;
      if (!field.optional) throw new Asn1DecodeError('missingField', `${field.name} missing`, ctx.path);
      if (field.defaultValue !== undefined && !field.asEncoded) result[field.name] = field.defaultValue;
    }
    Object.defineProperty(result, DER, { value: tlv.bytes, enumerable: false });
    if (kept.length > 0) Object.defineProperty(result, EXTENSIONS, { value: kept, enumerable: false });
    return result as SequenceValue<F>;
  }
}

export function sequence<F extends Fields>(
  tag: number,
  fields: F,
  options?: SequenceOptions,
): SequenceSchema<F> {
  return new SequenceSchema(tag, fields, options);
}

/** SEQUENCE OF. */
export class SequenceOfSchema<T> extends Schema<T[]> {
  readonly kind = 'sequenceOf';
  readonly tags: readonly number[];
  constructor(
    readonly tag: number,
    readonly item: Schema<T>,
  ) {
    super();
    this.tags = [tag];
  }
  encode(value: T[]): Buffer {
    return encodeTlv(this.tag, ...value.map((v) => this.item.encode(v)));
  }
  decodeTlv(tlv: Tlv, ctx: DecodeContext): T[] {
    return children(tlv, ctx).map((child, i) => this.item.decodeChecked(child, enter(ctx, String(i))));
  }
}

export function sequenceOf<T>(tag: number, item: Schema<T>): SequenceOfSchema<T> {
  return new SequenceOfSchema(tag, item);
}

type Alternatives = Record<string, AnySchema>;
export type ChoiceValue<A extends Alternatives> = { [K in keyof A]: { [P in K]: Infer<A[K]> } }[keyof A];

/** CHOICE: a value is an object with exactly one key, the chosen alternative. */
export class ChoiceSchema<A extends Alternatives> extends Schema<ChoiceValue<A>> {
  readonly kind = 'choice';
  readonly tags: readonly number[];
  readonly alternatives: readonly (readonly [string, AnySchema])[];
  constructor(alternatives: A) {
    super();
    this.alternatives = Object.entries(alternatives);
    this.tags = this.alternatives.flatMap(([, s]) => s.tags);
  }
  encode(value: ChoiceValue<A>): Buffer {
    const entries = Object.entries(value);
    const [chosen] = entries;
    const alternative = chosen && this.alternatives.find(([name]) => name === chosen[0]);
    if (entries.length !== 1 || !chosen || !alternative)
      throw new TypeError(`CHOICE value must name one of its alternatives`);
    return alternative[1].encode(chosen[1]);
  }
  decodeTlv(tlv: Tlv, ctx: DecodeContext): ChoiceValue<A> {
    const alternative = this.alternatives.find(([, s]) => s.matches(tlv.tag));
    if (!alternative)
      throw new Asn1DecodeError('unexpectedTag', `tag ${hexTag(tlv.tag)} is none of the CHOICE's`, ctx.path);
    const [name, schema] = alternative;
    return { [name]: schema.decodeTlv(tlv, enter(ctx, name)) } as ChoiceValue<A>;
  }
}

export function choice<A extends Alternatives>(alternatives: A): ChoiceSchema<A> {
  return new ChoiceSchema(alternatives);
}

/** An explicit tag around a value (a tagged CHOICE, X.680 31.2.7: tags on a CHOICE are always explicit). */
export class ExplicitSchema<T> extends Schema<T> {
  readonly kind = 'explicit';
  readonly tags: readonly number[];
  constructor(
    readonly tag: number,
    readonly inner: Schema<T>,
  ) {
    super();
    this.tags = [tag];
  }
  encode(value: T): Buffer {
    return encodeTlv(this.tag, this.inner.encode(value));
  }
  decodeTlv(tlv: Tlv, ctx: DecodeContext): T {
    const items = children(tlv, ctx);
    const [item] = items;
    if (items.length !== 1 || !item) {
      throw new Asn1DecodeError(
        'badValue',
        `explicit tag ${hexTag(this.tag)} holds ${items.length} values`,
        ctx.path,
      );
    }
    return this.inner.decodeChecked(item, ctx);
  }
}

export function explicit<T>(tag: number, inner: Schema<T>): ExplicitSchema<T> {
  return new ExplicitSchema(tag, inner);
}
