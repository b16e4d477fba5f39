import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseResult, runCampaign } from '../../src/conformance/campaign.ts';
import { htmlReport } from '../../src/conformance/report/html.ts';
import { junitReport } from '../../src/conformance/report/junit.ts';
import { SMDP_CASES } from '../../src/conformance/smdp-catalogue.ts';
import type { SmdpTarget } from '../../src/conformance/target.ts';
import { validateScenario } from '../../src/rsp-server/scenarios/scenario.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';

import { startConformanceSmdp } from '../helpers/conformance-smdp.ts';

/**
 * The conformance reports in a real browser (Debian's Chromium, as the admin page test): the HTML page of a
 * real campaign with a failing case renders self-contained (no request leaves the page) and shows the
 * expected and observed values; Chromium's own XML parser reads the JUnit file.
 */
const executablePath =
  process.env.RSPSIM_CHROMIUM || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
if (!executablePath) {
  if (process.env.CI)
    throw new Error('CI must run the report browser test: set RSPSIM_CHROMIUM (.ci/run does)');
  console.warn(
    'conformance report browser test skipped: no Chromium (apt-get install chromium, or set RSPSIM_CHROMIUM)',
  );
}
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let smdp: RunningSmdp;
let close: () => Promise<void>;
let browser: Browser;
let results: CaseResult[];
const IDS = ['IA-NOM-P256', 'AC-NOM-P256', 'AC-ERR-MATCHING-ID', 'GBPP-NOM-P256'];

describe.skipIf(!executablePath)('conformance reports in Chromium', () => {
  beforeAll(async () => {
    let target: SmdpTarget;
    [{ smdp, target, close }, browser] = await Promise.all([
      startConformanceSmdp(6, {}, 900),
      chromium.launch({ executablePath: executablePath!, args: CHROMIUM_ARGS }),
    ]);
    // A BPP with a bad MAC: GBPP-NOM-P256 fails, the others pass.
    smdp.scenarios.add(
      validateScenario({
        name: 'tampered',
        function: 'getBoundProfilePackage',
        action: { type: 'corrupt', field: 'segment86' },
      }),
    );
    results = await runCampaign(
      target,
      SMDP_CASES.filter((c) => IDS.includes(c.id)),
    );
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await close?.();
  });

  it('shows the summary and each case with expected and observed values, loading nothing', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent(
      htmlReport({ dut: 'smdp', target: smdp.address, startedAt: new Date().toISOString() }, results),
    );
    expect(await page.locator('table tr', { hasText: 'total' }).locator('td').allTextContents()).toEqual([
      'total',
      '4',
      '3',
      '0',
      '1',
      '0',
      '0',
    ]);
    const failed = page.locator('details#GBPP-NOM-P256');
    await failed.locator('summary').first().click();
    await expect.poll(() => failed.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    const text = (await failed.textContent()) ?? '';
    expect(text).toContain('FAIL');
    expect(text).toMatch(/expected the profile installs, observed errorReason 8/);
    // Its exchanges, with the BPP decoded.
    expect(await failed.locator('details.ex summary').allTextContents()).toContain(
      '/gsma/rsp2/es9plus/getBoundProfilePackage → HTTP 200 (' +
        results
          .find((r) => r.id === 'GBPP-NOM-P256')!
          .exchanges.find((e) => e.path.endsWith('getBoundProfilePackage'))!.ms +
        ' ms)',
    );
    expect(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("Chromium's XML parser reads the JUnit file: one testsuite per area, the failure inside its testcase", async () => {
    const page = await browser.newPage();
    const parsed = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      return {
        error: doc.getElementsByTagName('parsererror').length,
        suites: [...doc.getElementsByTagName('testsuite')].map((s) => [
          s.getAttribute('name'),
          s.getAttribute('tests'),
          s.getAttribute('failures'),
        ]),
        failure: doc.querySelector('testcase failure')?.parentElement?.getAttribute('name'),
      };
    }, junitReport(results));
    expect(parsed.error).toBe(0);
    expect(parsed.suites).toEqual([
      ['ES9+.InitiateAuthentication', '1', '0'],
      ['ES9+.AuthenticateClient', '2', '0'],
      ['ES9+.GetBoundProfilePackage', '1', '1'],
    ]);
    expect(parsed.failure).toMatch(/^GBPP-NOM-P256 /);
    await page.close();
  });
});
