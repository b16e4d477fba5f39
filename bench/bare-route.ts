/**
 * What a bare Fastify route costs for the four exchanges of a download (issue 18, keep-alive path): the
 * requests and answers of one real download are recorded, and bench/bare-route-server.ts answers each
 * function with its recorded answer (same sizes, same headers, same TLS settings). It is measured two ways:
 * - beside the same load: the emulated devices do their downloads against the SM-DP+ and send every ES9+
 *   request, with the same client code, to the bare route at the same moment, so both servers see the same
 *   clients, concurrency and pace, and /proc gives each one's CPU for the same minutes;
 * - with a light client: the recorded exchanges replayed as fast as they are answered (no eUICC work beside).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Curve } from '../src/crypto/curve.ts';
import { EuiccEmulator } from '../src/euicc/emulator.ts';
import { downloadProfile } from '../src/lpa/download.ts';
import { type Es9Body, Es9Client, type Es9Transport } from '../src/lpa/es9-client.ts';
import { Es10Client } from '../src/lpa/es10-client.ts';
import type { Es9FunctionName, Es9Request, Es9Response } from '../src/protocol/es9-functions.ts';
import { baselineMaterial, untilOutput } from './handshakes.ts';
import { cpuSecondsOf, type ServerProcess } from './server-process.ts';

const root = fileURLToPath(new URL('../', import.meta.url));

export interface RecordedExchange {
  readonly functionName: string;
  readonly request: Es9Body;
  /** The answer's JSON text; undefined for 204 No Content. */
  readonly answer: string | undefined;
}

/** One real download against the SM-DP+, its requests and answers kept. */
async function recordDownload(server: ServerProcess, curve: Curve, matchingId: string) {
  const exchanges: RecordedExchange[] = [];
  const client = new Es9Client(server.address, { ca: server.caPem });
  const recording: Es9Transport = {
    async call(functionName, body) {
      const answer = await client.call(functionName, body);
      exchanges.push({
        functionName,
        request: body,
        answer: answer === undefined ? undefined : JSON.stringify(answer),
      });
      return answer;
    },
    close: () => client.close(),
  };
  const euicc = await EuiccEmulator.create({ curve });
  await downloadProfile({
    activationCode: `LPA:1$${server.address}$${matchingId}`,
    euicc,
    es9Client: recording,
  });
  recording.close();
  return exchanges;
}

export interface BareRoute {
  /** localhost:<port>, for an Es9Client. */
  readonly address: string;
  readonly caPem: string;
  readonly exchanges: readonly RecordedExchange[];
  cpuSeconds(): number;
  stop(): void;
}

/** Records a download of `matchingId` on the SM-DP+ and starts the bare route answering its exchanges. */
export async function startBareRoute(
  server: ServerProcess,
  options: { curve: Curve; matchingId: string; workDir: string },
): Promise<BareRoute> {
  const exchanges = await recordDownload(server, options.curve, options.matchingId);
  const files = baselineMaterial(options.workDir);
  const exchangesFile = join(options.workDir, 'exchanges.json');
  writeFileSync(exchangesFile, JSON.stringify(exchanges));
  const child = spawn(
    process.execPath,
    [
      // BENCH_CPU_PROFILE profiles the bare route too, to set its profile beside the SM-DP+'s.
      ...(process.env.BENCH_CPU_PROFILE
        ? [
            '--cpu-prof',
            '--cpu-prof-dir',
            process.env.BENCH_CPU_PROFILE,
            '--cpu-prof-name',
            'bare-route.cpuprofile',
          ]
        : []),
      '--import',
      'tsx',
      'bench/bare-route-server.ts',
      files.key,
      files.chain,
      exchangesFile,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    const port = Number((await untilOutput(child, /port (\d+)/, 'the bare Fastify route'))[1]);
    return {
      address: `localhost:${port}`,
      caPem: files.caPem,
      exchanges,
      cpuSeconds: () => cpuSecondsOf(child.pid!),
      stop: () => child.kill('SIGTERM'),
    };
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
}

/** Every call goes to the SM-DP+ and, at the same moment and with the same client code, to the bare route. */
class Mirrored implements Es9Transport {
  constructor(
    private readonly smdp: Es9Client,
    private readonly bare: Es9Client,
  ) {}
  async call<F extends Es9FunctionName>(
    functionName: F,
    body: Es9Request<F>,
  ): Promise<Es9Response<F> | undefined> {
    const [answer] = await Promise.all([
      this.smdp.call(functionName, body),
      this.bare.call(functionName, body),
    ]);
    return answer;
  }
  close(): void {
    this.smdp.close();
    this.bare.close();
  }
}

export interface SameLoadFigures {
  readonly downloads: number;
  /** The measured seconds (after the warm-up). */
  readonly seconds: number;
  readonly failures: number;
  /** Server CPU per download of the SM-DP+ and of the bare route, over the same seconds. */
  readonly smdpCpuMs: number;
  readonly bareCpuMs: number;
}

/**
 * `concurrency` emulated devices, each on one keep-alive connection to each server, doing complete downloads
 * on the SM-DP+ while the bare route answers the same requests beside it.
 */
export async function sameLoadCpu(
  server: ServerProcess,
  bare: BareRoute,
  options: { curve: Curve; matchingId: string; durationMs: number; concurrency: number },
): Promise<SameLoadFigures> {
  let downloads = 0;
  let failures = 0;
  const run = async (until: number) =>
    Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        const euicc = await EuiccEmulator.create({ curve: options.curve });
        const es10 = new Es10Client(euicc);
        const es9Client = new Mirrored(
          new Es9Client(server.address, { ca: server.caPem }),
          new Es9Client(bare.address, { ca: bare.caPem }),
        );
        while (Date.now() < until) {
          try {
            const result = await downloadProfile({
              activationCode: `LPA:1$${server.address}$${options.matchingId}`,
              euicc,
              es9Client,
            });
            await es10.deleteProfile(result.iccid);
            downloads++;
          } catch (error) {
            failures++;
            if (failures < 5) console.error(`  failure: ${(error as Error).message}`);
          }
        }
        es9Client.close();
        await es10.close();
      }),
    );
  await run(Date.now() + 2_000); // warm-up: the bare route's first requests compile its code
  downloads = 0;
  failures = 0;
  const smdpBefore = server.cpuSeconds();
  const bareBefore = bare.cpuSeconds();
  const started = performance.now();
  await run(Date.now() + options.durationMs);
  const seconds = (performance.now() - started) / 1000;
  const per = (seconds: number) => (seconds / Math.max(1, downloads)) * 1000;
  return {
    downloads,
    seconds,
    failures,
    smdpCpuMs: per(server.cpuSeconds() - smdpBefore),
    bareCpuMs: per(bare.cpuSeconds() - bareBefore),
  };
}

/** Server CPU per download (four exchanges) of the bare route when light clients replay the recording. */
export async function lightClientCpuMs(
  bare: BareRoute,
  options: { durationMs: number; concurrency: number },
): Promise<number> {
  const clients = Array.from(
    { length: options.concurrency },
    () => new Es9Client(bare.address, { ca: bare.caPem }),
  );
  const replay = async (until: number) => {
    let downloads = 0;
    await Promise.all(
      clients.map(async (client) => {
        while (Date.now() < until) {
          for (const exchange of bare.exchanges) await client.send(exchange.functionName, exchange.request);
          downloads++;
        }
      }),
    );
    return downloads;
  };
  await replay(Date.now() + 1_000); // warm-up
  const before = bare.cpuSeconds();
  const downloads = await replay(Date.now() + options.durationMs);
  const cpu = bare.cpuSeconds() - before;
  for (const client of clients) client.close();
  return (cpu / Math.max(1, downloads)) * 1000;
}
