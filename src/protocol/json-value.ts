/**
 * A decoded value as plain JSON, walked along its declaration (as tree.ts does for text): SEQUENCEs as
 * objects with the module's field names, SEQUENCE OFs as arrays, a CHOICE as `{ alternative: value }`,
 * named INTEGER values by name (other values as numbers), BIT STRINGs as their set bits' names, OCTET STRINGs
 * and raw TLVs as upper-case hex, NULL as `{}`. What the eIM's operator API reports results in.
 */
import {
  type AnySchema,
  ChoiceSchema,
  ExplicitSchema,
  SequenceOfSchema,
  SequenceSchema,
} from '../asn1/schema.ts';

export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

export function toJson(schema: AnySchema, value: unknown): Json {
  if (schema instanceof SequenceSchema) {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      schema.fields
        .filter((field) => record[field.name] !== undefined)
        .map((field) => [field.name, toJson(field.schema, record[field.name])]),
    );
  }
  if (schema instanceof SequenceOfSchema)
    return (value as unknown[]).map((item) => toJson(schema.item, item));
  if (schema instanceof ChoiceSchema) {
    const [chosen, inner] = Object.entries(value as Record<string, unknown>)[0] ?? [];
    const alternative = schema.alternatives.find(([name]) => name === chosen)?.[1];
    return chosen !== undefined && alternative ? { [chosen]: toJson(alternative, inner) } : null;
  }
  if (schema instanceof ExplicitSchema) return toJson(schema.inner, value);
  const names = (schema as { names?: Readonly<Record<string, number>> | readonly string[] }).names;
  switch (schema.kind) {
    case 'integer': {
      const named =
        names && !Array.isArray(names)
          ? Object.entries(names as Readonly<Record<string, number>>).find(([, v]) => v === value)?.[0]
          : undefined;
      return named ?? (value as number);
    }
    case 'bitString':
      return value as string[];
    case 'utf8String':
    case 'objectIdentifier':
      return value as string;
    case 'boolean':
      return value as boolean;
    case 'null':
      return {};
    default:
      return Buffer.isBuffer(value) ? value.toString('hex').toUpperCase() : null;
  }
}
