/**
 * The administration API of the SM-DP+ (test-lab use): sessions and their decoded traces, live, and the
 * test-lab scenarios. Every call needs `Authorization: Bearer <admin token>` (or, to read, the admin page's
 * cookie: admin-auth.ts).
 */
import type { FastifyInstance } from 'fastify';
import { type AdminAuth, registerAdminScope } from '../../rsp-server/http/admin-auth.ts';
import { registerScenarioRoutes } from '../../rsp-server/http/admin-scenario-routes.ts';
import type { ScenarioList } from '../../rsp-server/scenarios/scenario-engine.ts';
import type { ProfileRepository } from '../profile-repository.ts';
import { createScenarioOrder } from '../scenarios/scenario-orders.ts';
import type { SessionTraceStore } from '../trace/session-trace.ts';
import { traceView } from '../trace/trace-view.ts';
import { registerTraceEvents } from './admin-trace-events.ts';

export function registerAdminRoutes(
  app: FastifyInstance,
  trace: SessionTraceStore,
  auth: AdminAuth,
  scenarios?: ScenarioList,
  orders?: ProfileRepository,
): void {
  registerAdminScope(app, auth, (admin) => {
    admin.get('/admin/sessions', async () => ({ sessions: trace.list() }));
    registerScenarioRoutes(
      admin,
      scenarios,
      orders && ((matchingId) => createScenarioOrder(orders, matchingId)),
    );
    admin.get<{ Params: { transactionId: string } }>(
      '/admin/sessions/:transactionId',
      async (request, reply) => {
        const traced = trace.get(request.params.transactionId);
        if (!traced) return reply.code(404).send({ error: `no session ${request.params.transactionId}` });
        return traceView(request.params.transactionId, traced);
      },
    );
    // The same view as a file to keep or attach to a bug report.
    admin.get<{ Params: { transactionId: string } }>(
      '/admin/sessions/:transactionId/export',
      async (request, reply) => {
        const traced = trace.get(request.params.transactionId);
        if (!traced) return reply.code(404).send({ error: `no session ${request.params.transactionId}` });
        const view = traceView(request.params.transactionId, traced);
        return reply
          .header('Content-Disposition', `attachment; filename="rspsim-session-${view.transactionId}.json"`)
          .type('application/json')
          .send(JSON.stringify(view, null, 2));
      },
    );
    registerTraceEvents(admin, trace);
  });
}
