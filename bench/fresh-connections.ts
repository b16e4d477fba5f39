/**
 * `npm run bench -- --connections fresh`: the SM-DP+ as real LPAs reach it (issue 18). Each download uses a
 * new eUICC (a certificate the server has never parsed) and new TLS connections:
 * - "one connection per download", as the built-in LPA CLI (one process per download, one keep-alive
 *   connection for its four requests);
 * - "a connection per request", as lpac (a new TLS connection, full handshake, for every ES9+ request);
 * one download at a time and N at a time. Beside them, in the same run, the server CPU of a bare handshake
 * on the SM-DP+, on a minimal node:tls server and on `openssl s_server` (bench/handshakes.ts).
 */
import { join } from 'node:path';
import type { Curve } from '../src/crypto/curve.ts';
import { EuiccEmulator } from '../src/euicc/emulator.ts';
import { downloadProfile } from '../src/lpa/download.ts';
import { Es9Client } from '../src/lpa/es9-client.ts';
import { freePort } from '../src/rsp-server/http/listener.ts';
import {
  baselineMaterial,
  handshakeCpuMs,
  startBareNodeTls,
  startOpensslServer,
  untilQuiet,
} from './handshakes.ts';
import { type ServerProcess, startServerProcess } from './server-process.ts';

export interface FreshOptions {
  readonly catalogue: string;
  readonly workDir: string;
  readonly durationMs: number;
  readonly concurrency: number;
  readonly handshakes: number;
  readonly curve?: Curve;
  readonly matchingId?: string;
}

interface FreshRun {
  readonly connections: 'per download' | 'per request';
  readonly concurrency: number;
  readonly completed: number;
  readonly failures: number;
  readonly handshakesPerDownload: number;
  readonly serverCpuMsPerDownload: number;
  readonly serverSystemCpuMsPerDownload: number;
}

async function freshDownloads(
  server: ServerProcess,
  options: FreshOptions,
  perRequest: boolean,
  concurrency: number,
  durationMs: number,
): Promise<FreshRun> {
  const curve = options.curve ?? 'P-256';
  const matchingId = options.matchingId ?? 'BENCH-10K';
  let completed = 0;
  let failures = 0;
  let calls = 0;
  let cpuBefore = 0;
  let systemBefore = 0;
  // The eUICCs are made before the clock starts: making one is the client's work, not the server's.
  const euiccs = await Promise.all(
    Array.from({ length: concurrency }, () => EuiccEmulator.create({ curve })),
  );
  const deadline = Date.now() + durationMs;
  cpuBefore = server.cpuSeconds();
  systemBefore = server.systemCpuSeconds();
  await Promise.all(
    euiccs.map(async (first) => {
      let euicc: EuiccEmulator | undefined = first;
      while (Date.now() < deadline) {
        // A new eUICC for each download: its certificate is new to the server, as a new device's is.
        euicc ??= await EuiccEmulator.create({ curve });
        const es9Client = new Es9Client(server.address, {
          ca: server.caPem,
          keepAlive: !perRequest,
          resumeTls: false,
          onCall: () => calls++,
        });
        try {
          const result = await downloadProfile({
            activationCode: `LPA:1$${server.address}$${matchingId}`,
            euicc,
            es9Client,
          });
          if (!result.success) throw new Error('installation failed');
          completed++;
        } catch (error) {
          failures++;
          if (failures < 5) console.error(`  failure: ${(error as Error).message}`);
        } finally {
          es9Client.close();
          euicc = undefined;
        }
      }
    }),
  );
  const downloads = Math.max(1, completed);
  return {
    connections: perRequest ? 'per request' : 'per download',
    concurrency,
    completed,
    failures,
    handshakesPerDownload: perRequest ? calls / downloads : 1,
    serverCpuMsPerDownload: ((server.cpuSeconds() - cpuBefore) / downloads) * 1000,
    serverSystemCpuMsPerDownload: ((server.systemCpuSeconds() - systemBefore) / downloads) * 1000,
  };
}

export async function freshConnectionRuns(options: FreshOptions) {
  const files = baselineMaterial(options.workDir);
  // Logging at the default level, to a file: what an operator's SM-DP+ pays per request.
  const server = await startServerProcess(options.catalogue, { logFile: join(options.workDir, 'smdp.log') });
  const bare = await startBareNodeTls(files);
  const openssl = await startOpensslServer(files, await freePort('127.0.0.1'));
  try {
    // Warm-up (lazy imports, JIT), then wait until the server's GC after start has settled.
    await freshDownloads(server, options, false, 1, 3_000);
    await untilQuiet(() => server.cpuSeconds() + bare.cpuSeconds() + openssl.cpuSeconds());
    // Three rounds taking turns, the median of each: the machine's speed drifts within a minute.
    const servers = {
      smdp: { cpuSeconds: () => server.cpuSeconds(), port: Number(server.listen.split(':').pop()) },
      node: { cpuSeconds: () => bare.cpuSeconds(), port: bare.port },
      openssl: { cpuSeconds: () => openssl.cpuSeconds(), port: openssl.port },
    };
    const rounds: Record<keyof typeof servers, number[]> = { smdp: [], node: [], openssl: [] };
    for (let round = 0; round < 3; round++) {
      for (const [name, { cpuSeconds, port }] of Object.entries(servers) as [
        keyof typeof servers,
        (typeof servers)['smdp'],
      ][]) {
        rounds[name].push(
          await handshakeCpuMs(cpuSeconds, port, files.caPem, Math.ceil(options.handshakes / 3)),
        );
      }
    }
    const median = (list: number[]) => list.sort((a, b) => a - b)[1]!;
    const handshakes = {
      smdp: median(rounds.smdp),
      node: median(rounds.node),
      openssl: median(rounds.openssl),
    };
    console.log(
      `full TLS 1.2 handshakes (ECDHE-ECDSA P-256), server CPU each: SM-DP+ ${handshakes.smdp.toFixed(2)} ms, ` +
        `bare node:tls ${handshakes.node.toFixed(2)} ms, openssl s_server ${handshakes.openssl.toFixed(2)} ms; ` +
        `SM-DP+ / node:tls ${(handshakes.smdp / handshakes.node).toFixed(2)}`,
    );
    const runs: FreshRun[] = [];
    for (const perRequest of [false, true]) {
      for (const concurrency of [1, options.concurrency]) {
        await untilQuiet(() => server.cpuSeconds(), 10_000);
        const run = await freshDownloads(server, options, perRequest, concurrency, options.durationMs);
        runs.push(run);
        const tls = run.handshakesPerDownload * handshakes.node;
        console.log(
          `new eUICC each download, a connection ${run.connections.padEnd(12)} ${String(concurrency).padStart(2)} at a time: ` +
            `server CPU ${run.serverCpuMsPerDownload.toFixed(2)} ms/download (kernel ${run.serverSystemCpuMsPerDownload.toFixed(2)}), ` +
            `${run.handshakesPerDownload.toFixed(1)} handshakes (${tls.toFixed(2)} ms at the bare node:tls cost), ` +
            `${run.completed} downloads, failures ${run.failures}`,
        );
      }
    }
    return { handshakeCpuMs: handshakes, runs };
  } finally {
    bare.stop();
    openssl.stop();
    await server.stop();
  }
}
