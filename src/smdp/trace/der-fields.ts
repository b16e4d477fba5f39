/**
 * The DER fields of a traced ES9+ body as they passed, in base64, each with the RSPDefinitions type that
 * `rspsim decode <type> <der>` reads it as (`session show --json` gives the bytes to decode).
 * A field whose decoded tree holds a masked value (hashCc, decode-exchange.ts) is withheld: its bytes would
 * give away what the trace masks. A body the trace kept only in part gives no DER at all, and says so.
 */
import * as rsp from '../../asn1/rsp/index.ts';
import { Certificate } from '../../asn1/rsp/index.ts';
import type { AnySchema } from '../../asn1/schema.ts';
import { type TreeNode, toTree } from '../../protocol/tree.ts';
import { CERTIFICATES, ES9_FIELDS, MASKED } from '../../rsp-server/trace/decode-exchange.ts';
import { TruncatedBody } from '../../rsp-server/trace/traced-body.ts';

/** The RSPDefinitions type name of each exported schema (what `rspsim decode` takes). */
const TYPE_NAMES = new Map<unknown, string>(Object.entries(rsp).map(([name, value]) => [value, name]));

/**
 * ES9+ body fields (SGP.22 6.5.2) declared as DER and the type each one's base64 carries; a field whose
 * type `rspsim decode` cannot name (a bare signature or key identifier) is left out.
 */
const DER_TYPES: ReadonlyMap<string, readonly [string, AnySchema]> = new Map(
  [...ES9_FIELDS].flatMap(([name, field]) => {
    const type = field.kind === 'der' ? TYPE_NAMES.get(field.schema) : undefined;
    return type && field.kind === 'der' ? [[name, [type, field.schema] as const] as const] : [];
  }),
);

export interface DerField {
  readonly name: string;
  readonly type: string;
  readonly base64: string;
}

export type DerFields = { readonly fields: readonly DerField[] } | { readonly omitted: string };

const holdsMasked = (node: TreeNode): boolean =>
  node.name in MASKED || (node.children ?? []).some(holdsMasked);

function typeOf(name: string): readonly [string, AnySchema] | undefined {
  const typed = DER_TYPES.get(name);
  if (typed) return typed;
  return CERTIFICATES.has(name) ? ['Certificate', Certificate] : undefined;
}

export function derFields(body: unknown): DerFields {
  if (body instanceof TruncatedBody)
    return { omitted: `the trace kept only the head of this ${body.bytes}-byte body, so no DER is given` };
  if (typeof body !== 'object' || body === null) return { fields: [] };
  const fields: DerField[] = [];
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    const typed = typeOf(name);
    if (!typed || typeof value !== 'string') continue;
    const [type, schema] = typed;
    const der = Buffer.from(value, 'base64');
    try {
      if (holdsMasked(toTree(schema, schema.decode(der), name))) continue;
    } catch {
      continue; // not DER of its type: the decoded view says why, and there is nothing to feed to decode
    }
    fields.push({ name, type, base64: der.toString('base64') });
  }
  return { fields };
}
