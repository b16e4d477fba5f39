/**
 * One traced exchange decoded for a person: ESipa's DER along the SGP.32 declarations
 * (protocol/esipa-exchange-view.ts), ES9+'s JSON fields along the SGP.22 ones (rsp-server/trace/decode-exchange.ts),
 * the way the SM-DP+'s session trace shows its exchanges. Secrets are masked in both (hashCc, wherever it sits:
 * an ESipa GetBoundProfilePackage request carries the eUICC's PrepareDownloadResponse), certificates opened.
 * Nothing here throws on what a client sent: a body that does not decode is named in its place.
 */
import { Asn1DecodeError } from '../../asn1/decode-error.ts';
import { readTlvHeader } from '../../asn1/tlv.ts';
import { esipaExchangeView } from '../../protocol/esipa-exchange-view.ts';
import {
  type EsipaFunctionName,
  EsipaFunctions,
  esipaFunctionOfTag,
} from '../../protocol/esipa-functions.ts';
import { executionStatusOf } from '../../protocol/function-execution-status.ts';
import type { TreeNode } from '../../protocol/tree.ts';
import { decodeBody, present } from '../../rsp-server/trace/decode-exchange.ts';
import { TruncatedBody } from '../../rsp-server/trace/traced-body.ts';
import type { KeptBody, TracedExchange } from './exchange-trace.ts';

/** The ES9+ functions the eIM relays and their SGP.22 sections (es9-functions.ts cites the same). */
const ES9_SECTIONS: Readonly<Record<string, string>> = {
  initiateAuthentication: '5.6.1',
  getBoundProfilePackage: '5.6.2',
  authenticateClient: '5.6.3',
  handleNotification: '5.6.4',
  cancelSession: '5.6.5',
};

export interface DecodedExchange {
  readonly function: string | undefined;
  /** 'SGP.32 6.3.2.6', 'SGP.22 5.6.3' … */
  readonly section: string | undefined;
  /** HTTP status and what the answer says: its alternative (ESipa) or functionExecutionStatus (ES9+). */
  readonly status: string;
  readonly request: readonly TreeNode[];
  readonly response: readonly TreeNode[];
}

/** The ESipa function a request's outer tag names (its head is enough, so a truncated body names it too). */
export function esipaFunctionOf(request: Buffer | undefined): EsipaFunctionName | undefined {
  try {
    const header = request && request.length > 0 ? readTlvHeader(request) : undefined;
    return header ? esipaFunctionOfTag(header.tag) : undefined;
  } catch (error) {
    if (error instanceof Asn1DecodeError) return undefined; // not DER: the binding answered 400
    throw error;
  }
}

const truncated = (body: TruncatedBody): TreeNode[] => [{ name: 'body', value: body.describe() }];

/** An ESipa answer's outcome: the alternative the eIM chose, down to a named error value if it is one. */
function outcomeOf(tree: TreeNode | undefined): string | undefined {
  let node = tree;
  // CHOICEs and explicit tags wrap the alternative in single-child nodes.
  for (let depth = 0; node && depth < 4; depth++) {
    const [only, ...more] = node.children ?? [];
    if (!only || more.length > 0) break;
    if (only.value !== undefined) return `${only.name}: ${only.value}`;
    node = only;
    if (node.name !== 'value') return node.name;
  }
  return undefined;
}

/**
 * `present` (masks, certificates opened) applied to each field of a message, as the SM-DP+'s trace applies it
 * to each field of an ES9+ body: a field it cannot present (a certificate that is not one) is named
 * undecodable, the others are shown.
 */
function presentFields(tree: TreeNode): TreeNode {
  const presented = (node: TreeNode): TreeNode => {
    try {
      return present(node);
    } catch (error) {
      return { name: node.name, value: `undecodable: ${(error as Error).message}` };
    }
  };
  return tree.children ? { ...tree, children: tree.children.map(presented) } : presented(tree);
}

function esipaView(exchange: TracedExchange): DecodedExchange {
  const http = `HTTP ${exchange.httpStatus || 'none'}`;
  const { request, response } = exchange;
  const name = exchange.function;
  const section =
    name && name in EsipaFunctions
      ? `SGP.32 ${EsipaFunctions[name as EsipaFunctionName].section}`
      : undefined;
  if (!Buffer.isBuffer(request))
    return {
      function: name,
      section,
      status: http,
      request: request instanceof TruncatedBody ? truncated(request) : [],
      response: response instanceof TruncatedBody ? truncated(response) : [],
    };
  let view: ReturnType<typeof esipaExchangeView>;
  try {
    view = esipaExchangeView(request, Buffer.isBuffer(response) ? response : undefined);
  } catch (error) {
    const note = `undecodable: ${(error as Error).message}`;
    return {
      function: name,
      section,
      status: http,
      request: [{ name: 'request', value: note }],
      response: [],
    };
  }
  const asTrees = (tree: TreeNode | string | undefined, what: string): TreeNode[] =>
    tree === undefined ? [] : [typeof tree === 'string' ? { name: what, value: tree } : presentFields(tree)];
  const answer = response instanceof TruncatedBody ? truncated(response) : asTrees(view.response, 'response');
  const outcome = typeof view.response === 'object' ? outcomeOf(view.response) : undefined;
  return {
    function: view.function ?? name,
    section: view.section ?? section,
    status: outcome ? `${http}, ${outcome}` : http,
    request: asTrees(view.request, 'request'),
    response: answer,
  };
}

/** An ES9+ body: its JSON fields decoded, text that is not JSON as it came. */
function es9Body(body: KeptBody): TreeNode[] {
  if (body === undefined) return [];
  if (body instanceof TruncatedBody) return truncated(body);
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // an HTTP error page, a proxy's answer: shown as text
  }
  try {
    return decodeBody(parsed);
  } catch (error) {
    return [{ name: 'undecodable', value: (error as Error).message }];
  }
}

function es9View(exchange: TracedExchange): DecodedExchange {
  const name = exchange.function;
  const section = name && ES9_SECTIONS[name] ? `SGP.22 ${ES9_SECTIONS[name]}` : undefined;
  let execution: ReturnType<typeof executionStatusOf>;
  if (typeof exchange.response === 'string') {
    try {
      execution = executionStatusOf(JSON.parse(exchange.response));
    } catch {
      execution = undefined;
    }
  }
  const codes = execution?.statusCodeData;
  const status = [
    exchange.httpStatus ? `HTTP ${exchange.httpStatus}` : `no answer: ${exchange.failure ?? 'unknown'}`,
    ...(execution ? [execution.status] : []),
    ...(codes ? [`${codes.subjectCode}/${codes.reasonCode}${codes.message ? ` ${codes.message}` : ''}`] : []),
  ].join(', ');
  return {
    function: name,
    section,
    status,
    request: es9Body(exchange.request),
    response: es9Body(exchange.response),
  };
}

export function decodeExchange(exchange: TracedExchange): DecodedExchange {
  try {
    return exchange.interface === 'ESipa' ? esipaView(exchange) : es9View(exchange);
  } catch (error) {
    // whatever was kept, the page shows the rest
    if (!(error instanceof Asn1DecodeError) && !(error instanceof TypeError)) throw error;
    return {
      function: exchange.function,
      section: undefined,
      status: `HTTP ${exchange.httpStatus}`,
      request: [{ name: 'undecodable', value: error.message }],
      response: [],
    };
  }
}
