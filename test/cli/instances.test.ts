import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { Es9Client } from '../../src/lpa/es9-client.ts';
import { runCli } from '../helpers/cli.ts';
import { httpsJson } from '../helpers/https-json.ts';
import { RoundRobinEs9Client } from '../helpers/round-robin-client.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Behind a balancer each instance keeps its own part of a download's trace and its own scenarios
 * (docs/scale-out.md): `--instances` asks every instance and puts the parts together.
 */
describe('--instances: one command over every SM-DP+ instance behind a balancer', () => {
  it('session show puts together the trace of a download served by two instances; scenario add reaches both', async () => {
    const dir = tempDir('instances');
    const store = `sqlite:${join(dir, 'rspsim.db')}`;
    const first = await startTestSmdp({ store, adminToken: 'lab-token' });
    const second = await startTestSmdp({ store, adminToken: 'lab-token', address: first.address });
    try {
      const backends = [first, second].map((s) => new Es9Client(new URL(s.url).host, { ca: s.caPem }));
      const es9Client = new RoundRobinEs9Client(first.address, backends);
      const euicc = await EuiccEmulator.create();
      const result = await downloadProfile({
        activationCode: `LPA:1$${first.address}$DEMO`,
        euicc,
        es9Client,
      });
      es9Client.close();
      expect(result.success).toBe(true);

      const ca = join(dir, 'ca.pem');
      writeFileSync(ca, first.caPem);
      const admin = ['--ca', ca, '--json'];
      const env = { RSPSIM_INSTANCES: '', RSPSIM_ADMIN_TOKEN: 'lab-token' };
      const instances = ['--instances', `${first.url}, ${second.url}`];
      const show = async (transactionId: string, where: string[]) => {
        const run = await runCli(['session', 'show', transactionId, ...where, ...admin], { env });
        expect(run.stderr).toBe('');
        return JSON.parse(run.stdout) as { exchanges: { function: string; instance?: string }[] };
      };

      const list = await runCli(['session', 'list', ...instances, ...admin], { env });
      expect(list.code).toBe(0);
      const sessions = JSON.parse(list.stdout) as {
        transactionId: string;
        servedBy: { url: string; functions: string[] }[];
      }[];
      expect(sessions).toHaveLength(1);
      const [session] = sessions;
      if (!session) throw new Error('no session listed');
      // The round-robin client sent the calls alternately: each instance holds a part.
      expect(session.servedBy.map((p) => p.url).sort()).toEqual([first.url, second.url].sort());

      const alone = await Promise.all(
        [first, second].map((s) => show(session.transactionId, ['--url', s.url])),
      );
      const merged = await show(session.transactionId, instances);
      expect(alone.map((t) => t.exchanges.length).every((n) => n < merged.exchanges.length)).toBe(true);
      expect(merged.exchanges.length).toBe(alone[0]!.exchanges.length + alone[1]!.exchanges.length);
      expect(merged.exchanges.map((e) => e.function).slice(0, 3)).toEqual([
        'initiateAuthentication',
        'authenticateClient',
        'getBoundProfilePackage',
      ]);
      expect(new Set(merged.exchanges.map((e) => e.instance))).toEqual(new Set([first.url, second.url]));

      // A session no instance holds: the 404 of the instances is what the command reports.
      const unknown = await runCli(['session', 'show', 'ABCDEF', ...instances, ...admin], { env });
      expect(unknown.code).not.toBe(0);

      const scenarios = join(dir, 'scenario.json');
      writeFileSync(
        scenarios,
        JSON.stringify({
          name: 'lab-refusal',
          function: 'authenticateClient',
          action: { type: 'error', code: 'matchingIdRefused' },
        }),
      );
      const add = await runCli(['scenario', 'add', scenarios, ...instances, ...admin], { env });
      expect(add.stderr).toBe('');
      for (const server of [first, second]) {
        const { body } = await httpsJson(`${server.url}/admin/scenarios`, {
          ca: server.caPem,
          headers: { Authorization: 'Bearer lab-token' },
        });
        expect(JSON.stringify(body)).toContain('lab-refusal');
      }

      const bad = await runCli(['session', 'list', '--instances', 'not a url', ...admin], { env });
      expect(bad.stderr.trim()).toBe(
        'rspsim: --instances: "not a url" is not a URL (e.g. https://10.0.0.11:8443)',
      );
    } finally {
      await first.close();
      await second.close();
    }
  }, 90_000);
});
