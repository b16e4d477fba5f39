/**
 * Request fields read as their function's declaration says (src/protocol: SGP.22 6.5.2): the field's name
 * is one the declaration lists as DER and its type is the declared one, so neither is written twice and a
 * misspelt name is a type error.
 */
import type { Schema } from '../../asn1/schema.ts';
import type { JsonFunctionDeclaration } from '../../protocol/json-functions.ts';
import { derField, type JsonBody } from './json-fields.ts';

type Request<D extends JsonFunctionDeclaration> = D['request'];

/** The request fields a declaration lists as DER. */
export type DerFieldName<D extends JsonFunctionDeclaration> = {
  [K in keyof Request<D>]: Request<D>[K] extends { readonly kind: 'der' } ? K : never;
}[keyof Request<D>] &
  string;

type DecodedOf<D extends JsonFunctionDeclaration, K extends DerFieldName<D>> = Request<D>[K] extends {
  readonly schema: Schema<infer T>;
}
  ? T
  : never;

/** A DER request field decoded by its declared type; missing is 1.2 / 2.1, not base64 or not DER 1.6 / 3.8. */
export function declaredDerField<D extends JsonFunctionDeclaration, K extends DerFieldName<D>>(
  declaration: D,
  body: JsonBody,
  name: K,
): { value: DecodedOf<D, K>; der: Buffer } {
  const field = declaration.request[name];
  if (field?.kind !== 'der') throw new Error(`${name} is not declared as DER`);
  return derField(body, name, field.schema as Schema<DecodedOf<D, K>>);
}
