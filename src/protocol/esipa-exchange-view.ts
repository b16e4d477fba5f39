/**
 * One ESipa exchange (SGP.32 6.3.2) as a trace shows it, from either end (the IPA's `--trace`, an eIM's
 * record): the function by the request's tag, its SGP.32 section, both bodies decoded along the declarations of
 * esipa-functions.ts as the readable trees of tree.ts, and the SM-DP+ TransactionID the exchange belongs to
 * when it carries one, so that it can be put beside the ES9+ exchanges of the same download in the SM-DP+'s
 * session trace (`rspsim session show <transactionId>`). A body that does not decode is named, never thrown.
 */
import { Asn1DecodeError } from '../asn1/decode-error.ts';
import type { AnySchema } from '../asn1/schema.ts';
import { readTlv } from '../asn1/tlv.ts';
import { type EsipaFunctionName, EsipaFunctions, esipaFunctionOfTag } from './esipa-functions.ts';
import { type TreeNode, toTree } from './tree.ts';

export interface EsipaExchangeView {
  /** The function the request names, or undefined when its tag names none. */
  readonly function: EsipaFunctionName | undefined;
  readonly section: string | undefined;
  readonly request: TreeNode | string;
  /** Absent for an empty answer (HandleNotification's, an HTTP error without body). */
  readonly response?: TreeNode | string;
  /** The SM-DP+'s TransactionID (hex), when the exchange is part of a relayed download. */
  readonly transactionId?: string;
}

function decoded(schema: AnySchema, der: Buffer, name: string): { tree: TreeNode | string; value?: unknown } {
  try {
    const value = schema.decode(der);
    return { tree: toTree(schema, value, name), value };
  } catch (error) {
    if (error instanceof Asn1DecodeError) return { tree: `not a ${name}: ${error.message}` };
    throw error;
  }
}

/** The first `transactionId` in a decoded value, depth first (requests carry it first; answers in A0). */
function transactionIdIn(value: unknown, depth = 0): Buffer | undefined {
  if (depth > 4 || typeof value !== 'object' || value === null || Buffer.isBuffer(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (Buffer.isBuffer(record.transactionId)) return record.transactionId;
  for (const inner of Object.values(record)) {
    const found = transactionIdIn(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export function esipaExchangeView(request: Buffer, response: Buffer | undefined): EsipaExchangeView {
  let name: EsipaFunctionName | undefined;
  try {
    name = request.length > 0 ? esipaFunctionOfTag(readTlv(request, 0).tag) : undefined;
  } catch (error) {
    if (!(error instanceof Asn1DecodeError)) throw error;
  }
  if (!name) return { function: undefined, section: undefined, request: 'not an ESipa request' };
  const declaration = EsipaFunctions[name];
  const asked = decoded(declaration.request, request, `${name} request`);
  const answered =
    declaration.response && response && response.length > 0
      ? decoded(declaration.response, response, `${name} response`)
      : undefined;
  const transactionId = transactionIdIn(asked.value) ?? transactionIdIn(answered?.value);
  return {
    function: name,
    section: `SGP.32 ${declaration.section}`,
    request: asked.tree,
    ...(answered ? { response: answered.tree } : {}),
    ...(transactionId ? { transactionId: transactionId.toString('hex').toUpperCase() } : {}),
  };
}
