/**
 * `npm run bench`: downloads per second, latency per ES9+ function, server CPU per download against the
 * crypto floor, server memory, and RSS with 10,000 open sessions. The SM-DP+ runs as its own process; the
 * load generator runs emulated eUICCs + built-in LPAs doing complete downloads over HTTPS with keep-alive.
 * The crypto floor is sampled by a process of its own while the load runs (bench/floor-sampler.ts).
 * `--connections fresh` measures instead the way real LPAs connect (bench/fresh-connections.ts). Both begin
 * with the start-up figures of the CLI and the server (bench/startup.ts). `--help` prints the options.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { readTlv } from '../src/asn1/tlv.ts';
import type { Curve } from '../src/crypto/curve.ts';
import { EuiccEmulator } from '../src/euicc/emulator.ts';
import { downloadProfile } from '../src/lpa/download.ts';
import { Es10Client } from '../src/lpa/es10-client.ts';
import { readProfileHeader } from '../src/saip/read-profile-header.ts';
import { lightClientCpuMs, sameLoadCpu, startBareRoute } from './bare-route.ts';
import { cryptoFloorSeconds } from './crypto-floor.ts';
import { downloadsDuring, runDevices } from './download-loop.ts';
import { sampleCryptoFloor } from './floor-sampler.ts';
import { freshConnectionRuns } from './fresh-connections.ts';
import { untilQuiet } from './handshakes.ts';
import { functionsInProcess } from './in-process.ts';
import { scaleOutRuns } from './scale-out.ts';
import { type ServerProcess, startServerProcess } from './server-process.ts';
import { printStartup, startupFigures } from './startup.ts';

const USAGE = `npm run bench -- [options]
  --connections <mode>  keep-alive (default): emulated devices keeping one HTTPS connection, both curves and
                        profile sizes, scaling and open sessions; fresh: a new eUICC per download and new TLS
                        connections (one per download as the built-in LPA, one per request as lpac), 1 and
                        --concurrency at a time, beside bare node:tls and openssl s_server handshakes
  --duration <s>        seconds per run (default 15)
  --concurrency <n>     downloads at a time (default 8)
  --sessions <n>        open sessions for the memory figure (default 10000)
  --handshakes <n>      handshakes per server, in three rounds taking turns (default 600)
  --quick               keep-alive: only P-256 with the 12 KB profile (no scaling, no memory figure)
  --startup             only the start-up figures (rspsim --version, rspsim decode, npm start listening)
  --memory              keep-alive: only the RSS with --sessions open sessions
  --scale-out           only downloads/s and server CPU per download with 1, 2, 3 instances on PostgreSQL
                        behind a loopback balancer, beside 1 on SQLite (bench/scale-out.ts)
  --postgres <url>      the PostgreSQL of --scale-out (default: RSPSIM_TEST_POSTGRES)
  --out <file>          JSON report (default bench/results/latest.json; fresh: latest-fresh.json)
  --help                this text
BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile of the SM-DP+ process.`;

function options() {
  try {
    return parseArgs({
      options: {
        help: { type: 'boolean', default: false },
        connections: { type: 'string', default: 'keep-alive' },
        handshakes: { type: 'string', default: '600' },
        duration: { type: 'string', default: '15' },
        concurrency: { type: 'string', default: '8' },
        sessions: { type: 'string', default: '10000' },
        // Only the headline run (P-256, 12 KB): a quick check while working on the hot path.
        quick: { type: 'boolean', default: false },
        startup: { type: 'boolean', default: false },
        memory: { type: 'boolean', default: false },
        'scale-out': { type: 'boolean', default: false },
        postgres: { type: 'string' },
        out: { type: 'string' },
      },
    }).values;
  } catch (error) {
    // An unknown option or a missing value: say which, then how to call the bench (no stack trace).
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}
const values = options();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (values.connections !== 'keep-alive' && values.connections !== 'fresh') {
  console.error(`--connections is keep-alive or fresh, not ${values.connections}\n\n${USAGE}`);
  process.exit(2);
}
for (const name of ['duration', 'concurrency', 'sessions', 'handshakes'] as const) {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`--${name} is a positive whole number, not ${values[name]}\n\n${USAGE}`);
    process.exit(2);
  }
}
const duration = Number(values.duration) * 1000;
const concurrency = Number(values.concurrency);
const fresh = values.connections === 'fresh';
const out =
  values.out ??
  new URL(
    values['scale-out']
      ? './results/latest-scale-out.json'
      : fresh
        ? './results/latest-fresh.json'
        : './results/latest.json',
    import.meta.url,
  ).pathname;
const machine = { cpus: cpus().length, model: cpus()[0]?.model, node: process.version };

/** The JSON report, written whatever was measured (--quick and --startup too). */
function writeReport(report: Record<string, unknown>): void {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ machine, ...report }, null, 2)}\n`);
  console.log(`written to ${out}`);
}

if (values['scale-out']) {
  const postgres = values.postgres ?? process.env.RSPSIM_TEST_POSTGRES;
  if (!postgres) {
    console.error(`--scale-out needs a PostgreSQL: --postgres <url> or RSPSIM_TEST_POSTGRES\n\n${USAGE}`);
    process.exit(2);
  }
  const workDir = mkdtempSync(join(tmpdir(), 'rspsim-bench-'));
  try {
    const scaleOut = await scaleOutRuns(postgres, {
      catalogue: catalogue(workDir).file,
      workDir,
      durationMs: duration,
      concurrency,
    });
    writeReport({ scaleOut });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  process.exit(0);
}

// Measured first, before the load has warmed or tired the machine.
const startup = await startupFigures();
printStartup(startup);
if (values.startup) {
  writeReport({ startup });
  process.exit(0);
}

/** The bench catalogue: a ~12 KB TS.48 profile, and the same grown to ~100 KB with copies of its elements. */
function catalogue(dir: string): { file: string; sizes: Record<string, number> } {
  const small = readFileSync(new URL('../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url));
  const header = readTlv(small, 0).bytes;
  const elements = small.subarray(header.length);
  const copies = Math.ceil((100 * 1024 - header.length) / elements.length);
  // Another ICCID for the big one (ICCIDs are unique in an inventory): change a digit in its header.
  const bigHeader = Buffer.from(header);
  const iccid = readProfileHeader(small).iccid;
  const at = bigHeader.indexOf(iccid) + 8;
  bigHeader[at] = bigHeader[at]! ^ 0x10;
  const big = Buffer.concat([bigHeader, ...Array.from({ length: copies }, () => elements)]);
  writeFileSync(join(dir, 'small.der'), small);
  writeFileSync(join(dir, 'big.der'), big);
  const file = join(dir, 'catalogue.json');
  writeFileSync(
    file,
    JSON.stringify({
      profiles: [
        { id: 'BENCH-10K', matchingId: 'BENCH-10K', upp: 'small.der', reusable: true },
        { id: 'BENCH-100K', matchingId: 'BENCH-100K', upp: 'big.der', reusable: true },
      ],
    }),
  );
  return { file, sizes: { 'BENCH-10K': small.length, 'BENCH-100K': big.length } };
}

const record = (latencies: Record<string, number[]>, fn: string, ms: number) => {
  latencies[fn] ??= [];
  latencies[fn].push(ms);
};

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Loads every lazily imported module and fills the caches before anything is measured. */
async function warmUp(server: ServerProcess, curve: Curve, matchingId: string) {
  const euicc = await EuiccEmulator.create({ curve });
  const es10 = new Es10Client(euicc);
  for (let i = 0; i < 10; i++) {
    const result = await downloadProfile({
      activationCode: `LPA:1$${server.address}$${matchingId}`,
      euicc,
      es9: { ca: server.caPem },
    });
    await es10.deleteProfile(result.iccid);
  }
  await es10.close();
}

/**
 * The same load runs before it is measured, until WARM_UP_DOWNLOADS downloads (or WARM_UP_MS): a server
 * fresh from start-up costs 1.3–1.6× its steady figure per download over its first ~600 downloads (V8
 * compiling the hot code on its background threads, the old generation and the trace growing to their
 * steady size), and the phases measured later (beside the bare route) are warm. bench/README.md.
 */
const WARM_UP_DOWNLOADS = 800;
const WARM_UP_MS = 20_000;

async function downloads(server: ServerProcess, curve: Curve, matchingId: string, profileBytes: number) {
  await warmUp(server, curve, matchingId);
  // Right after start V8's memory reducer collects for up to ~30 s: not to be charged to the downloads.
  await untilQuiet(() => server.cpuSeconds());
  const latencies: Record<string, number[]> = {};
  let completed = 0;
  let failures = 0;
  // Until the warm-up is over, the devices run without being measured; then the measured seconds begin.
  let measuring = false;
  let warmed = 0;
  const warmUntil = Date.now() + WARM_UP_MS;
  let deadline = Number.POSITIVE_INFINITY;
  let cpuBefore = 0;
  let systemBefore = 0;
  let started = 0;
  let floorSampler: ReturnType<typeof sampleCryptoFloor> | undefined;
  // The warm-up's own CPU per download, printed beside the measured one (what a cold start costs).
  const warmUpCpuBefore = server.cpuSeconds();
  let warmUpCpuMs = 0;
  const startMeasuring = () => {
    measuring = true;
    warmUpCpuMs = ((server.cpuSeconds() - warmUpCpuBefore) / Math.max(1, warmed)) * 1000;
    deadline = Date.now() + duration;
    cpuBefore = server.cpuSeconds();
    systemBefore = server.systemCpuSeconds();
    floorSampler = sampleCryptoFloor(curve, profileBytes);
    started = performance.now();
  };
  // One device, one keep-alive HTTPS connection across its downloads.
  await runDevices({
    connectTo: server.address,
    smdpAddress: server.address,
    matchingId,
    caPem: server.caPem,
    concurrency,
    curve,
    onCall: (fn, ms) => {
      if (measuring) record(latencies, fn, ms);
    },
    running: () => Date.now() < deadline,
    onDownload: (error) => {
      if (error) {
        failures++;
        if (failures < 5) console.error(`  failure: ${error.message}`);
      } else if (measuring) completed++;
      else warmed++;
      if (!measuring && (warmed >= WARM_UP_DOWNLOADS || Date.now() >= warmUntil)) startMeasuring();
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const serverCpuPerDownload = (server.cpuSeconds() - cpuBefore) / Math.max(1, completed);
  const serverSystemPerDownload = (server.systemCpuSeconds() - systemBefore) / Math.max(1, completed);
  const floor = (await floorSampler!.stop()).median;
  // The same work on the machine once the load has stopped, for comparison.
  const floorIdle = cryptoFloorSeconds(curve, Buffer.alloc(profileBytes, 0x5a));
  const latency = Object.fromEntries(
    Object.entries(latencies).map(([fn, list]) => {
      const sorted = list.sort((a, b) => a - b);
      return [fn, { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) }];
    }),
  );
  return {
    curve,
    profileBytes,
    concurrency,
    seconds,
    warmUpDownloads: warmed,
    warmUpServerCpuMsPerDownload: warmUpCpuMs,
    completed,
    failures,
    downloadsPerSecond: completed / seconds,
    serverCpuMsPerDownload: serverCpuPerDownload * 1000,
    serverSystemCpuMsPerDownload: serverSystemPerDownload * 1000,
    cryptoFloorMsPerDownload: floor * 1000,
    cryptoFloorIdleMsPerDownload: floorIdle * 1000,
    floorRatio: floor / serverCpuPerDownload,
    serverRssMB: server.rssBytes() / 2 ** 20,
    latencyMs: latency,
  };
}

/** RSS of the server with `count` sessions waiting between authenticateClient and getBoundProfilePackage. */
async function openSessions(server: ServerProcess, count: number) {
  const before = server.rssBytes();
  let opened = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      const euicc = await EuiccEmulator.create();
      while (opened < count) {
        opened++;
        await downloadProfile({
          activationCode: `LPA:1$${server.address}$BENCH-10K`,
          euicc,
          es9: { ca: server.caPem },
          stopAfter: 'authenticateClient',
        });
      }
    }),
  );
  // Right after the burst the heap still holds the garbage of 10,000 TLS handshakes, and how much of it V8
  // has collected varies from run to run; a full GC (SIGUSR2, the server runs with --expose-gc) leaves what
  // the open sessions really hold. They stay open (TTL 10 min) meanwhile.
  const rssAfterBurst = server.rssBytes();
  server.child.kill('SIGUSR2');
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  return {
    sessions: opened,
    rssBeforeMB: before / 2 ** 20,
    rssAfterBurstMB: rssAfterBurst / 2 ** 20,
    rssMB: server.rssBytes() / 2 ** 20,
  };
}

// The bench's catalogue and SQLite stores, removed however the bench ends.
const workDir = mkdtempSync(join(tmpdir(), 'rspsim-bench-'));
process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));
const { file, sizes } = catalogue(workDir);
if (fresh) {
  const report = await freshConnectionRuns({
    catalogue: file,
    workDir,
    durationMs: duration,
    concurrency,
    handshakes: Number(values.handshakes),
  });
  writeReport({ startup, ...report });
  process.exit(0);
}
/** RSS of a fresh server holding --sessions open sessions. */
async function memoryFigure() {
  const server = await startServerProcess(file);
  const memory = await openSessions(server, Number(values.sessions));
  await server.stop();
  console.log(
    `${memory.sessions} open sessions: server RSS ${memory.rssMB.toFixed(0)} MB after a full GC ` +
      `(${memory.rssAfterBurstMB.toFixed(0)} MB right after; idle before ${memory.rssBeforeMB.toFixed(0)} MB)`,
  );
  return memory;
}
if (values.memory) {
  writeReport({ startup, memory: await memoryFigure() });
  process.exit(0);
}
const runs = [];
for (const curve of values.quick ? (['P-256'] as const) : (['P-256', 'brainpoolP256r1'] as const)) {
  for (const matchingId of values.quick ? ['BENCH-10K'] : ['BENCH-10K', 'BENCH-100K']) {
    const server = await startServerProcess(file);
    try {
      const run = {
        ...(await downloads(server, curve, matchingId, sizes[matchingId]!)),
        // Where the CPU goes: the functions alone, then what HTTPS and the JSON binding add.
        functionsInProcessMs: await functionsInProcess(
          file,
          curve,
          matchingId,
          matchingId === 'BENCH-10K' ? 300 : 100,
        ),
      };
      runs.push(run);
      const functionsMs = Object.values(run.functionsInProcessMs).reduce((sum, ms) => sum + ms, 0);
      console.log(
        `${curve.padEnd(16)} ${String(Math.round(run.profileBytes / 1024)).padStart(4)} KB  ` +
          `${run.downloadsPerSecond.toFixed(1).padStart(6)} downloads/s  server CPU ${run.serverCpuMsPerDownload.toFixed(2)} ms/download ` +
          `(kernel ${run.serverSystemCpuMsPerDownload.toFixed(2)})  ` +
          `floor ${run.cryptoFloorMsPerDownload.toFixed(2)} ms (idle ${run.cryptoFloorIdleMsPerDownload.toFixed(2)})  ratio ${run.floorRatio.toFixed(2)}  RSS ${run.serverRssMB.toFixed(0)} MB  failures ${run.failures}`,
      );
      console.log(
        `    measured after ${run.warmUpDownloads} downloads of the same load, which cost the server ` +
          `${run.warmUpServerCpuMsPerDownload.toFixed(2)} ms/download (a fresh server warming up)`,
      );
      for (const [fn, l] of Object.entries(run.latencyMs)) {
        console.log(
          `    ${fn.padEnd(24)} p50 ${l.p50.toFixed(1)} ms  p95 ${l.p95.toFixed(1)} ms  p99 ${l.p99.toFixed(1)} ms` +
            `  CPU in process ${(run.functionsInProcessMs[fn] ?? 0).toFixed(2)} ms`,
        );
      }
      console.log(
        `    the four functions alone (in process, no HTTP): ${functionsMs.toFixed(2)} ms/download; ` +
          `HTTPS, JSON and the rest of the server add ${(run.serverCpuMsPerDownload - functionsMs).toFixed(2)} ms`,
      );
      // The same four exchanges (recorded sizes) on a bare Fastify route, same TLS: beside the same clients
      // (every request sent to both servers at once), then with a light client.
      const bare = await startBareRoute(server, { curve, matchingId, workDir });
      try {
        const bareDuration = Math.min(duration, 10_000);
        const same = await sameLoadCpu(server, bare, {
          curve,
          matchingId,
          durationMs: bareDuration,
          concurrency,
        });
        const lightMs = await lightClientCpuMs(bare, { durationMs: bareDuration, concurrency });
        const overheadMs = same.smdpCpuMs - functionsMs;
        // The same overhead taken from the keep-alive phase above (same server, warm, without the mirror):
        // both are printed, so that neither phase's figure alone makes the ratio.
        const ownPhaseOverheadMs = run.serverCpuMsPerDownload - functionsMs;
        const bareRoute = {
          ...same,
          functionsMs,
          overheadMs,
          ratio: overheadMs / same.bareCpuMs,
          ownPhaseOverheadMs,
          ownPhaseRatio: ownPhaseOverheadMs / same.bareCpuMs,
          lightMs,
        };
        Object.assign(run, { bareRoute });
        console.log(
          `    beside the same clients (${same.downloads} downloads, ${(same.downloads / same.seconds).toFixed(1)}/s, ` +
            `every request also sent to a bare Fastify route answering the same four exchanges): SM-DP+ ` +
            `${same.smdpCpuMs.toFixed(2)} ms/download, bare route ${same.bareCpuMs.toFixed(2)} ms; failures ${same.failures}`,
        );
        console.log(
          `    binding overhead (SM-DP+ − functions) against the bare route, target ≤ 1.5: beside it ` +
            `${overheadMs.toFixed(2)} ms = ${bareRoute.ratio.toFixed(2)}×; from the keep-alive phase above ` +
            `(${run.downloadsPerSecond.toFixed(1)}/s) ${ownPhaseOverheadMs.toFixed(2)} ms = ${bareRoute.ownPhaseRatio.toFixed(2)}×`,
        );
        console.log(
          `    the bare route with a light client (recorded exchanges replayed): ${lightMs.toFixed(2)} ms/download`,
        );
      } finally {
        bare.stop();
      }
    } finally {
      await server.stop();
    }
  }
}
/** Downloads/s and CPU per download with 1 and N SM-DP+ worker processes (`--workers`) on one SQLite store. */
async function scaling(workers: number) {
  const store = `sqlite:${join(workDir, `scaling-${workers}.db`)}`;
  const server = await startServerProcess(file, { store, args: ['--workers', String(workers)] });
  try {
    const cpuBefore = server.cpuSeconds();
    // One keep-alive connection per device: the cluster spreads the connections over the workers.
    const { completed, failures, seconds } = await downloadsDuring(duration, {
      connectTo: server.address,
      smdpAddress: server.address,
      matchingId: 'BENCH-10K',
      caPem: server.caPem,
      concurrency,
    });
    const cpu = server.cpuSeconds() - cpuBefore;
    return {
      workers,
      downloadsPerSecond: completed / seconds,
      serverCpuMsPerDownload: (cpu / Math.max(1, completed)) * 1000,
      failures,
    };
  } finally {
    await server.stop();
  }
}

if (values.quick) {
  writeReport({ startup, runs });
  process.exit(0);
}
const scalingRuns = [];
for (const workers of [1, cpus().length]) {
  const run = await scaling(workers);
  scalingRuns.push(run);
  console.log(
    `${workers} worker(s) on one SQLite store, P-256 12 KB: ${run.downloadsPerSecond.toFixed(1)} downloads/s, ` +
      `server CPU ${run.serverCpuMsPerDownload.toFixed(2)} ms/download, failures ${run.failures}`,
  );
}

writeReport({ startup, runs, scaling: scalingRuns, memory: await memoryFigure() });
