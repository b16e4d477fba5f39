/**
 * The test-lab scenarios through the admin API: list, add, remove, enable, disable. The SM-DP+ and the SM-DS
 * serve the same routes (each with its own engine), so `rspsim scenario ...` drives either.
 */
import type { FastifyInstance } from 'fastify';
import { ScenarioError, validateScenario } from '../scenarios/scenario.ts';
import type { ScenarioEngine } from '../scenarios/scenario-engine.ts';

/** Registers inside an admin scope (registerAdminScope): the caller has checked the token. */
export function registerScenarioRoutes(admin: FastifyInstance, scenarios?: ScenarioEngine): void {
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
}
