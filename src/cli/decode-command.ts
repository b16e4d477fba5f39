/** `rspsim decode <Type> <data>`: any SGP.22 message, decoded along its declaration (for LPA developers). */
import type { Command } from 'commander';
import { Asn1DecodeError } from '../asn1/decode-error.ts';
import * as rsp from '../asn1/rsp/index.ts';
import { type AnySchema, Schema } from '../asn1/schema.ts';
import { readInputFileSync } from '../config/input-file.ts';
import { renderTree, type TreeNode, toTree } from '../protocol/tree.ts';
import { printResult } from './output.ts';

const TYPES = new Map(
  Object.entries(rsp).flatMap(([name, value]): [string, AnySchema][] =>
    value instanceof Schema ? [[name, value]] : [],
  ),
);

/** Hex, base64, or @file (binary DER). */
export function bytesOf(data: string): Buffer {
  if (data.startsWith('@')) return readInputFileSync(data.slice(1), 'profilePackage');
  const compact = data.replace(/\s/g, '');
  if (/^(?:[0-9A-Fa-f]{2})+$/.test(compact)) return Buffer.from(compact, 'hex');
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return Buffer.from(compact, 'base64');
  throw new Error('data must be hex, base64 or @file');
}

/** Names joined by ", " in lines of at most `width` characters, indented by two. */
function wrap(names: readonly string[], width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const name of names) {
    if (line && line.length + name.length + 2 > width) {
      lines.push(`${line},`);
      line = '';
    }
    line = line ? `${line}, ${name}` : name;
  }
  return [...lines, line].map((text) => `  ${text}`).join('\n');
}

/**
 * Certificates opened as the session trace opens them (subject, issuer, role, validity, curve …), the raw
 * DER under them; pkijs is loaded only when there is a certificate to open.
 */
async function openCertificates(node: TreeNode): Promise<TreeNode> {
  const mayHold = (n: TreeNode): boolean => /certificate$/i.test(n.name) || (n.children ?? []).some(mayHold);
  if (!mayHold(node)) return node;
  const { CERTIFICATES, certificateNode } = await import('../rsp-server/trace/decode-exchange.ts');
  const open = (n: TreeNode): TreeNode => {
    if (n.value !== undefined && (n.name === 'Certificate' || CERTIFICATES.has(n.name))) {
      const der = Buffer.from(n.value, 'hex');
      try {
        const opened = certificateNode(n, der);
        return { ...opened, children: [...(opened.children ?? []), { name: 'der', value: n.value }] };
      } catch {
        return n; // not a certificate pkijs can read: the bytes as they are
      }
    }
    return n.children ? { ...n, children: n.children.map(open) } : n;
  };
  return open(node);
}

export function registerDecodeCommand(program: Command): void {
  program
    .command('decode <type> <data>')
    .description(
      `decode DER as an SGP.22 type (e.g. AuthenticateServerResponse, BoundProfilePackage); data: hex, base64 or @file`,
    )
    .option('--json', 'machine-readable output')
    .addHelpText('after', () => `\nTypes:\n${wrap([...TYPES.keys()].sort(), 108)}`)
    .action(async (type: string, data: string, options: { json?: boolean }) => {
      const schema = TYPES.get(type);
      if (!schema) throw new Error(`unknown type ${type}; known: ${[...TYPES.keys()].sort().join(', ')}`);
      let value: unknown;
      try {
        value = schema.decode(bytesOf(data));
      } catch (error) {
        if (error instanceof Asn1DecodeError) throw new Error(`not a valid ${type}: ${error.message}`);
        throw error;
      }
      const tree = await openCertificates(toTree(schema, value, type));
      printResult(options, tree, () => renderTree(tree));
    });
}
