/**
 * The administration API of the SM-DP+ (test-lab use): sessions and their decoded traces, live, and the
 * test-lab scenarios. Every call needs `Authorization: Bearer <admin token>` (or, to read, the admin page's
 * cookie: admin-auth.ts).
 */
import type { FastifyInstance } from 'fastify';
import { ScenarioError, validateScenario } from '../scenarios/scenario.ts';
import type { ScenarioEngine } from '../scenarios/scenario-engine.ts';
import type { SessionTraceStore } from '../trace/session-trace.ts';
import { traceView } from '../trace/trace-view.ts';
import { registerAdminScope } from './admin-auth.ts';
import { registerTraceEvents } from './admin-trace-events.ts';

export function registerAdminRoutes(
  app: FastifyInstance,
  trace: SessionTraceStore,
  token: string,
  scenarios?: ScenarioEngine,
): void {
  registerAdminScope(app, token, (admin) => {
    admin.get('/admin/sessions', async () => ({ sessions: trace.list() }));
    admin.get('/admin/scenarios', async () => ({ scenarios: scenarios?.list() ?? [] }));
    admin.delete<{ Params: { name: string } }>('/admin/scenarios/:name', async (request, reply) =>
      scenarios?.remove(request.params.name)
        ? { removed: request.params.name }
        : reply.code(404).send({ error: `no scenario ${request.params.name}` }),
    );
    // A scenario listed but held back (enabled: false) is turned on for a test, and off again.
    for (const [verb, enabled] of [
      ['enable', true],
      ['disable', false],
    ] as const) {
      admin.post<{ Params: { name: string } }>(`/admin/scenarios/:name/${verb}`, async (request, reply) =>
        scenarios?.setEnabled(request.params.name, enabled)
          ? { [`${verb}d`]: request.params.name }
          : reply.code(404).send({ error: `no scenario ${request.params.name}` }),
      );
    }
    // Scenarios added at run time (JSON body, parsed here: the ES9+ routes take bodies as text).
    admin.post('/admin/scenarios', async (request, reply) => {
      if (!scenarios) return reply.code(404).send({ error: 'scenarios are off' });
      try {
        const scenario = validateScenario(JSON.parse(String(request.body)));
        scenarios.add(scenario);
        return reply.code(201).send({ added: scenario.name });
      } catch (error) {
        return reply
          .code(400)
          .send({ error: error instanceof ScenarioError ? error.message : 'the body is not JSON' });
      }
    });
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
