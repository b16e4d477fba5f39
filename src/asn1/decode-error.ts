/**
 * The one error a DER decode can raise. Callers map it to the SGP.22 error of their step (for an ES9+
 * request that is "invalid function input"; for a BPP segment, scp03tStructureError, ...).
 */
export type Asn1DecodeErrorKind =
  | 'truncated' // a length runs past the end of its container
  | 'badLength' // indefinite or non-minimal length: not DER
  | 'badTag' // malformed identifier octets
  | 'unexpectedTag' // a TLV that the declaration does not allow here
  | 'missingField' // a mandatory field is absent
  | 'tooDeep' // nesting beyond the limit
  | 'tooLong' // input larger than the limit
  | 'trailingBytes' // bytes after the outermost TLV
  | 'badValue'; // a primitive whose content breaks its type (size, boolean, UTF-8, OID ...)

export class Asn1DecodeError extends Error {
  constructor(
    readonly kind: Asn1DecodeErrorKind,
    /** What is wrong, without the path. */
    readonly detail: string,
    readonly path: string = '',
  ) {
    super(path ? `${path}: ${detail}` : detail);
    this.name = 'Asn1DecodeError';
  }
}
