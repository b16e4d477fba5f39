import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { loadScenarios } from '../../src/rsp-server/scenarios/load-scenarios.ts';
import { validateScenario } from '../../src/rsp-server/scenarios/scenario.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { httpsJson } from '../helpers/https-json.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';

/** Test-lab scenarios: the SM-DP+ misbehaves on purpose and the LPA + eUICC observe exactly that failure. */
let smdp: RunningSmdp;
beforeEach(async () => {
  smdp = await startTestSmdp();
});
afterEach(async () => {
  await smdp?.close();
});

const download = async (matchingId = 'DEMO') =>
  downloadProfile({
    activationCode: `LPA:1$${smdp.address}$${matchingId}`,
    euicc: await EuiccEmulator.create(),
    es9: { ca: smdp.caPem },
  });

const add = (scenario: object) => smdp.scenarios.add(validateScenario(scenario));

describe('SM-DP+ scenarios', () => {
  it('returns a chosen SGP.22 error at a step, for one order only', async () => {
    add({
      name: 'eid-mismatch',
      match: { matchingId: 'DEMO' },
      function: 'authenticateClient',
      action: { type: 'error', code: 'eidMismatch' },
    });
    await expect(download()).rejects.toMatchObject({ subjectCode: '8.1.1', reasonCode: '3.8' });
    expect((await download('DEMO-CC').catch((e) => e)).message).toMatch(/confirmation code/);
  });

  it('fails the first N attempts, then succeeds', async () => {
    add({
      name: 'flaky',
      function: 'getBoundProfilePackage',
      step: 'claimProfile',
      action: { type: 'error', code: 'executionError' },
      times: 2,
    });
    await expect(download()).rejects.toMatchObject({ subjectCode: '1.2', reasonCode: '4.2' });
    await expect(download()).rejects.toMatchObject({ subjectCode: '1.2', reasonCode: '4.2' });
    expect((await download()).success).toBe(true);
  });

  it('answers with an HTTP error or waits', async () => {
    add({
      name: 'unavailable',
      function: 'getBoundProfilePackage',
      action: { type: 'http', status: 503, body: 'down' },
    });
    await expect(download()).rejects.toThrow(/HTTP 503/);
    expect(smdp.scenarios.remove('unavailable')).toBe(true);
    add({
      name: 'slow',
      function: 'initiateAuthentication',
      step: 'openSession',
      action: { type: 'delay', ms: 300 },
    });
    const started = Date.now();
    expect((await download()).success).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('corrupts serverSignature1: the eUICC refuses the SM-DP+', async () => {
    add({
      name: 'bad-sig1',
      function: 'initiateAuthentication',
      action: { type: 'corrupt', field: 'serverSignature1' },
    });
    await expect(download()).rejects.toThrow(/authenticateErrorCode 2/);
  });

  it('corrupts smdpSignature2: the eUICC refuses to prepare the download', async () => {
    add({
      name: 'bad-sig2',
      function: 'authenticateClient',
      action: { type: 'corrupt', field: 'smdpSignature2' },
    });
    await expect(download()).rejects.toThrow(/downloadErrorCode 2/);
  });

  it.each([
    ['smdpSign', 0, 2],
    ['segment86', 5, 8],
  ] as const)(
    'corrupts %s: the eUICC reports bppCommandId %i / errorReason %i',
    async (field, command, reason) => {
      add({
        name: `bad-${field}`,
        function: 'getBoundProfilePackage',
        action: { type: 'corrupt', field, index: 1 },
      });
      const result = await download();
      expect(result.success).toBe(false);
      expect(result.errorResult).toEqual({ bppCommandId: command, errorReason: reason });
    },
  );

  it('presents a certificate of the other curve, or DPpb as DPauth: the eUICC refuses it', async () => {
    add({
      name: 'other-curve',
      function: 'initiateAuthentication',
      action: { type: 'certificate', certificate: 'otherCurve' },
    });
    await expect(download()).rejects.toThrow(/authenticateErrorCode 1/);
    smdp.scenarios.remove('other-curve');
    add({
      name: 'wrong-role',
      function: 'initiateAuthentication',
      action: { type: 'certificate', certificate: 'dpPbAsDpAuth' },
    });
    await expect(download()).rejects.toThrow(/authenticateErrorCode 1/);
    smdp.scenarios.remove('wrong-role');
    add({
      name: 'pb-other-curve',
      function: 'authenticateClient',
      action: { type: 'certificate', certificate: 'otherCurve' },
    });
    await expect(download()).rejects.toThrow(/downloadErrorCode 1/);
  });

  it.each([
    [{ type: 'wrongIccid' }, 5, 13],
    [{ type: 'corrupt', field: 'segmentOversized' }, 5, 7],
  ] as const)('binds a broken BPP (%o): the eUICC reports %i / %i', async (action, command, reason) => {
    add({ name: 'broken', function: 'getBoundProfilePackage', action });
    const result = await download();
    expect(result.errorResult).toEqual({ bppCommandId: command, errorReason: reason });
  });

  it('does not answer at all, but never holds the connection longer than the scenario says', async () => {
    add({
      name: 'silent',
      function: 'initiateAuthentication',
      step: 'readRequest',
      action: { type: 'timeout', ms: 150 },
      times: 1,
    });
    const started = Date.now();
    await expect(download()).rejects.toThrow(/initiateAuthentication: socket hang up/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await download()).success).toBe(true);
  });

  it('refuses to limit a scenario to an order where the order is not known yet', () => {
    expect(() =>
      validateScenario({
        name: 'never',
        match: { matchingId: 'DEMO' },
        function: 'initiateAuthentication',
        action: { type: 'error', code: 'executionError' },
      }),
    ).toThrow(/does not know the matchingId or EID yet/);
    expect(() =>
      validateScenario({
        name: 'cc',
        function: 'getBoundProfilePackage',
        action: { type: 'requireConfirmationCode', code: '1' },
      }),
    ).toThrow(/acts from authenticateClient/);
  });

  it('takes scenarios through the admin API and refuses bad ones with a reason', async () => {
    const post = (body: string) =>
      httpsJson(`${smdp.url}/admin/scenarios`, {
        ca: smdp.caPem,
        method: 'POST',
        token: smdp.adminToken,
        body,
      });
    const good = {
      name: 'api',
      function: 'cancelSession',
      action: { type: 'error', code: 'transactionIdUnknown' },
    };
    expect(await post(JSON.stringify(good))).toEqual({ status: 201, body: { added: 'api' } });
    expect(smdp.scenarios.list().map((s) => s.name)).toContain('api');
    const bad = await post(JSON.stringify({ ...good, action: { type: 'error', code: 'noSuchCode' } }));
    expect(bad).toEqual({ status: 400, body: { error: 'scenario api: unknown status code noSuchCode' } });
    expect((await post('{')).status).toBe(400);
    // Held back, then enabled and disabled again by name.
    const call = (path: string) =>
      httpsJson(`${smdp.url}/admin/scenarios/${path}`, {
        ca: smdp.caPem,
        method: 'POST',
        token: smdp.adminToken,
        body: '',
      });
    expect((await post(JSON.stringify({ ...good, name: 'held', enabled: false }))).status).toBe(201);
    expect(await call('held/enable')).toEqual({ status: 200, body: { enabled: 'held' } });
    expect(smdp.scenarios.list().find((s) => s.name === 'held')?.enabled).toBe(true);
    expect(await call('held/disable')).toEqual({ status: 200, body: { disabled: 'held' } });
    expect(smdp.scenarios.list().find((s) => s.name === 'held')?.enabled).toBe(false);
    expect((await call('nothing/enable')).status).toBe(404);
  });
});

describe('scenario files', () => {
  it('loads fixtures/scenarios/examples.json at start and acts on it', async () => {
    const file = new URL('../../fixtures/scenarios/examples.json', import.meta.url).pathname;
    const withFile = await startTestSmdp({ scenarios: file });
    try {
      expect(withFile.scenarios.list().map((s) => s.name)).toEqual([
        'cc-refused-twice',
        'demo-bad-segment',
        'slow-start',
      ]);
      withFile.scenarios.remove('slow-start');
      const result = await downloadProfile({
        activationCode: `LPA:1$${withFile.address}$DEMO`,
        euicc: await EuiccEmulator.create(),
        es9: { ca: withFile.caPem },
      });
      expect(result.errorResult).toEqual({ bppCommandId: 5, errorReason: 8 });
    } finally {
      await withFile.close();
    }
  });

  it('loads several files and folders, and refuses a name given twice', async () => {
    const examples = new URL('../../fixtures/scenarios/examples.json', import.meta.url).pathname;
    const folder = new URL('../../fixtures/scenarios/catalogue', import.meta.url).pathname;
    const both = await loadScenarios(`${folder},${examples}`);
    expect(both.map((s) => s.name)).toContain('ia-unsupported-ci');
    expect(both.map((s) => s.name)).toContain('slow-start');
    await expect(loadScenarios(`${examples},${examples}`)).rejects.toThrow(/cc-refused-twice is in/);
  });

  it('refuses a broken scenario file with the scenario named', async () => {
    await expect(startTestSmdp({ scenarios: '/nonexistent.json' })).rejects.toThrow(/cannot read scenarios/);
  });
});
