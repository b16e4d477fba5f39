import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuSecondsOf, type ServerProcess, startServerProcess } from '../../bench/server-process.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const catalogue = new URL('../../fixtures/profiles/catalogue.json', import.meta.url).pathname;

describe('smdp start --workers 2 (node:cluster on one SQLite store)', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess(catalogue, {
      store: `sqlite:${join(tempDir('cluster'), 'rspsim.db')}`,
      args: ['--workers', '2'],
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('serves downloads from both worker processes as one SM-DP+', async () => {
    const workers = server.workerPids();
    expect(workers).toHaveLength(2);
    const before = workers.map(cpuSecondsOf);
    // A new connection per download: the cluster hands connections to the workers in turn.
    const results = [];
    for (let i = 0; i < 10; i++) {
      const euicc = await EuiccEmulator.create();
      results.push(
        await downloadProfile({
          activationCode: `LPA:1$${server.address}$DEMO`,
          euicc,
          es9: { ca: server.caPem },
        }),
      );
    }
    expect(results.every((r) => r.success)).toBe(true);
    const used = workers.map((pid, i) => cpuSecondsOf(pid) - before[i]!);
    // Each worker did real work (a download costs a few ms of server CPU; an idle worker none).
    for (const seconds of used) expect(seconds).toBeGreaterThanOrEqual(0.02);
  });

  it('refuses several workers on the memory store with a clear message', async () => {
    await expect(
      startServerProcess(catalogue, { store: 'memory', args: ['--workers', '2'] }),
    ).rejects.toThrow(/share their state through the store/);
  });
});
