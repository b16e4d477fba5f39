/**
 * How a function of the JSON binding (SGP.22 6.5: ES9+, ES11, ES12) is declared once as data: its request
 * and response fields with what each carries, its status codes and the named steps a server runs it as.
 * The routes, the clients, the trace decoder, the test-lab scenarios and the fuzz tests all read these
 * declarations (es9-functions.ts, es11-functions.ts, es12-functions.ts), so a new function is one entry
 * there plus its steps.
 */
import type { AnySchema, Schema } from '../asn1/schema.ts';
import type { StatusCodeName } from '../errors/status-codes.ts';

/** What one JSON field carries (SGP.22 6.5.2: binary values travel in base64). */
export type FieldKind =
  /** DER of an RSPDefinitions type, in base64. */
  | { readonly kind: 'der'; readonly schema: AnySchema }
  /** Plain octets without a TLV (euiccChallenge), in base64. */
  | { readonly kind: 'octets' }
  /** An X.509 certificate's DER, in base64. */
  | { readonly kind: 'certificate' }
  /** The TransactionId as hex text (SGP.22 6.5.2). */
  | { readonly kind: 'transactionId' }
  | { readonly kind: 'text' }
  | { readonly kind: 'boolean' }
  /** A JSON structure of the binding itself (ES11 eventEntries). */
  | { readonly kind: 'json' };

export type Field = FieldKind & { readonly optional?: true };

/** Keeps the schema's value type, so that a reader of the field gets the decoded type (declared-fields.ts). */
export const der = <T>(schema: Schema<T>) => ({ kind: 'der', schema }) as const;
export const octets = { kind: 'octets' } as const;
export const certificate = { kind: 'certificate' } as const;
export const transactionId = { kind: 'transactionId' } as const;
export const text = { kind: 'text' } as const;
export const boolean = { kind: 'boolean' } as const;
export const json = { kind: 'json' } as const;
export const optional = <F extends FieldKind>(field: F) => ({ ...field, optional: true }) as const;

export type Fields = Readonly<Record<string, Field>>;

export interface JsonFunctionDeclaration<S extends string = string> {
  readonly request: Fields;
  /** The answer's fields besides the header; 'noContent': HTTP 204 (handleNotification, SGP.22 6.5.2.4). */
  readonly response: Fields | 'noContent';
  /** The codes it answers with: its table in SGP.22 plus the common ones and any other a step raises. */
  readonly statusCodes: readonly StatusCodeName[];
  /** The steps a server runs it as, in order (src/rsp-server/steps.ts); a scenario names one of them. */
  readonly steps: readonly [S, ...S[]];
  /** The step its answer is built in: where a scenario acts when it names no step. */
  readonly answerStep: S;
  /** Steps at which neither the order (matchingId) nor the eUICC (EID) is known yet ('all': none knows). */
  readonly unscopedSteps: readonly S[] | 'all';
}

/** One function's declaration; its answer and unscoped steps are checked against its own step list. */
export const declare = <
  const S extends string,
  const Q extends Fields,
  const R extends Fields | 'noContent',
>(declaration: {
  readonly request: Q;
  readonly response: R;
  readonly statusCodes: readonly StatusCodeName[];
  readonly steps: readonly [S, ...S[]];
  readonly answerStep: NoInfer<S>;
  readonly unscopedSteps: readonly NoInfer<S>[] | 'all';
}) => declaration;

type FieldValue<F extends Field> = F extends { readonly kind: 'boolean' }
  ? boolean
  : F extends { readonly kind: 'json' }
    ? unknown
    : string;

type OptionalKeys<T extends Fields> = {
  [K in keyof T]: T[K] extends { optional: true } ? K : never;
}[keyof T];

/** The values of declared fields: each one, base64 / text as string; an optional one may be left out. */
type ValuesOf<T extends Fields> = {
  readonly [K in Exclude<keyof T, OptionalKeys<T>>]: FieldValue<T[K]>;
} & { readonly [K in OptionalKeys<T>]?: FieldValue<T[K]> };

/** A request body as a caller writes it: each declared field, base64 / text as string. */
export type RequestOf<D extends JsonFunctionDeclaration> = ValuesOf<D['request']>;

/** An answer as the server builds it (the steps' `answer`): each declared field, and no other. */
export type AnswerOf<D extends JsonFunctionDeclaration> = D['response'] extends Fields
  ? ValuesOf<D['response']>
  : never;

/** An answer as a caller receives it: the declared fields, unchecked (they come off the network). */
export type ResponseOf<D extends JsonFunctionDeclaration> = D['response'] extends Fields
  ? { readonly [K in keyof D['response']]?: unknown } & { readonly header?: unknown }
  : never;

/** Each declared function name, in declaration order. */
export const namesOf = <T extends Readonly<Record<string, unknown>>>(table: T) =>
  Object.keys(table) as (keyof T & string)[];

/** The fields of a request or response of a declaration (none for a 204). */
export const fieldsOf = (fields: Fields | 'noContent'): Fields => (fields === 'noContent' ? {} : fields);

/**
 * Every field the requests and answers of a table carry, by name: in the JSON binding one name carries one
 * thing in every function (transactionId, smdpCertificate ...), which this checks when it is built.
 */
export function fieldsByName(
  table: Readonly<Record<string, JsonFunctionDeclaration>>,
): ReadonlyMap<string, Field> {
  const byName = new Map<string, Field>();
  for (const [functionName, d] of Object.entries(table)) {
    for (const [name, field] of [...Object.entries(d.request), ...Object.entries(fieldsOf(d.response))]) {
      const known = byName.get(name);
      if (
        known &&
        (known.kind !== field.kind ||
          (known.kind === 'der' && known.schema !== (field as typeof known).schema))
      )
        throw new Error(`${functionName}.${name} is declared as another kind than elsewhere`);
      byName.set(name, field);
    }
  }
  return byName;
}
