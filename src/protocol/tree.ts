/**
 * A decoded value as a readable tree, walked along its declaration: field names from the module, named
 * INTEGER values and BIT STRING bits by name, OCTET STRINGs in hex (an ICCID also as printed), UTF8Strings as
 * text. For the CLI, the
 * session trace and anything else that shows DER to a person.
 */

import { Iccid } from '../asn1/rsp/common.ts';
import {
  type AnySchema,
  ChoiceSchema,
  ExplicitSchema,
  SequenceOfSchema,
  SequenceSchema,
} from '../asn1/schema.ts';
import { hexTag } from '../asn1/tlv.ts';
import { describeOid } from '../pki/oid-names.ts';
import { iccidToDigits } from '../profile/iccid.ts';

export interface TreeNode {
  readonly name: string;
  /** Tag of the TLV, as SGP.22 writes it ('BF38', '5F37', '80' ...). */
  readonly tag?: string;
  /** The value of a primitive, as text. */
  readonly value?: string;
  readonly children?: readonly TreeNode[];
}

export function toTree(schema: AnySchema, value: unknown, name = schema.kind): TreeNode {
  const [only] = schema.tags;
  const tag = schema.tags.length === 1 && only !== undefined ? hexTag(only) : undefined;
  const at = (extra: Omit<TreeNode, 'name' | 'tag'>): TreeNode => ({
    name,
    ...(tag ? { tag } : {}),
    ...extra,
  });
  if (schema instanceof SequenceSchema) {
    const record = value as Record<string, unknown>;
    return at({
      children: schema.fields
        .filter((field) => record[field.name] !== undefined)
        .map((field) => toTree(field.schema, record[field.name], field.name)),
    });
  }
  if (schema instanceof SequenceOfSchema) {
    return at({ children: (value as unknown[]).map((item, i) => toTree(schema.item, item, `[${i}]`)) });
  }
  if (schema instanceof ChoiceSchema) {
    const [entry] = Object.entries(value as Record<string, unknown>);
    const alternative = entry && schema.alternatives.find(([n]) => n === entry[0]);
    if (!entry || !alternative) throw new TypeError(`${name}: a CHOICE value names none of its alternatives`);
    return { name, children: [toTree(alternative[1], entry[1], entry[0])] };
  }
  if (schema instanceof ExplicitSchema) return at({ children: [toTree(schema.inner, value, 'value')] });
  return at({ value: primitiveText(schema, value) });
}

function primitiveText(schema: AnySchema, value: unknown): string {
  const s = schema as { names?: Readonly<Record<string, number>> | readonly string[] };
  switch (schema.kind) {
    case 'integer': {
      const names = s.names as Readonly<Record<string, number>> | undefined;
      const label = names && Object.entries(names).find(([, v]) => v === value)?.[0];
      return label ? `${value} (${label})` : String(value);
    }
    case 'bitString':
      return (value as string[]).join(', ') || '(none)';
    case 'objectIdentifier':
      return describeOid(value as string);
    case 'utf8String':
      return JSON.stringify(value);
    case 'boolean':
    case 'null':
      return String(value);
    default: {
      const hex = (value as Buffer).toString('hex').toUpperCase();
      // The bytes swap each pair of digits (E.118 BCD): the ICCID as printed on the card beside them.
      return schema === Iccid ? `${hex} (ICCID ${iccidToDigits(value as Buffer)})` : hex;
    }
  }
}

/** The tree as indented text lines. */
export function renderTree(node: TreeNode, indent = ''): string {
  const head = `${indent}${node.name}${node.tag ? ` [${node.tag}]` : ''}${node.value !== undefined ? `: ${node.value}` : ''}`;
  return [head, ...(node.children ?? []).map((child) => renderTree(child, `${indent}  `))].join('\n');
}
