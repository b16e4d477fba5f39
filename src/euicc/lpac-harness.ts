/**
 * Runs a third-party LPA, lpac (estkme-group/lpac 2.x), against a software eUICC: lpac's stdio APDU driver
 * (LPAC_APDU=stdio) is answered by the emulator through the stdio bridge, its HTTP goes out with curl. lpac
 * itself is not part of this project: point `lpacPath` (or $LPAC) at a build of it.
 */
import { spawn } from 'node:child_process';
import type { ApduTransport } from '../apdu/transport.ts';
import { runStdioBridge } from './stdio-bridge.ts';

export interface LpacRun {
  readonly exitCode: number | null;
  /** The payload of lpac's last {"type":"lpa"} line: {code, message, data}. */
  readonly result: { code: number; message: string; data: unknown } | undefined;
  /** Every {"type":"progress"} step lpac reported. */
  readonly progress: string[];
  readonly stderr: string;
}

export function runLpac(
  lpacPath: string,
  args: readonly string[],
  euicc: ApduTransport,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<LpacRun> {
  const child = spawn(lpacPath, args, {
    env: { ...process.env, ...options.env, LPAC_APDU: 'stdio', LPAC_HTTP: 'curl' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let result: LpacRun['result'];
  const progress: string[] = [];
  let stderr = '';
  // lpac may exit before reading our last answer.
  child.stdin.on('error', () => undefined);
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const bridge = runStdioBridge(child.stdout, child.stdin, euicc, (_line, parsed: any) => {
    if (parsed?.type === 'lpa') result = parsed.payload;
    else if (parsed?.type === 'progress') progress.push(String(parsed.payload?.message ?? ''));
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      void bridge.finally(() => resolve({ exitCode, result, progress, stderr }));
    });
  });
}
