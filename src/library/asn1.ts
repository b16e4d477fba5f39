/**
 * `rspsim/asn1`: every SGP.22 message type, declared once (RSPDefinitions): `AuthenticateServerRequest.decode(der)`,
 * `.encode(value)`, `derOf(value)` for the exact bytes a signature covers, `toTree` / `renderTree` to show any
 * decoded value. A malformed input is an Asn1DecodeError naming the field.
 */
export { Asn1DecodeError } from '../asn1/decode-error.ts';
export * from '../asn1/rsp/index.ts';
export { type AnySchema, derOf, Schema } from '../asn1/schema.ts';
export { renderTree, type TreeNode, toTree } from '../protocol/tree.ts';
