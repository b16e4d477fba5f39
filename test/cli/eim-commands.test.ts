import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEim } from '../../src/eim/start.ts';
import { runCli } from '../helpers/cli.ts';
import { startTestEim } from '../helpers/eim-harness.ts';

/** `rspsim eim order|lookup|list|delete|info` as a user runs them, against a running eIM over HTTPS. */
const EID = '89049032123451234512345678901235';
let eim: RunningEim;
beforeAll(async () => {
  eim = await startTestEim({ adminToken: 'cli-token' });
});
afterAll(async () => {
  await eim.close();
});

const eimCli = (...args: string[]) =>
  runCli(['eim', ...args, '--url', eim.url], { env: { RSPSIM_EIM_ADMIN_TOKEN: 'cli-token' } });

describe('rspsim eim operator commands', () => {
  it('queues an order, looks it up, lists and deletes it', async () => {
    const ordered = await eimCli('order', 'edr', '--eid', EID, '{"tagList": "A5A6"}', '--json');
    expect(ordered.code, ordered.stderr).toBe(0);
    const created = JSON.parse(ordered.stdout);
    expect(created).toMatchObject({
      status: 'new',
      resource: { eidValue: EID, order: { edr: { tagList: 'A5A6' } } },
    });
    const id: string = created.resourceId;
    const lookup = await eimCli('lookup', 'edr', id);
    expect(lookup).toMatchObject({ code: 0, stdout: `${id}  new\n` });
    expect((await eimCli('list', 'edr')).stdout).toBe(`${id}  new\n`);
    expect((await eimCli('delete', 'edr', id)).stdout).toBe(`${id}  deleted\n`);
    expect((await eimCli('lookup', 'edr', id)).stdout).toBe(`${id}  absent\n`);
    const info = await eimCli('info');
    expect(info.stdout).toMatch(/^eimId rspsim-eim\neimFqdn .+\naddInitialEimRequest BF57/);
  });

  it('says in one line what is wrong', async () => {
    const unknown = await eimCli('order', 'reboot', '--eid', EID, '{}');
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toBe('rspsim: no facility reboot: one of download, psmo, eco, edr, euicc\n');
    const wrong = await eimCli('order', 'psmo', '--eid', EID, '[{"enable": {"iccid": "98"}}]');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe('rspsim: order.psmo[0].enable.iccid must be 10 bytes\n');
    const notJson = await eimCli('order', 'psmo', '--eid', EID, '[{');
    expect(notJson.stderr).toBe('rspsim: the order is not JSON: [{\n');
    const noToken = await runCli(['eim', 'list', 'psmo', '--url', eim.url]);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr.split('\n')).toHaveLength(2);
  });
});

describe('rspsim eim scenario', () => {
  it('lists the catalogue, arms for one eUICC or any, disarms', async () => {
    const listed = await eimCli('scenario', 'list');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^eim-wrong-signature \(psmo, eco\): SGP\.32 2\.11\.1\.1/);
    expect(listed.stdout).toContain('eim-malformed-package (psmo, eco, edr, download)');
    expect(listed.stdout.trimEnd().split('\n').at(-1)).toBe('armed: none');

    const armed = await eimCli('scenario', 'arm', 'eim-stale-counter', '--eid', EID.toLowerCase());
    expect(armed).toMatchObject({ code: 0, stdout: `armed eim-stale-counter for ${EID}\n` });
    expect((await eimCli('scenario', 'arm', 'eim-unknown-package')).stdout).toBe(
      'armed eim-unknown-package for any eUICC\n',
    );
    const json = JSON.parse((await eimCli('scenario', 'list', '--json')).stdout);
    expect(json.armed).toEqual([{ name: 'eim-stale-counter', eid: EID }, { name: 'eim-unknown-package' }]);
    // the eIM's own record of what is armed, as its admin API says
    expect(eim.context.scenarios?.list()).toEqual(json.armed);

    expect((await eimCli('scenario', 'disarm', 'eim-stale-counter')).stdout).toBe(
      'disarmed eim-stale-counter (1 armed)\n',
    );
    expect((await eimCli('scenario', 'disarm', 'eim-unknown-package')).stdout).toBe(
      'disarmed eim-unknown-package (1 armed)\n',
    );
    expect(eim.context.scenarios?.list()).toEqual([]);
  });

  it('says in one line what is wrong', async () => {
    const badEid = await eimCli('scenario', 'arm', 'eim-stale-counter', '--eid', '8904');
    expect(badEid).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'rspsim: --eid must be 32 hexadecimal digits, not 8904\n',
    });
    const unknown = await eimCli('scenario', 'arm', 'eim-reboot');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^rspsim: no eIM scenario eim-reboot \(eim-wrong-signature, .*\)\n$/);
    const disarmUnknown = await eimCli('scenario', 'disarm', 'eim-reboot');
    expect(disarmUnknown.stderr.split('\n')).toHaveLength(2);
    expect(eim.context.scenarios?.list()).toEqual([]);
  });

  it('arms scenarios at start from the setting, and refuses a wrong one in one line', async () => {
    const started = await startTestEim({ scenarios: `eim-wrong-signature:${EID},eim-malformed-package` });
    try {
      expect(started.context.scenarios?.list()).toEqual([
        { name: 'eim-wrong-signature', eid: EID },
        { name: 'eim-malformed-package' },
      ]);
    } finally {
      await started.close();
    }
    const wrong = await runCli(['eim', 'start', '--port', '0', '--scenario', 'eim-stale-counter:89']);
    expect(wrong).toMatchObject({ code: 1, stdout: '' });
    expect(wrong.stderr).toBe(
      "rspsim: scenarios: eim-stale-counter:89: the EID after the scenario's name must be 32 hexadecimal digits\n",
    );
    const unknown = await runCli(['eim', 'start', '--port', '0'], {
      env: { RSPSIM_EIM_SCENARIOS: 'eim-nothing' },
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^rspsim: scenarios: no eIM scenario eim-nothing \(/);
    expect(unknown.stderr.split('\n')).toHaveLength(2);
  });
});
