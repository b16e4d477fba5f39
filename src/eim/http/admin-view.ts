/**
 * The eIM's admin page (`GET /admin/ui[?euiccs=n][&orders=m]`, read-only): its facts, the eUICCs it knows and
 * per EID its orders with status, times and outcome, read from the EimRepository a page at a time (eUICC
 * records by EID, orders newest first, ADMIN_VIEW_EUICCS and ADMIN_VIEW_ORDERS to a page), with a link to
 * each EID's traced exchanges (admin-exchanges.ts). Registered in the admin scope
 * (create-server.ts): the admin token as bearer, or the cookie of the shared page login
 * (rsp-server/http/admin-login-routes.ts). Rendered on the server (admin-view-page.ts), no script.
 */
import type { FastifyInstance } from 'fastify';
import type { EimEuicc, EimOrder } from '../eim-repository.ts';
import type { EimContext } from '../server/context.ts';
import { exchangeCountsByEid } from '../trace/exchanges-page-view.ts';
import { sendAdminError, sendAdminPage } from './admin-page-reply.ts';
import { type AdminQuery, pageParameter, type QueryError, unknownParameter } from './admin-query.ts';
import { type AdminViewPages, type EimAdminView, renderEimAdminPage } from './admin-view-page.ts';

/** eUICC records (by EID) and orders (newest first) on one page of the admin page. */
export const ADMIN_VIEW_EUICCS = 100;
export const ADMIN_VIEW_ORDERS = 100;

/** The pages a query asks for (`?euiccs=n&orders=m`), or why it cannot be. */
export function adminViewQuery(query: AdminQuery): AdminViewPages | QueryError {
  const unknown = unknownParameter(query, ['euiccs', 'orders']);
  if (unknown) return unknown;
  const euiccs = pageParameter(query, 'euiccs');
  if (typeof euiccs !== 'number') return euiccs;
  const orders = pageParameter(query, 'orders');
  if (typeof orders !== 'number') return orders;
  return { euiccs, orders };
}

/**
 * What the page shows, read from the repository: one bounded read each of records and orders, one more
 * than a page to know whether another page follows.
 */
export async function eimAdminView(
  eim: EimContext,
  pages: AdminViewPages = { euiccs: 1, orders: 1 },
): Promise<EimAdminView> {
  const euiccs = await eim.repository.euiccs(ADMIN_VIEW_EUICCS + 1, (pages.euiccs - 1) * ADMIN_VIEW_EUICCS);
  const orders = await eim.repository.recentOrders(
    ADMIN_VIEW_ORDERS + 1,
    (pages.orders - 1) * ADMIN_VIEW_ORDERS,
  );
  const rows = new Map<string, { euicc?: EimEuicc; orders: EimOrder[] }>();
  for (const euicc of euiccs.slice(0, ADMIN_VIEW_EUICCS)) rows.set(euicc.eid, { euicc, orders: [] });
  for (const order of orders.slice(0, ADMIN_VIEW_ORDERS)) {
    const row = rows.get(order.eid) ?? { orders: [] };
    row.orders.push(order);
    rows.set(order.eid, row);
  }
  return {
    eimId: eim.identity.eimId,
    address: eim.config.address,
    curve: eim.identity.curve,
    eids: [...rows].map(([eid, row]) => ({ eid, ...row })),
    ...(eim.trace ? { exchangesByEid: exchangeCountsByEid(eim.trace) } : {}),
    pages: {
      ...pages,
      moreEuiccs: euiccs.length > ADMIN_VIEW_EUICCS,
      moreOrders: orders.length > ADMIN_VIEW_ORDERS,
    },
  };
}

/** Registers the page in `admin` (a scope behind the admin token). */
export function registerEimAdminView(admin: FastifyInstance, eim: EimContext): void {
  for (const path of ['/admin/ui', '/admin/ui/'])
    admin.get(path, async (request, reply) => {
      const pages = adminViewQuery((request.query ?? {}) as AdminQuery);
      if ('error' in pages) return sendAdminError(reply, pages);
      return sendAdminPage(reply, renderEimAdminPage(await eimAdminView(eim, pages)));
    });
}
