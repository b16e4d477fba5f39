/**
 * Issue 25, finding 6: `--admin-token` and `--cc` were visible to every local user in `ps`. Each secret now
 * also comes from a file (`--<flag>-file`) or the environment; a value on the command line still works, with
 * one warning.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSettingOptions } from '../../src/cli/setting-options.ts';
import { SMDP_SETTINGS } from '../../src/smdp/config.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { cliDeadline } from '../helpers/cli-deadline.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const run = promisify(execFile);
const bin = new URL('../../bin/rspsim.mjs', import.meta.url).pathname;
const dir = tempDir('secrets');
let smdp: RunningSmdp;

/** The CLI with no RSPSIM_ADMIN_TOKEN in its environment: the token comes only as the test says. */
const rspsim = (...args: string[]) => {
  const { RSPSIM_ADMIN_TOKEN: _, ...env } = process.env;
  return run(process.execPath, [bin, ...args, '--url', smdp.url, '--json'], { env });
};
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ stderr: 'it succeeded' }),
    (error: { stderr: string }) => error,
  );

beforeAll(async () => {
  smdp = await startTestSmdp();
});
afterAll(async () => {
  await smdp?.close();
});

describe('secrets from files, the environment or argv (issue 25, finding 6)', () => {
  it(
    '--token-file: the token never is in argv, no warning; --token: one warning; both: one line',
    async () => {
      const file = join(dir, 'token');
      writeFileSync(file, `${smdp.adminToken}\n`, { mode: 0o600 });
      const fromFile = await rspsim('order', 'list', '--token-file', file);
      expect(JSON.parse(fromFile.stdout)).toBeInstanceOf(Array);
      expect(fromFile.stderr).toBe('');

      const fromArgv = await rspsim('order', 'list', '--token', smdp.adminToken);
      expect(JSON.parse(fromArgv.stdout)).toBeInstanceOf(Array);
      expect(fromArgv.stderr).toBe(
        'rspsim: warning: --token on the command line is visible to other local users (ps); use --token-file or RSPSIM_ADMIN_TOKEN\n',
      );

      const both = await failure(rspsim('order', 'list', '--token', 'x', '--token-file', file));
      expect(both.stderr).toBe('rspsim: --token and --token-file: give one of them\n');
      const empty = join(dir, 'empty');
      writeFileSync(empty, '');
      const refused = await failure(rspsim('order', 'list', '--token-file', empty));
      expect(refused.stderr).toBe(`rspsim: --token-file: ${empty} is empty\n`);
    },
    cliDeadline(4),
  );

  it("the server's --admin-token-file and RSPSIM_ADMIN_TOKEN give the setting; --admin-token warns", async () => {
    const file = join(dir, 'admin-token');
    writeFileSync(file, 'from-the-file\n');
    const flagsAfter = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
      const saved = process.env.RSPSIM_ADMIN_TOKEN;
      if (env.RSPSIM_ADMIN_TOKEN === undefined) delete process.env.RSPSIM_ADMIN_TOKEN;
      else process.env.RSPSIM_ADMIN_TOKEN = env.RSPSIM_ADMIN_TOKEN;
      try {
        const start = new Command('start').exitOverride();
        const flagsOf = addSettingOptions(start, SMDP_SETTINGS);
        let flags: Record<string, unknown> = {};
        start.action((options: Record<string, unknown>) => {
          flags = flagsOf(options);
        });
        await start.parseAsync(args, { from: 'user' });
        return flags.adminToken;
      } finally {
        if (saved === undefined) delete process.env.RSPSIM_ADMIN_TOKEN;
        else process.env.RSPSIM_ADMIN_TOKEN = saved;
      }
    };
    expect(await flagsAfter(['--admin-token-file', file])).toBe('from-the-file');
    expect(await flagsAfter([], { RSPSIM_ADMIN_TOKEN: 'from-the-env' })).toBe('from-the-env');
    expect(await flagsAfter([])).toBeUndefined();
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) =>
      written.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      expect(await flagsAfter(['--admin-token', 'on-argv'])).toBe('on-argv');
      expect(await flagsAfter(['--admin-token', 'on-argv'])).toBe('on-argv');
    } finally {
      process.stderr.write = write;
    }
    // Once per process, however often the option is read.
    expect(written).toEqual([
      'rspsim: warning: --admin-token on the command line is visible to other local users (ps); use --admin-token-file or RSPSIM_ADMIN_TOKEN\n',
    ]);
  });
});
