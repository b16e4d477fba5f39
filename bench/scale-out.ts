/**
 * `npm run bench -- --scale-out`: downloads per second and server CPU per download with 1, 2 and 3 SM-DP+
 * instances (processes) on one PostgreSQL behind a round-robin TCP balancer on loopback, beside one instance on
 * SQLite behind the same balancer (docs/scale-out.md). Each emulated device keeps one connection, so the
 * balancer spreads the devices over the instances. PostgreSQL: --postgres <url>, else RSPSIM_TEST_POSTGRES;
 * each run in a schema of its own.
 */
import { join } from 'node:path';
import { startTcpBalancer } from '../test/helpers/tcp-balancer.ts';
import { downloadsDuring } from './download-loop.ts';
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
    const { completed, failures, seconds } = await downloadsDuring(load.durationMs, {
      connectTo: `localhost:${balancer.port}`,
      smdpAddress: first.address,
      matchingId: 'BENCH-10K',
      caPem: first.caPem,
      concurrency: load.concurrency,
    });
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
