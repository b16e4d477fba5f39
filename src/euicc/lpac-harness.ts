/**
 * Runs a third-party LPA, lpac (estkme-group/lpac 2.x), against a software eUICC: lpac's stdio APDU driver
 * (LPAC_APDU=stdio) is answered by the emulator through the stdio bridge. Everything else passes through
 * untouched: lpac's own stdout lines (progress, the final {"type":"lpa"} envelope, usage text, driver lists,
 * notification dumps) and its stderr byte for byte, its exit code, and the caller's LPAC_* variables (its
 * HTTP goes out through whichever LPAC_HTTP driver the user chose). lpac is not part of this project: point
 * `lpacPath` (or $LPAC) at a build of it.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { PassThrough, type Writable } from 'node:stream';
import type { ApduTransport } from '../apdu/transport.ts';
import { runStdioBridge } from './stdio-bridge.ts';

/** After a timeout's SIGTERM, how long lpac has before SIGKILL. */
const KILL_GRACE_MS = 5_000;

export interface LpacOptions {
  /** lpac's environment (default: this process's); LPAC_APDU is set to stdio, the rest is the caller's. */
  readonly env?: NodeJS.ProcessEnv;
  /** Stop lpac (SIGTERM, then SIGKILL) when it has not finished after this long. No limit by default. */
  readonly timeoutMs?: number;
  /** Where lpac's own stdout lines go (every line but its APDU driver's requests). */
  readonly stdout?: Writable;
  readonly stderr?: Writable;
}

export interface LpacExit {
  /** lpac's exit code, or the shell's 128 + signal number when a signal ended it. */
  readonly exitCode: number;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
}

export interface RunningLpac {
  /** Passes a signal on to lpac (it cancels a download on SIGINT, over the same bridge). */
  kill(signal: NodeJS.Signals): void;
  readonly finished: Promise<LpacExit>;
}

/**
 * Commands that read lpac's stdin, which the stdio driver uses for the eUICC's answers: they cannot work
 * over it. The message says what to do instead.
 */
function stdinReaderProblem(args: readonly string[]): string | undefined {
  const [applet, command, ...rest] = args;
  if (applet === 'profile' && command === 'download' && rest.some((arg) => /^-[a-z]*p/.test(arg))) {
    return "lpac's `profile download -p` reads its y/n answer from stdin, which the stdio APDU driver uses: leave out -p (the metadata is printed as an es8p_metadata_parse progress line) or use rspsim profile download";
  }
  if (applet === 'notification' && command === 'replay') {
    return "lpac's `notification replay` reads notifications from stdin, which the stdio APDU driver uses: use `notification process` (or rspsim notification process)";
  }
  return undefined;
}

export function startLpac(
  lpacPath: string,
  args: readonly string[],
  euicc: ApduTransport,
  options: LpacOptions = {},
): RunningLpac {
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env), LPAC_APDU: 'stdio' };
  if (env.LPAC_HTTP === 'stdio') {
    throw new Error(
      "LPAC_HTTP=stdio would send lpac's HTTP requests over the same stdio the eUICC uses; unset it or use LPAC_HTTP=curl",
    );
  }
  const problem = stdinReaderProblem(args);
  if (problem) throw new Error(problem);
  // Its own process group: a Ctrl-C reaches lpac once, through kill(), while the bridge keeps answering.
  const child = spawn(lpacPath, args, { env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  // lpac may exit before reading our last answer.
  child.stdin.on('error', () => undefined);
  if (options.stderr) child.stderr.pipe(options.stderr, { end: false });
  else child.stderr.resume();
  const stdout = options.stdout;
  const bridge = runStdioBridge(child.stdout, child.stdin, euicc, (line) => stdout?.write(line));
  let timedOut = false;
  let killTimer: NodeJS.Timeout | undefined;
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          child.kill('SIGTERM');
          killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
        }, options.timeoutMs);
  const finished = new Promise<LpacExit>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new Error(`lpac not found: ${lpacPath} (give --lpac <path> or set LPAC)`)
          : error,
      );
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      const exitCode = code ?? 128 + (signal ? constants.signals[signal] : 0);
      void bridge.finally(() => resolve({ exitCode, signal, timedOut }));
    });
  });
  return {
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    finished,
  };
}

export interface LpacRun extends LpacExit {
  /** lpac's own stdout, as written. */
  readonly stdout: string;
  /** The payload of lpac's last {"type":"lpa"} line: {code, message, data}. */
  readonly result: { code: number; message: string; data: unknown } | undefined;
  /** Every {"type":"progress"} step lpac reported. */
  readonly progress: string[];
  readonly stderr: string;
}

/** One lpac command run to its end, its output kept and its JSON lines read (for tests and programs). */
export async function runLpac(
  lpacPath: string,
  args: readonly string[],
  euicc: ApduTransport,
  options: Omit<LpacOptions, 'stdout' | 'stderr'> = {},
): Promise<LpacRun> {
  const collect = () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
  };
  const out = collect();
  const err = collect();
  const exit = await startLpac(lpacPath, args, euicc, { ...options, stdout: out.stream, stderr: err.stream })
    .finished;
  await new Promise(setImmediate); // the last chunks piped in reach the collectors
  const stdout = out.text();
  let result: LpacRun['result'];
  const progress: string[] = [];
  for (const line of stdout.split('\n')) {
    let parsed: { type?: unknown; payload?: { message?: unknown } & Record<string, unknown> } | undefined;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    if (parsed?.type === 'lpa') result = parsed.payload as LpacRun['result'];
    else if (parsed?.type === 'progress') progress.push(String(parsed.payload?.message ?? ''));
  }
  return { ...exit, stdout, result, progress, stderr: err.text() };
}
