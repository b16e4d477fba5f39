import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import type { RunningSmds } from '../../src/smds/start.ts';
import { cliDeadline } from '../helpers/cli-deadline.ts';
import { importProfile } from '../helpers/operator.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { startTestSmds } from '../helpers/smds-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const run = promisify(execFile);
const bin = new URL('../../bin/rspsim.mjs', import.meta.url).pathname;
const dir = tempDir('cli-smds');
let smdp: RunningSmdp;
let smds: RunningSmds;

const rspsim = (...args: string[]) =>
  run(process.execPath, [bin, ...args], { env: { ...process.env, RSPSIM_ADMIN_TOKEN: smdp.adminToken } });
const json = async (...args: string[]) => JSON.parse((await rspsim(...args, '--json')).stdout);

beforeAll(async () => {
  smds = await startTestSmds();
  smdp = await startTestSmdp();
});
afterAll(async () => {
  await smdp?.close();
  await smds?.close();
});

describe('SM-DS commands (issue 16)', () => {
  it(
    'euicc create --smds, order create --smds, profile discover, then discover --download installs it',
    async () => {
      const file = join(dir, 'euicc.json');
      const { eid } = await json('euicc', 'create', '-f', file, '--smds', smds.address);
      const iccid = (await importProfile(smdp, 50)).body.profile.iccid as string;
      const order = await json(
        'order',
        'create',
        '--iccid',
        iccid,
        '--eid',
        eid,
        '--smds',
        smds.address,
        '--url',
        smdp.url,
      );
      expect(order.eid).toBe(eid);

      const held = await json('smds', 'events', '--url', smds.url, '--token', smds.adminToken);
      expect(held).toMatchObject([{ eid, eventId: order.matchingId, rspServerAddress: smdp.address }]);
      const found = await json('profile', 'discover', '-e', file);
      expect(found.events).toEqual([
        { eventId: order.matchingId, rspServerAddress: smdp.address, smdsAddress: smds.address },
      ]);
      const done = await json('profile', 'discover', '-e', file, '--download', order.matchingId);
      expect(done.download).toMatchObject({ success: true, iccid });
      expect((await json('profile', 'list', '-e', file)).map((p: { iccid: string }) => p.iccid)).toEqual([
        iccid,
      ]);
      await smdp.smdsEvents.drain();
      expect((await json('profile', 'discover', '-e', file)).events).toEqual([]);
      expect(await json('smds', 'events', '--url', smds.url, '--token', smds.adminToken)).toEqual([]);
      // The SM-DS's scenarios through the same command as the SM-DP+'s.
      const scenarios = await json('scenario', 'list', '--url', smds.url, '--token', smds.adminToken);
      expect(scenarios).toEqual([]);
    },
    cliDeadline(10),
  );

  it(
    'says in one line what is wrong with an SM-DS address or an unknown event',
    async () => {
      const file = join(dir, 'other.json');
      await expect(rspsim('euicc', 'create', '-f', file, '--smds', 'https://x/y')).rejects.toMatchObject({
        stderr: expect.stringMatching(
          /^rspsim: --smds https:\/\/x\/y is not an address \(FQDN\[:port\]\)\n$/,
        ),
      });
      await json('euicc', 'create', '-f', file, '--smds', smds.address);
      await expect(rspsim('profile', 'discover', '-e', file, '--download', 'NOPE')).rejects.toMatchObject({
        stderr: expect.stringMatching(/\nrspsim: no event NOPE at the SM-DS \(0 found\)\n$/),
      });
    },
    cliDeadline(3),
  );
});
