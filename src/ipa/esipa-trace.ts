/**
 * The IPA's own decoded trace of its ESipa exchanges (`rspsim ipa run --trace <file>`): one JSON line per
 * exchange, appended as it happens (a run that stops keeps what it did), with the function, its SGP.32
 * section, the HTTP status, the time taken, both bodies in hex and each decoded along its declaration
 * (src/protocol/esipa-functions.ts) as the tree `rspsim decode` and the SM-DP+'s trace show.
 */
import { appendFileSync } from 'node:fs';
import { Asn1DecodeError } from '../asn1/decode-error.ts';
import type { AnySchema } from '../asn1/schema.ts';
import { EsipaFunctions } from '../protocol/esipa-functions.ts';
import { type TreeNode, toTree } from '../protocol/tree.ts';
import type { EsipaExchange } from './esipa-client.ts';

export interface EsipaTraceLine {
  readonly time: string;
  readonly function: string;
  readonly section: string;
  readonly status: number;
  readonly milliseconds: number;
  readonly request: { readonly hex: string; readonly decoded: TreeNode | string };
  readonly response: { readonly hex: string; readonly decoded?: TreeNode | string };
}

/** A body decoded by its type, or why it does not decode. */
function decoded(schema: AnySchema, der: Buffer, name: string): TreeNode | string {
  try {
    return toTree(schema, schema.decode(der), name);
  } catch (error) {
    if (error instanceof Asn1DecodeError) return `not a ${name}: ${error.message}`;
    throw error;
  }
}

export function traceLine(exchange: EsipaExchange, now: Date): EsipaTraceLine {
  const declaration = EsipaFunctions[exchange.functionName];
  const response = declaration.response;
  return {
    time: now.toISOString(),
    function: exchange.functionName,
    section: `SGP.32 ${declaration.section}`,
    status: exchange.status,
    milliseconds: Math.round(exchange.milliseconds),
    request: {
      hex: exchange.request.toString('hex').toUpperCase(),
      decoded: decoded(declaration.request, exchange.request, `${exchange.functionName} request`),
    },
    response: {
      hex: exchange.response.toString('hex').toUpperCase(),
      ...(response && exchange.response.length > 0
        ? { decoded: decoded(response, exchange.response, `${exchange.functionName} response`) }
        : {}),
    },
  };
}

/** An onExchange that appends each exchange to `file`, its time from `clock`. */
export const esipaTraceWriter =
  (file: string, clock: () => Date = () => new Date()) =>
  (exchange: EsipaExchange): void =>
    appendFileSync(file, `${JSON.stringify(traceLine(exchange, clock()))}\n`);
