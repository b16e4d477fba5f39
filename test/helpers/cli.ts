/** The rspsim command as a user runs it: the compiled bin/rspsim.mjs in its own process. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export const RSPSIM_BIN = new URL('../../bin/rspsim.mjs', import.meta.url).pathname;

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** Runs `rspsim <args>`; a failing command resolves too, with its exit code, stdout and stderr. */
export const runCli = (args: readonly string[], options: CliOptions = {}): Promise<CliRun> =>
  promisify(execFile)(process.execPath, [RSPSIM_BIN, ...args], {
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env: { ...process.env, ...options.env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
