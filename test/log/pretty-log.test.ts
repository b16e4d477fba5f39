import { spawn, spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { prettyLine } from '../../src/log/pretty-log.ts';

/** Issue 17.5: server logs readable on a terminal, JSON lines everywhere else. */
const bin = new URL('../../bin/rspsim.mjs', import.meta.url).pathname;

it('formats a pino line as time, level, message and fields, an error with its stack', () => {
  const time = Date.UTC(2026, 10, 28, 9, 22, 33, 5);
  expect(
    prettyLine(
      `${JSON.stringify({ level: 30, time, pid: 1, hostname: 'h', msg: 'SM-DP+ listening', url: 'https://x', n: 2 })}\n`,
    ),
  ).toBe('09:22:33.005 INFO  SM-DP+ listening url=https://x n=2\n');
  const error = { type: 'Error', message: 'boom', stack: 'Error: boom\n    at f (a.js:1:1)' };
  expect(
    prettyLine(JSON.stringify({ level: 40, time, msg: 'failed', transactionId: 'AB', err: error })),
  ).toBe('09:22:33.005 WARN  failed transactionId=AB\n    Error: boom\n        at f (a.js:1:1)\n');
  expect(prettyLine('not json\n')).toBe('not json\n');
});

/** `smdp start`'s stdout until the "listening" log line, run under `script` (a TTY) or with a pipe. */
async function startupLog(tty: boolean): Promise<string> {
  const command = [process.execPath, bin, 'smdp', 'start', '--store', 'memory', '--port', '0'];
  const child = tty
    ? spawn('script', ['-qfec', command.map((arg) => `'${arg}'`).join(' '), '/dev/null'])
    : spawn(command[0]!, command.slice(1));
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('SM-DP+ listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  child.kill('SIGTERM');
  return out;
}

const hasScript = spawnSync('script', ['--version']).status === 0;

it.skipIf(!hasScript)('writes readable lines to a terminal and JSON lines to a pipe', async () => {
  const tty = await startupLog(true);
  expect(tty).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}SM-DP\+ listening url=https:\/\/localhost:\d+ /m);
  expect(tty).not.toContain('{"level"');
  const piped = await startupLog(false);
  const listening = piped.split('\n').find((line) => line.includes('SM-DP+ listening'));
  expect(JSON.parse(listening!)).toMatchObject({ level: 30, msg: 'SM-DP+ listening' });
});
