/**
 * The base64 fields of ES9+ bodies (SGP.22 6.5.2), decoded into named trees for a trace: DER by its
 * RSPDefinitions type, certificates by what they say (subject, role, named OIDs), octets in hex. Shared core:
 * the SM-DP+'s session trace reads the bodies it serves, the eIM's exchange trace the ES9+ bodies it relays
 * (SGP.32 3.2) and, through `present`, its decoded ESipa trees.
 *
 * Masked: hashCc (SGP.22 3.1.3.2: SHA-256(SHA-256(confirmation code) | transactionId)). It is the only
 * secret-derived value that travels in ES9+, and a confirmation code is a few digits, so with the
 * transactionId beside it in the same trace the code falls to a brute force in moments. Everything else an
 * ES9+ body carries is public or protected on its own: signatures, certificates, one-time public keys, and
 * the bound profile package, which is encrypted and MACed under session keys that never leave the SM-DP+.
 */
import { Asn1DecodeError } from '../../asn1/decode-error.ts';
import type { AnySchema } from '../../asn1/schema.ts';
import { parseCertificate } from '../../pki/certificate.ts';
import { describeOid } from '../../pki/oid-names.ts';
import { Es9Functions } from '../../protocol/es9-functions.ts';
import { fieldsByName } from '../../protocol/json-functions.ts';
import { type TreeNode, toTree } from '../../protocol/tree.ts';
import { previewJson } from './json-preview.ts';
import { TruncatedBody } from './traced-body.ts';

/** Each field of the ES9+ requests and answers with what it carries, as declared (SGP.22 6.5.2). */
export const ES9_FIELDS = fieldsByName(Es9Functions);

const namesOfKind = (kind: string): string[] =>
  [...ES9_FIELDS].filter(([, field]) => field.kind === kind).map(([name]) => name);

/** DER fields and the RSPDefinitions type each one's base64 carries. */
const FIELDS: ReadonlyMap<string, AnySchema> = new Map(
  [...ES9_FIELDS].flatMap(([name, field]) => (field.kind === 'der' ? [[name, field.schema] as const] : [])),
);

/** Plain octets (no TLV) the JSON binding carries in base64. */
const RAW_OCTETS = new Set(namesOfKind('octets'));

/**
 * Certificate fields, at the top of a body (as declared) or inside a decoded tree (the eUICC's and EUM's in
 * AuthenticateServerResponse and in other notifications).
 */
export const CERTIFICATES = new Set([...namesOfKind('certificate'), 'euiccCertificate', 'eumCertificate']);

/** Fields never shown; see the file comment for why these. */
export const MASKED: Readonly<Record<string, string>> = {
  hashCc: 'masked: derived from the confirmation code',
};

export type DecodedField = TreeNode;

/** Each field of a JSON body: DER fields as trees, certificates by subject, anything else as it is. */
export function decodeBody(body: unknown): DecodedField[] {
  // A scenario's HTTP-level answer is text, not the JSON binding.
  if (typeof body === 'string') return body ? [{ name: 'body', value: body }] : [];
  // A request too large to keep whole (traced-body.ts).
  if (body instanceof TruncatedBody) return [{ name: 'body', value: body.describe() }];
  if (typeof body !== 'object' || body === null) return [];
  return Object.entries(body as Record<string, unknown>)
    .filter(([name]) => name !== 'header')
    .map(([name, value]) => decodeField(name, value));
}

function decodeField(name: string, value: unknown): DecodedField {
  // Anything a client sent in place of a string, however deeply nested, rendered with bounds.
  if (typeof value !== 'string') return { name, value: previewJson(value) };
  const schema = FIELDS.get(name);
  const der = () => Buffer.from(value, 'base64');
  try {
    if (schema) return present(toTree(schema, schema.decode(der()), name));
    if (CERTIFICATES.has(name)) return certificateNode({ name }, der());
    if (RAW_OCTETS.has(name)) return { name, value: der().toString('hex').toUpperCase() };
  } catch (error) {
    if (error instanceof Asn1DecodeError) return { name, value: `undecodable: ${error.message}` };
    return { name, value: `undecodable: ${(error as Error).message}` };
  }
  return { name, value };
}

/** Masks secrets and opens certificates, everywhere in a decoded tree. */
export function present(node: TreeNode): TreeNode {
  const mask = MASKED[node.name];
  if (mask) return { ...node, value: mask };
  if (CERTIFICATES.has(node.name) && node.value !== undefined) {
    return certificateNode(node, Buffer.from(node.value, 'hex'));
  }
  return node.children ? { ...node, children: node.children.map(present) } : node;
}

/** A certificate as the parts a person checks: who, issued by whom, for which SGP.22 role, on which curve. */
export function certificateNode(node: Pick<TreeNode, 'name' | 'tag'>, der: Buffer): TreeNode {
  const certificate = parseCertificate(der);
  const role = certificate.role ?? 'no SGP.22 role';
  const field = (name: string, value: string): TreeNode => ({ name, value });
  return {
    ...node,
    value: `${certificate.subject} (issuer ${certificate.issuer}, ${role})`,
    children: [
      field('serialNumber', certificate.serialNumber.toString('hex').toUpperCase()),
      field('subject', certificate.subject),
      field('issuer', certificate.issuer),
      ...(certificate.eid ? [field('eid', certificate.eid)] : []),
      field('validity', `${certificate.notBefore.toISOString()} .. ${certificate.notAfter.toISOString()}`),
      ...certificate.policies.map((oid) => field('policy', describeOid(oid))),
      field('curve', certificate.curve ?? 'not an SGP.22 curve'),
      field('signatureAlgorithm', describeOid(certificate.signatureAlgorithm)),
      ...(certificate.subjectKeyIdentifier
        ? [field('subjectKeyIdentifier', certificate.subjectKeyIdentifier.toString('hex').toUpperCase())]
        : []),
    ],
  };
}
