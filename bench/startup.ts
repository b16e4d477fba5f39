/**
 * Start-up figures: how long `rspsim` takes to answer (`--version`, and a command that decodes DER) and how
 * long `npm start`'s server takes to listen, beside a bare `node -e 0` measured in the same minute. The
 * machine's speed drifts (a shared 2-core VM), so runs of each kind are interleaved and medians compared.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = join(root, 'bin', 'rspsim.mjs');

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Wall-clock milliseconds of one run of node with these arguments, to its exit. */
function timeRun(args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

/** Milliseconds from spawning `rspsim smdp start` (as `npm start`, SQLite store) to its "ready" line. */
async function timeServerStart(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'rspsim-startup-'));
  const started = performance.now();
  const child = spawn(process.execPath, [bin, 'smdp', 'start', '--port', '0', '--log-level', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, RSPSIM_STORE: `sqlite:${join(dir, 'rspsim.db')}` },
  });
  try {
    return await new Promise<number>((resolve, reject) => {
      let text = '';
      child.stderr.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('SM-DP+ ready on')) resolve(performance.now() - started);
      });
      child.once('exit', (code) => reject(new Error(`smdp start exited with ${code}: ${text}`)));
    });
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface CliStartup {
  readonly runs: number;
  readonly nodeMs: number;
  readonly versionMs: number;
  /** `rspsim --version` over `node -e 0`: what the CLI adds to node's own start, as a ratio. */
  readonly versionRatio: number;
}

/** Medians of `runs` interleaved runs of `node -e 0` and `rspsim --version`. */
export function cliStartup(runs = 7): CliStartup {
  const node: number[] = [];
  const version: number[] = [];
  for (let i = 0; i < runs; i++) {
    node.push(timeRun(['-e', '0']));
    version.push(timeRun([bin, '--version']));
  }
  const nodeMs = median(node);
  const versionMs = median(version);
  return { runs, nodeMs, versionMs, versionRatio: versionMs / nodeMs };
}

/** An EUICCInfo1 (SGP.22 5.7.8): SVN 2.2.0, the SGP.26 CI's key id for verification and for signing. */
const CI_KEY_ID = '0414F54172BDF98A95D65CBEB88A38A1C11D800A85C3';
const EUICC_INFO1 = `BF20358203020200A916${CI_KEY_ID}AA16${CI_KEY_ID}`;

export interface StartupFigures extends CliStartup {
  /** `rspsim decode` of a small message: a command that loads its codec and prints a tree. */
  readonly decodeMs: number;
  /** `npm start` (SQLite store) until the SM-DP+ is listening. */
  readonly serverReadyMs: number;
}

export async function startupFigures(runs = 7): Promise<StartupFigures> {
  const cli = cliStartup(runs);
  const decode: number[] = [];
  const server: number[] = [];
  for (let i = 0; i < runs; i++) {
    decode.push(timeRun([bin, 'decode', 'EUICCInfo1', EUICC_INFO1]));
    server.push(await timeServerStart());
  }
  return { ...cli, decodeMs: median(decode), serverReadyMs: median(server) };
}

export function printStartup(figures: StartupFigures): void {
  console.log(
    `start-up (median of ${figures.runs}): rspsim --version ${figures.versionMs.toFixed(0)} ms ` +
      `(node -e 0: ${figures.nodeMs.toFixed(0)} ms, ratio ${figures.versionRatio.toFixed(2)}), ` +
      `rspsim decode ${figures.decodeMs.toFixed(0)} ms, npm start listening ${figures.serverReadyMs.toFixed(0)} ms`,
  );
}
