/**
 * The eIM's admin page (`GET /admin/ui`, read-only): its facts, the eUICCs it knows and per EID the newest
 * orders with status, times and outcome, read from the EimRepository in bounded pages (a store with many
 * orders answers with the newest ADMIN_VIEW_ORDERS and says so). Registered in the admin scope
 * (create-server.ts): the admin token as bearer, or the cookie of the shared page login
 * (rsp-server/http/admin-login-routes.ts). Rendered on the server (admin-view-page.ts), no script.
 */
import type { FastifyInstance } from 'fastify';
import type { EimEuicc, EimOrder } from '../eim-repository.ts';
import type { EimContext } from '../server/context.ts';
import { exchangeCountsByEid } from '../trace/exchanges-page-view.ts';
import { sendAdminPage } from './admin-page-reply.ts';
import { type EimAdminView, renderEimAdminPage } from './admin-view-page.ts';

/** The page shows at most this many eUICC records and orders (newest first): one page, bounded. */
export const ADMIN_VIEW_EUICCS = 200;
export const ADMIN_VIEW_ORDERS = 500;

/** One EID's row: its record (absent for an EID that only has orders) and its orders, newest first. */
/** What the page shows, read from the repository (one bounded read each of records and orders). */
export async function eimAdminView(eim: EimContext): Promise<EimAdminView> {
  const euiccs = await eim.repository.euiccs(ADMIN_VIEW_EUICCS + 1);
  const orders = await eim.repository.recentOrders(ADMIN_VIEW_ORDERS + 1);
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
    truncated: euiccs.length > ADMIN_VIEW_EUICCS || orders.length > ADMIN_VIEW_ORDERS,
  };
}

/** Registers the page in `admin` (a scope behind the admin token). */
export function registerEimAdminView(admin: FastifyInstance, eim: EimContext): void {
  const page = async () => renderEimAdminPage(await eimAdminView(eim));
  for (const path of ['/admin/ui', '/admin/ui/'])
    admin.get(path, async (_request, reply) => sendAdminPage(reply, await page()));
}
