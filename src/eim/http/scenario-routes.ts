/**
 * The eIM's test-lab scenarios on its admin API (behind the admin token, ESipa's port only; never on the
 * plain-HTTP operator port): `GET /scenarios` lists the catalogue and what is armed; `POST /scenarios/<name>`
 * with `{"eid": "<32 hex digits>"}` (or `{}` for any eUICC) arms it for the next package; `DELETE
 * /scenarios/<name>` disarms it. A name outside the catalogue is 404, a bad EID 400.
 */
import type { FastifyInstance } from 'fastify';
import { jsonObjectOf } from '../../rsp-server/http/admin-json-bodies.ts';
import { EIM_SCENARIOS, type EimScenarios, isEid, isEimScenarioName } from '../scenarios/eim-scenarios.ts';

export function registerEimScenarioRoutes(scope: FastifyInstance, scenarios: EimScenarios): void {
  const unknown = (name: string) => ({
    error: `no eIM scenario ${name} (${EIM_SCENARIOS.map((s) => s.name).join(', ')})`,
  });
  scope.get('/scenarios', async () => ({ scenarios: EIM_SCENARIOS, armed: scenarios.list() }));
  scope.post<{ Params: { name: string } }>('/scenarios/:name', async (request, reply) => {
    const { name } = request.params;
    if (!isEimScenarioName(name)) return reply.code(404).send(unknown(name));
    const { eid } = jsonObjectOf(request);
    if (eid !== undefined && !(typeof eid === 'string' && isEid(eid)))
      return reply.code(400).send({ error: 'eid must be 32 hexadecimal digits' });
    return { armed: scenarios.arm(name, eid) };
  });
  scope.delete<{ Params: { name: string } }>('/scenarios/:name', async (request, reply) => {
    const { name } = request.params;
    if (!isEimScenarioName(name)) return reply.code(404).send(unknown(name));
    return { disarmed: scenarios.disarm(name) };
  });
}
