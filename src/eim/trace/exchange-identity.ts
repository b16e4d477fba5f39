/**
 * Which eUICC and which transaction a traced exchange belongs to, read from its decoded bodies: the EID
 * (eidValue of GetEimPackage and ProvideEimPackageResult, SGP.32 6.3.2.6-7; the EID of CERT.EUICC in
 * AuthenticateClient, SGP.22 4.5.2.1), the eIM's eimTransactionId (of a package or a download trigger, SGP.32
 * 2.11.2) and the SM-DP+'s TransactionID (SGP.22 3.1.3). Most exchanges of an indirect download carry only the
 * TransactionID and the poll that started it only the eimTransactionId, so the identifiers are linked across
 * the exchanges kept: an InitiateAuthentication names both, an AuthenticateClient the EID with the
 * TransactionID. Computed when the page is looked at, once per exchange (cached while it is kept).
 */
import type { TreeNode } from '../../protocol/tree.ts';
import type { TracedExchange } from './exchange-trace.ts';
import { decodeExchange } from './exchange-view.ts';

export interface ExchangeIdentity {
  readonly eid?: string;
  readonly eimTransactionId?: string;
  readonly transactionId?: string;
}

type Found = { -readonly [K in keyof ExchangeIdentity]: ExchangeIdentity[K] };

/** The tree node names each identifier is found under (a certificate node's `eid`: certificateNode). */
const NAMES: Readonly<Record<string, keyof ExchangeIdentity>> = {
  eidValue: 'eid',
  eid: 'eid',
  eimTransactionId: 'eimTransactionId',
  transactionId: 'transactionId',
};

/** The first of each identifier, depth first (a request names its own before any it carries inside). */
function collect(nodes: readonly TreeNode[], found: Found, depth = 0): void {
  if (depth > 32) return;
  for (const node of nodes) {
    const key = NAMES[node.name];
    if (key && node.value !== undefined && found[key] === undefined) found[key] = node.value.toUpperCase();
    if (node.children) collect(node.children, found, depth + 1);
  }
}

const identities = new WeakMap<TracedExchange, ExchangeIdentity>();

/** The identifiers an exchange's own bodies carry. */
export function ownIdentity(exchange: TracedExchange): ExchangeIdentity {
  const known = identities.get(exchange);
  if (known) return known;
  const decoded = decodeExchange(exchange);
  const found: Found = {};
  collect(decoded.request, found);
  collect(decoded.response, found);
  identities.set(exchange, found);
  return found;
}

/** Each exchange's identifiers with what the others tell: the EID and eimTransactionId of its transaction. */
export function linkedIdentities(
  exchanges: readonly TracedExchange[],
): Map<TracedExchange, ExchangeIdentity> {
  const own = new Map(exchanges.map((exchange) => [exchange, ownIdentity(exchange)] as const));
  const eidOf = new Map<string, string>();
  const eimTransactionOf = new Map<string, string>();
  for (const { eid, eimTransactionId, transactionId } of own.values()) {
    if (eid && transactionId) eidOf.set(transactionId, eid);
    if (eid && eimTransactionId) eidOf.set(eimTransactionId, eid);
    if (eimTransactionId && transactionId) eimTransactionOf.set(transactionId, eimTransactionId);
  }
  const linked = new Map<TracedExchange, ExchangeIdentity>();
  for (const [exchange, identity] of own) {
    const eimTransactionId =
      identity.eimTransactionId ?? (identity.transactionId && eimTransactionOf.get(identity.transactionId));
    const eid =
      identity.eid ??
      (identity.transactionId && eidOf.get(identity.transactionId)) ??
      (eimTransactionId && eidOf.get(eimTransactionId));
    linked.set(exchange, {
      ...(eid ? { eid } : {}),
      ...(eimTransactionId ? { eimTransactionId } : {}),
      ...(identity.transactionId ? { transactionId: identity.transactionId } : {}),
    });
  }
  return linked;
}
