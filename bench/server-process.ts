/** The SM-DP+ under test as a separate process, and what the kernel says about its CPU time and memory. */
import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const TICKS_PER_SECOND = 100;

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly address: string;
  /** host:port this process listens on (differs from the address when workers share one). */
  readonly listen: string;
  readonly caPem: string;
  /** User + system CPU of the server and its worker processes (node:cluster), from /proc. */
  cpuSeconds(): number;
  /** The kernel's share of that (system time: sockets, TCP over loopback, memory). */
  systemCpuSeconds(): number;
  /** The cluster workers' process ids (none for a single process). */
  workerPids(): number[];
  rssBytes(): number;
  /** Open file descriptors of the server process (/proc/<pid>/fd). */
  openDescriptors(): number;
  /** SIGTERM (a clean stop) by default; SIGKILL for a crash. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** A process and its descendants, from /proc/<pid>/task/<tid>/children. */
function processTree(root: number): number[] {
  const all = [root];
  for (let i = 0; i < all.length; i++) {
    try {
      const children = readFileSync(`/proc/${all[i]}/task/${all[i]}/children`, 'utf8').trim();
      if (children) all.push(...children.split(' ').map(Number));
    } catch {
      // gone meanwhile
    }
  }
  return all;
}

/** User and system time of a process, in seconds. */
function cpuTimesOf(pid: number): { user: number; system: number } {
  try {
    // /proc/<pid>/stat fields 14 and 15: user and system time in clock ticks.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { user: Number(fields[11]) / TICKS_PER_SECOND, system: Number(fields[12]) / TICKS_PER_SECOND };
  } catch {
    return { user: 0, system: 0 };
  }
}

export function cpuSecondsOf(pid: number): number {
  const { user, system } = cpuTimesOf(pid);
  return user + system;
}

export interface ServerOptions {
  /** Shared store (`sqlite:<file>`) and address, for several worker processes acting as one SM-DP+. */
  readonly store?: string;
  readonly address?: string;
  /** Further `smdp start` flags (a fixed --port, an --admin-token ...). */
  readonly args?: readonly string[];
  /** Further RSPSIM_* settings. */
  readonly env?: Readonly<Record<string, string>>;
  /** Pipe the server's log (stdout) instead of dropping it: `child.stdout` then carries it. */
  readonly keepLog?: boolean;
  /** Write the server's log (stdout) to this file, at its default level (info), as an operator runs it. */
  readonly logFile?: string;
}

export async function startServerProcess(
  catalogue: string,
  options: ServerOptions = {},
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [
      '--expose-gc', // SIGUSR2 then runs a full GC, for the memory figures
      ...(process.env.BENCH_CPU_PROFILE
        ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROFILE]
        : []),
      'bin/rspsim.mjs', // the compiled server, as `npm start` runs it
      'smdp',
      'start',
      ...(options.args?.includes('--port') ? [] : ['--port', '0']),
      '--catalogue',
      catalogue,
      '--log-level',
      options.logFile ? 'info' : 'warn',
      ...(options.address ? ['--address', options.address] : []),
      ...(options.args ?? []),
    ],
    {
      cwd: root,
      stdio: [
        'ignore',
        options.logFile ? openSync(options.logFile, 'w') : options.keepLog ? 'pipe' : 'ignore',
        'pipe',
      ],
      env: { ...process.env, ...options.env, RSPSIM_STORE: options.store ?? 'memory' },
    },
  );
  const [address, listen] = await new Promise<[string, string]>((resolve, reject) => {
    let text = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const ready = /ready on https:\/\/(\S+) \(address (\S+)\)/.exec(text);
      if (ready) resolve([ready[2]!, ready[1]!]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${text}`)));
  });
  const pid = child.pid!;
  return {
    child,
    address,
    listen,
    caPem: readFileSync(`${root}certs/sgp26/CertificateIssuer/CERT_CI_ECDSA_NIST.pem`, 'utf8'),
    cpuSeconds() {
      return processTree(pid).reduce((sum, p) => sum + cpuSecondsOf(p), 0);
    },
    systemCpuSeconds() {
      return processTree(pid).reduce((sum, p) => sum + cpuTimesOf(p).system, 0);
    },
    workerPids() {
      return processTree(pid).slice(1);
    },
    openDescriptors() {
      return readdirSync(`/proc/${pid}/fd`).length;
    },
    rssBytes() {
      const line = readFileSync(`/proc/${pid}/status`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('VmRSS:'))!;
      return Number(line.replace(/\D/g, '')) * 1024;
    },
    stop: (signal: NodeJS.Signals = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
