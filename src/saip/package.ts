/**
 * An Unprotected Profile Package (PEDefinitions 3.3.1 section 8.1; SGP.22 2.5.2): the DER profile elements
 * one after another, with nothing around them. Decoding is strict and limited (the package comes from an
 * SM-DP+ or a file we did not write); an error names the element by its index and type.
 */
import { Asn1DecodeError } from '../asn1/decode-error.ts';
import { DEFAULT_LIMITS, type DecodeLimits } from '../asn1/schema.ts';
import { hexTag, readTlv } from '../asn1/tlv.ts';
import { elementType, ProfileElement } from './profile-element.ts';

/** Decoder's limits: the input limit of the codec, and at most this many elements. */
const MAX_ELEMENTS = 1024;

/** Names an element in errors and problems: its index in the package, and its type when known. */
export function elementLabel(index: number, type?: string): string {
  return type ? `element ${index} (${type})` : `element ${index}`;
}

/** A decode error inside one profile element: which element, and the field path within it. */
export class ProfileElementDecodeError extends Asn1DecodeError {
  constructor(
    cause: Asn1DecodeError,
    readonly element: string,
    readonly field: string,
  ) {
    super(cause.kind, cause.detail, field ? `${element}.${field}` : element);
  }
}

export function decodeProfilePackage(upp: Buffer, limits: DecodeLimits = DEFAULT_LIMITS): ProfileElement[] {
  if (upp.length > limits.maxLength) {
    throw new Asn1DecodeError('tooLong', `package of ${upp.length} bytes exceeds ${limits.maxLength}`);
  }
  if (upp.length === 0) throw new Asn1DecodeError('truncated', 'empty profile package');
  const elements: ProfileElement[] = [];
  for (let offset = 0; offset < upp.length; ) {
    const index = elements.length;
    if (index >= MAX_ELEMENTS) throw new Asn1DecodeError('tooLong', `more than ${MAX_ELEMENTS} elements`);
    let type: string | undefined;
    try {
      const tlv = readTlv(upp, offset);
      type = ProfileElement.alternatives.find(([, schema]) => schema.matches(tlv.tag))?.[0];
      if (!type) {
        throw new Asn1DecodeError(
          'unexpectedTag',
          `tag ${hexTag(tlv.tag)} at offset ${offset} is no ProfileElement of PEDefinitions 3.3.1`,
        );
      }
      elements.push(ProfileElement.decode(tlv.bytes, limits));
      offset += tlv.bytes.length;
    } catch (error) {
      if (!(error instanceof Asn1DecodeError)) throw error;
      throw new ProfileElementDecodeError(error, elementLabel(index, type), error.path);
    }
  }
  return elements;
}

/** The package of these elements, each in DER (or as it was received, for decoded elements). */
export function encodeProfilePackage(elements: readonly ProfileElement[]): Buffer {
  return Buffer.concat(elements.map((element) => ProfileElement.encode(element)));
}

export { elementType };
