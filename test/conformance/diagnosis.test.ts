import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { targetFrom } from '../../src/cli/conformance-command.ts';
import { runCampaign } from '../../src/conformance/campaign.ts';
import { SMDP_CASES } from '../../src/conformance/smdp-catalogue.ts';
import type { SmdpTarget } from '../../src/conformance/target.ts';
import { validateScenario } from '../../src/rsp-server/scenarios/scenario.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';

/**
 * Issue 22: a report a lab can act on — an SM-DP+ that answers an error page or a traceback keeps its HTTP
 * status and the start of that body in the report, and the verdict line says what it was.
 */
let smdp: RunningSmdp;
let target: SmdpTarget;
const TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "osmo-smdpp.py", line 480, in initiateAuthentication',
  "    euiccInfo1 = content['euiccInfo1']",
  "KeyError: 'euiccInfo1'",
  `${'x'.repeat(5000)}`,
].join('\n');

beforeAll(async () => {
  smdp = await startTestSmdp();
  target = await targetFrom({
    target: `https://${smdp.address}`,
    euicc: 'generated',
    curves: 'P-256',
    profileType: 'X',
  });
});
afterAll(async () => {
  await smdp?.close();
});

describe('diagnosis in the report', () => {
  it('keeps the HTTP status and the first 4 KB of a body that is not JSON; the verdict shows its gist', async () => {
    const scenario = validateScenario({
      name: 'traceback',
      function: 'initiateAuthentication',
      action: { type: 'http', status: 500, body: TRACEBACK },
    });
    smdp.scenarios.add(scenario);
    try {
      const [result] = await runCampaign(
        target,
        SMDP_CASES.filter((c) => c.id === 'IA-NOM-P256'),
      );
      expect(result?.verdict).toBe('fail');
      expect(result?.observed).toBe(
        `HTTP 500 with a body that is not JSON (HTTP 500): "Traceback (most recent call last): … ${'x'.repeat(160)}…"`,
      );
      const exchange = result?.exchanges.find((e) => e.path.endsWith('/initiateAuthentication'));
      expect(exchange?.status).toBe(500);
      const response = exchange?.response as { error: string; body: string };
      expect(response.error).toBe('HTTP 500 with a body that is not JSON');
      expect(response.body.startsWith(`${TRACEBACK.slice(0, 4096)}\n… (`)).toBe(true);
      expect(response.body).toContain("KeyError: 'euiccInfo1'");
    } finally {
      smdp.scenarios.remove('traceback');
    }
  });
});
