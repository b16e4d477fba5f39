/**
 * The eIM admin page's exchange list (`GET /admin/ui/exchanges[?eid=…][&transaction=…][&page=n]`, read-only):
 * the ESipa exchanges served and the ES9+ exchanges relayed (src/eim/trace/), decoded, per EID and
 * transaction, a page at a time. In the admin scope like the rest of the page (the admin token or the shared
 * login's cookie). A query that is not one of these answers 400 with one line saying what is wrong.
 */
import type { FastifyInstance } from 'fastify';
import type { EimContext } from '../server/context.ts';
import { type ExchangeFilter, exchangesPage } from '../trace/exchanges-page-view.ts';
import { EXCHANGES_PATH, renderExchangesPage } from './admin-exchanges-page.ts';
import { sendAdminError, sendAdminPage } from './admin-page-reply.ts';
import { type AdminQuery, pageParameter, type QueryError, unknownParameter } from './admin-query.ts';

/** Hex as the trace shows identifiers: an EID (16 octets), an eimTransactionId or TransactionID (1 to 16). */
const EID = /^[0-9A-Fa-f]{32}$/;
const TRANSACTION = /^(?:[0-9A-Fa-f]{2}){1,16}$/;

/** The filter and page a query asks for, or why it cannot be one. */
export function exchangesQuery(query: AdminQuery): { filter: ExchangeFilter; page: number } | QueryError {
  const unknown = unknownParameter(query, ['eid', 'transaction', 'page']);
  if (unknown) return unknown;
  const { eid, transaction } = query;
  if (eid !== undefined && (typeof eid !== 'string' || !EID.test(eid)))
    return { error: 'eid must be 32 hex digits' };
  if (transaction !== undefined && (typeof transaction !== 'string' || !TRANSACTION.test(transaction)))
    return { error: 'transaction must be 1 to 16 octets in hex' };
  const page = pageParameter(query, 'page');
  if (typeof page !== 'number') return page;
  return {
    filter: {
      ...(typeof eid === 'string' ? { eid: eid.toUpperCase() } : {}),
      ...(typeof transaction === 'string' ? { transaction: transaction.toUpperCase() } : {}),
    },
    page,
  };
}

/** Registers the list in `admin` (a scope behind the admin token); nothing when the eIM traces nothing. */
export function registerEimExchangesView(admin: FastifyInstance, eim: EimContext): void {
  const { trace } = eim;
  if (!trace) return;
  admin.get(EXCHANGES_PATH, async (request, reply) => {
    const asked = exchangesQuery((request.query ?? {}) as AdminQuery);
    if ('error' in asked) return sendAdminError(reply, asked);
    const view = exchangesPage(trace, asked.filter, asked.page);
    return sendAdminPage(reply, renderExchangesPage(eim.identity.eimId, view));
  });
}
