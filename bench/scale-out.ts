/**
 * `npm run bench -- --scale-out`: downloads per second and server CPU per download with 1, 2 and 3 SM-DP+
 * instances (processes) on one PostgreSQL behind a round-robin TCP balancer on loopback, beside one instance on
 * SQLite behind the same balancer (docs/scale-out.md). Each emulated device keeps one connection, so the
 * balancer spreads the devices over the instances. PostgreSQL: --postgres <url>, else RSPSIM_TEST_POSTGRES;
 * each run in a schema of its own.
 */
import { join } from 'node:path';
import { EuiccEmulator } from '../src/euicc/emulator.ts';
import { downloadProfile } from '../src/lpa/download.ts';
import { Es9Client } from '../src/lpa/es9-client.ts';
import { Es10Client } from '../src/lpa/es10-client.ts';
import { startTcpBalancer } from '../test/helpers/tcp-balancer.ts';
import { type ServerProcess, startServerProcess } from './server-process.ts';

export interface ScaleOutRun {
  readonly store: 'PostgreSQL' | 'SQLite';
  readonly instances: number;
  readonly downloadsPerSecond: number;
  /** CPU of all instances together, per download. */
  readonly serverCpuMsPerDownload: number;
  readonly failures: number;
}

interface Load {
  readonly catalogue: string;
  readonly workDir: string;
  readonly durationMs: number;
  readonly concurrency: number;
}

async function run(
  store: ScaleOutRun['store'],
  url: string,
  instances: number,
  load: Load,
): Promise<ScaleOutRun> {
  const servers: ServerProcess[] = [];
  try {
    for (let i = 0; i < instances; i++)
      servers.push(
        await startServerProcess(load.catalogue, {
          store: url,
          ...(servers[0] ? { address: servers[0].address } : {}),
        }),
      );
    const first = servers[0];
    if (!first) throw new Error('no instance started');
    const balancer = await startTcpBalancer(
      servers.map((s) => ({ host: '127.0.0.1', port: Number(s.listen.split(':').at(-1)) })),
    );
    const cpuBefore = servers.reduce((sum, s) => sum + s.cpuSeconds(), 0);
    const started = performance.now();
    const deadline = Date.now() + load.durationMs;
    let completed = 0;
    let failures = 0;
    await Promise.all(
      Array.from({ length: load.concurrency }, async () => {
        const euicc = await EuiccEmulator.create();
        const es10 = new Es10Client(euicc);
        const es9Client = new Es9Client(`localhost:${balancer.port}`, { ca: first.caPem });
        while (Date.now() < deadline) {
          try {
            const result = await downloadProfile({
              activationCode: `LPA:1$${first.address}$BENCH-10K`,
              euicc,
              es9Client,
            });
            await es10.deleteProfile(result.iccid);
            completed++;
          } catch {
            failures++;
          }
        }
        es9Client.close();
        await es10.close();
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = servers.reduce((sum, s) => sum + s.cpuSeconds(), 0) - cpuBefore;
    await balancer.close();
    return {
      store,
      instances,
      downloadsPerSecond: completed / seconds,
      serverCpuMsPerDownload: (cpu / Math.max(1, completed)) * 1000,
      failures,
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

export async function scaleOutRuns(postgres: string, load: Load): Promise<ScaleOutRun[]> {
  const runs = [await run('SQLite', `sqlite:${join(load.workDir, 'scale-out.db')}`, 1, load)];
  for (const instances of [1, 2, 3]) {
    const separator = postgres.includes('?') ? '&' : '?';
    runs.push(
      await run(
        'PostgreSQL',
        `${postgres}${separator}schema=bench_${process.pid}_${instances}`,
        instances,
        load,
      ),
    );
  }
  for (const r of runs)
    console.log(
      `${r.instances} instance(s) on ${r.store} behind the balancer, P-256 12 KB: ` +
        `${r.downloadsPerSecond.toFixed(1)} downloads/s, server CPU ${r.serverCpuMsPerDownload.toFixed(2)} ms/download, ` +
        `failures ${r.failures}`,
    );
  return runs;
}
