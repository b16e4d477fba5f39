import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { loadScenarios } from '../../src/rsp-server/scenarios/load-scenarios.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { httpsJson } from '../helpers/https-json.ts';
import { es2ClientFor, importProfile } from '../helpers/operator.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Issue 17: a catalogue entry naming a matchingId runs with no hand-made order when its order is asked
 * for (`smdp start --create-scenario-orders`, `scenario add --create-order`), and only then: without
 * them, an operator orders the same matchingId through ES2+.
 */
const CATALOGUE = new URL('../../fixtures/scenarios/catalogue', import.meta.url).pathname;
const entry = (await loadScenarios(CATALOGUE)).find((s) => s.name === 'ac-invalid-input')!;
const bin = new URL('../../bin/rspsim.mjs', import.meta.url).pathname;
const dir = tempDir('scenario-orders');

let smdp: RunningSmdp;
afterEach(async () => {
  await smdp?.close();
});

const download = async () =>
  downloadProfile({
    activationCode: `LPA:1$${smdp.address}$AC-INVALID-INPUT`,
    euicc: await EuiccEmulator.create(),
    es9: { ca: smdp.caPem },
  });
const orderOf = async (matchingId: string) =>
  (await smdp.context.profiles.list()).filter((p) => p.matchingId === matchingId);
const rspsim = (...args: string[]) =>
  promisify(execFile)(process.execPath, [bin, ...args, '--url', smdp.url, '--token', smdp.adminToken]);

describe('the orders scenarios name', () => {
  it('are created at start with --create-scenario-orders: a catalogue entry runs again and again', async () => {
    smdp = await startTestSmdp({ scenarios: CATALOGUE, createScenarioOrders: 'true' });
    const [order] = await orderOf('AC-INVALID-INPUT');
    expect(order).toMatchObject({ reusable: true, id: 'scenario-ac-invalid-input' });
    const demo = (await orderOf('DEMO'))[0]!;
    expect(order!.iccid).not.toBe(demo.iccid);
    for (let run = 0; run < 2; run++) {
      await expect(download()).rejects.toMatchObject({
        subjectCode: '1.3.1',
        reasonCode: '2.1',
        message: expect.stringMatching(/scenario ac-invalid-input/),
      });
    }
  });

  it('are left to ES2+ without the option: DownloadOrder takes the matchingId of a loaded scenario', async () => {
    smdp = await startTestSmdp({ scenarios: CATALOGUE });
    expect(await orderOf('AC-INVALID-INPUT')).toEqual([]);
    const imported = await importProfile(smdp, 77);
    expect(imported.status).toBe(201);
    await es2ClientFor(smdp).placeOrder({
      iccid: imported.body.profile.iccid,
      matchingId: 'AC-INVALID-INPUT',
    });
    expect(await orderOf('AC-INVALID-INPUT')).toMatchObject([{ iccid: imported.body.profile.iccid }]);
    await expect(download()).rejects.toMatchObject({ subjectCode: '1.3.1', reasonCode: '2.1' });
  });

  it('are created by `scenario add --create-order`, which says so, and by nothing else', async () => {
    smdp = await startTestSmdp();
    const file = join(dir, 'entry.json');
    writeFileSync(file, JSON.stringify(entry));
    // Without the option: the scenario only.
    expect((await rspsim('scenario', 'add', file)).stdout).toBe('added ac-invalid-input\n');
    expect(await orderOf('AC-INVALID-INPUT')).toEqual([]);
    const { stdout } = await rspsim('scenario', 'add', file, '--create-order');
    const [order] = await orderOf('AC-INVALID-INPUT');
    expect(stdout).toBe(
      `added ac-invalid-input\ncreated the order AC-INVALID-INPUT (ICCID ${order!.iccid}, a reusable copy of DEMO)\n`,
    );
    await expect(download()).rejects.toMatchObject({ subjectCode: '1.3.1', reasonCode: '2.1' });
    // Asked again, the order is there: left alone, and said so.
    const again = JSON.parse((await rspsim('scenario', 'add', file, '--create-order', '--json')).stdout);
    expect(again).toEqual({
      added: ['ac-invalid-input'],
      orders: [{ matchingId: 'AC-INVALID-INPUT', created: false }],
    });
    expect(await orderOf('AC-INVALID-INPUT')).toHaveLength(1);
  });

  it('the admin API refuses a createOrder that is not true or false, and adds nothing', async () => {
    smdp = await startTestSmdp();
    const answer = await httpsJson(`${smdp.url}/admin/scenarios?createOrder=yes`, {
      ca: smdp.caPem,
      method: 'POST',
      token: smdp.adminToken,
      body: JSON.stringify(entry),
    });
    expect(answer).toMatchObject({ status: 400, body: { error: 'createOrder must be true or false' } });
    expect(smdp.scenarios.list()).toEqual([]);
    expect(await orderOf('AC-INVALID-INPUT')).toEqual([]);
  });
});
