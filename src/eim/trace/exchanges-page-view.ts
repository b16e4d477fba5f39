/**
 * What the admin page's exchange list shows (`GET /admin/ui/exchanges`): the traced exchanges, newest first,
 * optionally of one EID or one transaction, a page at a time; on the page, grouped per EID and transaction
 * (eimTransactionId, else the SM-DP+'s TransactionID) and each group in order, every ESipa exchange beside the
 * ES9+ exchanges the eIM made while answering it (SGP.32 3.2: the relay calls ES9+ inside each ESipa
 * function, so an ES9+ exchange is recorded before the ESipa answer it fed).
 */
import { renderTree } from '../../protocol/tree.ts';
import { type ExchangeIdentity, linkedIdentities } from './exchange-identity.ts';
import type { ExchangeTrace, TracedExchange, TracedInterface } from './exchange-trace.ts';
import { decodeExchange } from './exchange-view.ts';

/** Exchanges on one page: about four indirect downloads with both sides. */
export const EXCHANGES_PER_PAGE = 40;
/** Longest decoded text shown for one body: a large Bound Profile Package stays readable. */
const MAX_SHOWN = 20_000;

export interface ExchangeFilter {
  /** An EID (32 hex digits or as CERT.EUICC names it). */
  readonly eid?: string;
  /** An eimTransactionId or an SM-DP+ TransactionID, hex. */
  readonly transaction?: string;
}

export interface ExchangeItem {
  readonly seq: number;
  readonly interface: TracedInterface;
  readonly function: string;
  readonly section: string;
  readonly status: string;
  /** ISO 8601, from the eIM's clock. */
  readonly at: string;
  readonly durationMs: number;
  readonly peer: string;
  /** Decoded, as text (renderTree), cut at MAX_SHOWN. */
  readonly request: string;
  readonly response: string;
}

/** One ESipa exchange and the ES9+ exchanges made for it (either side may be missing). */
export interface ExchangeRow {
  readonly esipa?: ExchangeItem;
  readonly es9: readonly ExchangeItem[];
}

export interface ExchangeGroup extends ExchangeIdentity {
  readonly transactionIds: readonly string[];
  readonly rows: readonly ExchangeRow[];
}

export interface ExchangesPage {
  readonly filter: ExchangeFilter;
  readonly page: number;
  readonly pages: number;
  /** Exchanges kept that match the filter. */
  readonly matching: number;
  readonly kept: number;
  readonly bytes: number;
  readonly maxBytes: number;
  readonly maxExchanges: number;
  readonly dropped: number;
  readonly groups: readonly ExchangeGroup[];
}

const cut = (text: string): string =>
  text.length > MAX_SHOWN
    ? `${text.slice(0, MAX_SHOWN)}\n… (${text.length - MAX_SHOWN} more characters)`
    : text;

function item(exchange: TracedExchange): ExchangeItem {
  const decoded = decodeExchange(exchange);
  const text = (nodes: typeof decoded.request) => cut(nodes.map((node) => renderTree(node)).join('\n'));
  return {
    seq: exchange.seq,
    interface: exchange.interface,
    function: decoded.function ?? 'unknown function',
    section: decoded.section ?? '',
    status: decoded.status,
    at: new Date(exchange.at).toISOString(),
    durationMs: Math.round(exchange.durationMs * 100) / 100,
    peer: exchange.peer,
    request: text(decoded.request),
    response: text(decoded.response),
  };
}

const matches = (identity: ExchangeIdentity, filter: ExchangeFilter): boolean =>
  (filter.eid === undefined || identity.eid === filter.eid.toUpperCase()) &&
  (filter.transaction === undefined ||
    identity.eimTransactionId === filter.transaction.toUpperCase() ||
    identity.transactionId === filter.transaction.toUpperCase());

/** Each ESipa exchange with the ES9+ ones recorded since the previous ESipa one of its group. */
function rowsOf(exchanges: readonly TracedExchange[]): ExchangeRow[] {
  const rows: ExchangeRow[] = [];
  let pending: ExchangeItem[] = [];
  for (const exchange of [...exchanges].sort((a, b) => a.seq - b.seq)) {
    if (exchange.interface === 'ES9+') pending.push(item(exchange));
    else {
      rows.push({ esipa: item(exchange), es9: pending });
      pending = [];
    }
  }
  if (pending.length > 0) rows.push({ es9: pending });
  return rows;
}

export function exchangesPage(trace: ExchangeTrace, filter: ExchangeFilter, page: number): ExchangesPage {
  const all = trace.exchanges();
  const identities = linkedIdentities(all);
  const matching = all.filter((exchange) => matches(identities.get(exchange) ?? {}, filter)).reverse();
  const pages = Math.max(1, Math.ceil(matching.length / EXCHANGES_PER_PAGE));
  const shown = matching.slice((page - 1) * EXCHANGES_PER_PAGE, page * EXCHANGES_PER_PAGE);
  const groups = new Map<
    string,
    { identity: ExchangeIdentity; exchanges: TracedExchange[]; ids: Set<string> }
  >();
  for (const exchange of shown) {
    const identity = identities.get(exchange) ?? {};
    const key = `${identity.eid ?? ''} ${identity.eimTransactionId ?? identity.transactionId ?? ''}`;
    const group = groups.get(key) ?? { identity, exchanges: [], ids: new Set<string>() };
    group.exchanges.push(exchange);
    if (identity.transactionId) group.ids.add(identity.transactionId);
    groups.set(key, group);
  }
  return {
    filter,
    page,
    pages,
    matching: matching.length,
    kept: all.length,
    bytes: trace.bytes,
    maxBytes: trace.limits.maxBytes,
    maxExchanges: trace.limits.maxExchanges,
    dropped: trace.dropped,
    groups: [...groups.values()].map(({ identity, exchanges, ids }) => ({
      ...(identity.eid ? { eid: identity.eid } : {}),
      ...(identity.eimTransactionId ? { eimTransactionId: identity.eimTransactionId } : {}),
      transactionIds: [...ids],
      rows: rowsOf(exchanges),
    })),
  };
}

/** How many exchanges are kept per EID (the orders page links to each EID's). */
export function exchangeCountsByEid(trace: ExchangeTrace): Map<string, number> {
  const counts = new Map<string, number>();
  for (const identity of linkedIdentities(trace.exchanges()).values())
    if (identity.eid) counts.set(identity.eid, (counts.get(identity.eid) ?? 0) + 1);
  return counts;
}
