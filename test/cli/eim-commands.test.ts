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
