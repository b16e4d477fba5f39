import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { targetFrom } from '../../src/cli/conformance-smdp-command.ts';
import { runCampaign } from '../../src/conformance/campaign.ts';
import { errorReasonLabel } from '../../src/conformance/error-reason.ts';
import { htmlReport } from '../../src/conformance/report/html.ts';
import { jsonReport } from '../../src/conformance/report/json.ts';
import { junitReport } from '../../src/conformance/report/junit.ts';
import { summaryTable } from '../../src/conformance/report/terminal.ts';
import { rootCauseLine, rootCauses } from '../../src/conformance/root-causes.ts';
import { SMDP_CASES } from '../../src/conformance/smdp-catalogue.ts';
import type { SmdpTarget } from '../../src/conformance/target.ts';
import { validateScenario } from '../../src/rsp-server/scenarios/scenario.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { startConformanceSmdp } from '../helpers/conformance-smdp.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { parseStrictXml } from '../helpers/strict-xml.ts';

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
    curves: 'P-256,brainpoolP256r1',
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
      const results = await runCampaign(
        target,
        SMDP_CASES.filter((c) => ['IA-NOM-P256', 'IA-NOM-BRP'].includes(c.id)),
      );
      const result = results.find((r) => r.id === 'IA-NOM-P256');
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

      // The two failures are one root cause, at the top of every report.
      const causes = rootCauses(results);
      expect(causes).toEqual([
        { function: 'initiateAuthentication', observed: result?.observed, cases: results.map((r) => r.id) },
      ]);
      const line = rootCauseLine(causes[0] ?? { function: '', observed: '', cases: [] });
      expect(line).toMatch(
        /^2 cases: initiateAuthentication → HTTP 500 with a body that is not JSON .*\(IA-NOM-P256, /,
      );
      const table = summaryTable(results);
      expect(table.split('\n').slice(0, 2)).toEqual([
        'failures by root cause (same function, same observation):',
        `  ${line}`,
      ]);
      const info = { dut: 'smdp', target: 'x', startedAt: 'now' } as const;
      expect(JSON.parse(jsonReport(info, results)).rootCauses).toEqual(causes);
      expect(htmlReport(info, results)).toMatch(
        /<h2>Failures by root cause<\/h2>\n<ul class="root-causes"><li>2 × <b>initiateAuthentication<\/b>/,
      );
      const junit = parseStrictXml(junitReport(results));
      const properties = junit.children
        .flatMap((suite) => suite.children)
        .map((t) => t.children.find((c) => c.name === 'properties'))
        .map((p) => p?.children.find((c) => c.attributes.name === 'rootCause')?.attributes.value);
      expect(properties).toEqual([line, line]);
    } finally {
      smdp.scenarios.remove('traceback');
    }
  });

  it("shows our eUICC's own detail beside the errorReason of an installation it refused", async () => {
    const own = await startConformanceSmdp(1, {}, 700);
    own.smdp.scenarios.add(
      validateScenario({
        name: 'tampered',
        function: 'getBoundProfilePackage',
        action: { type: 'corrupt', field: 'segment86' },
      }),
    );
    try {
      const [result] = await runCampaign(
        own.target,
        SMDP_CASES.filter((c) => c.id === 'GBPP-NOM-P256'),
      );
      expect(result?.verdict).toBe('fail');
      expect(result?.observed).toBe('errorReason 8 scp03tSecurityError — C-MAC does not verify');
    } finally {
      await own.close();
    }
    expect(errorReasonLabel(7, 'segment 1036 bytes > 1020')).toBe(
      'errorReason 7 scp03tStructureError — segment 1036 bytes > 1020',
    );
  });

  it('names every eUICC errorReason as SGP.22 ErrorReason does', () => {
    expect(errorReasonLabel(7)).toBe('errorReason 7 scp03tStructureError');
    expect(errorReasonLabel(13)).toBe('errorReason 13 installFailedDueToIccidMismatch');
    expect(errorReasonLabel(127)).toBe('errorReason 127 installFailedDueToUnknownError');
    expect(errorReasonLabel(99)).toBe('errorReason 99 (not in the ErrorReason enumeration)');
  });
});
