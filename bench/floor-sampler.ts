/**
 * The crypto floor measured while the load runs, in a process of its own: short batches spread over the
 * run, so that the floor and the server's CPU per download are taken on the same machine at the same time
 * (a shared VM's speed drifts by tens of percent between an idle minute and a busy one). It takes about a
 * tenth of one core. Run by `sampleCryptoFloor`; answers the 'stop' message with the batches' figures.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Curve } from '../src/crypto/curve.ts';
import { cpuSecondsPerRun, floorWork } from './crypto-floor.ts';

const BATCH = 10;
const PAUSE_MS = 100;

export interface FloorSamples {
  /** Median of the batches, seconds per download. */
  readonly median: number;
  readonly batches: number;
}

export function sampleCryptoFloor(curve: Curve, profileBytes: number): { stop(): Promise<FloorSamples> } {
  const child = fork(fileURLToPath(import.meta.url), [curve, String(profileBytes)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    stop: () =>
      new Promise((resolve, reject) => {
        child.once('message', (samples) => resolve(samples as FloorSamples));
        child.once('exit', (code) => reject(new Error(`floor sampler exited with ${code}`)));
        child.send('stop');
      }),
  };
}

async function runSampler(curve: Curve, profileBytes: number) {
  const work = floorWork(curve, Buffer.alloc(profileBytes, 0x5a));
  cpuSecondsPerRun(work, 50); // compiled and warm before the first sample
  const samples: number[] = [];
  let stopping = false;
  process.on('message', () => {
    stopping = true;
  });
  while (!stopping) {
    samples.push(cpuSecondsPerRun(work, BATCH));
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
  samples.sort((a, b) => a - b);
  process.send!({ median: samples[Math.floor(samples.length / 2)] ?? 0, batches: samples.length });
  process.disconnect();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runSampler(process.argv[2] as Curve, Number(process.argv[3]));
}
