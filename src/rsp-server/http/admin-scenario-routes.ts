/**
 * The test-lab scenarios through the admin API: list, add, remove, enable, disable. The SM-DP+ and the SM-DS
 * serve the same routes (each with its own engine), so `rspsim scenario ...` drives either.
 */
import type { FastifyInstance } from 'fastify';
import { type Scenario, ScenarioError, validateScenario } from '../scenarios/scenario.ts';
import type { ScenarioList } from '../scenarios/scenario-engine.ts';
import {
  type CreateScenarioOrder,
  type ScenarioOrder,
  ScenarioOrderError,
} from '../scenarios/scenario-order.ts';
import { jsonBodyOf } from './admin-json-bodies.ts';

/**
 * Registers inside an admin scope (registerAdminScope): the caller has checked the token. `orderFor`:
 * how the SM-DP+ creates the order a scenario names on `?createOrder=true` (the SM-DS holds none).
 */
export function registerScenarioRoutes(
  admin: FastifyInstance,
  scenarios?: ScenarioList,
  orderFor?: CreateScenarioOrder,
): void {
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
  // Scenarios added at run time (JSON body, admin-json-bodies.ts). With
  // ?createOrder=true the order the scenario names is created first when missing (scenario-orders.ts).
  admin.post<{ Querystring: { createOrder?: string } }>('/admin/scenarios', async (request, reply) => {
    if (!scenarios) return reply.code(404).send({ error: 'scenarios are off' });
    const createOrder = request.query.createOrder;
    if (createOrder !== undefined && createOrder !== 'true' && createOrder !== 'false')
      return reply.code(400).send({ error: 'createOrder must be true or false' });
    let scenario: Scenario;
    try {
      scenario = validateScenario(jsonBodyOf(request));
    } catch (error) {
      if (error instanceof ScenarioError) return reply.code(400).send({ error: error.message });
      throw error;
    }
    const matchingId = scenario.match.matchingId;
    let order: ScenarioOrder | undefined;
    if (createOrder === 'true' && matchingId) {
      if (!orderFor) return reply.code(400).send({ error: 'this server holds no orders' });
      try {
        order = await orderFor(matchingId);
      } catch (error) {
        if (error instanceof ScenarioOrderError) return reply.code(409).send({ error: error.message });
        throw error;
      }
    }
    scenarios.add(scenario);
    return reply.code(201).send({ added: scenario.name, ...(order ? { order } : {}) });
  });
}
