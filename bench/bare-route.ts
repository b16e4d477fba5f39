/**
 * What a bare Fastify route costs for the four exchanges of a download (issue 18, keep-alive path): the
 * requests and answers of one real download are recorded, then replayed against bench/bare-route-server.ts
 * by N clients, each on one keep-alive connection, so that the SM-DP+'s binding overhead (its CPU per
 * download minus the functions' own) can be set against it in the same run.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Curve } from '../src/crypto/curve.ts';
import { EuiccEmulator } from '../src/euicc/emulator.ts';
import { downloadProfile } from '../src/lpa/download.ts';
import { type Es9Body, Es9Client, type Es9Transport } from '../src/lpa/es9-client.ts';
import { baselineMaterial, untilOutput } from './handshakes.ts';
import { cpuSecondsOf, type ServerProcess } from './server-process.ts';

const root = fileURLToPath(new URL('../', import.meta.url));

export interface RecordedExchange {
  readonly functionName: string;
  readonly request: string;
  /** The answer's JSON text; undefined for 204 No Content. */
  readonly answer: string | undefined;
}

/** One real download against the SM-DP+, its requests and answers kept as text. */
async function recordDownload(server: ServerProcess, curve: Curve, matchingId: string) {
  const exchanges: RecordedExchange[] = [];
  const client = new Es9Client(server.address, { ca: server.caPem });
  const recording: Es9Transport = {
    async call(functionName: string, body: Es9Body) {
      const answer = await client.call(functionName, body);
      exchanges.push({
        functionName,
        request: JSON.stringify(body),
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

function post(agent: Agent, port: number, exchange: RecordedExchange): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        servername: 'localhost',
        path: `/gsma/rsp2/es9plus/${exchange.functionName}`,
        method: 'POST',
        agent,
        headers: {
          'X-Admin-Protocol': 'gsma/rsp/v2.2.2',
          'Content-Type': 'application/json;charset=UTF-8',
          'Content-Length': Buffer.byteLength(exchange.request),
        },
      },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve());
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(exchange.request);
  });
}

/** Server CPU per download (four exchanges) of the bare route, `concurrency` keep-alive clients. */
export async function bareRouteCpuMs(
  server: ServerProcess,
  options: { curve: Curve; matchingId: string; workDir: string; durationMs: number; concurrency: number },
): Promise<number> {
  const exchanges = await recordDownload(server, options.curve, options.matchingId);
  const files = baselineMaterial(options.workDir);
  const exchangesFile = join(options.workDir, 'exchanges.json');
  writeFileSync(exchangesFile, JSON.stringify(exchanges));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/bare-route-server.ts', files.key, files.chain, exchangesFile],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    const port = Number((await untilOutput(child, /port (\d+)/, 'the bare Fastify route'))[1]);
    const agents = Array.from(
      { length: options.concurrency },
      () => new Agent({ keepAlive: true, ca: files.caPem }),
    );
    const replay = async (until: number) => {
      let downloads = 0;
      await Promise.all(
        agents.map(async (agent) => {
          while (Date.now() < until) {
            for (const exchange of exchanges) await post(agent, port, exchange);
            downloads++;
          }
        }),
      );
      return downloads;
    };
    await replay(Date.now() + 2_000); // warm-up
    const before = cpuSecondsOf(child.pid!);
    const downloads = await replay(Date.now() + options.durationMs);
    const cpu = cpuSecondsOf(child.pid!) - before;
    for (const agent of agents) agent.destroy();
    return (cpu / Math.max(1, downloads)) * 1000;
  } finally {
    child.kill('SIGTERM');
  }
}
