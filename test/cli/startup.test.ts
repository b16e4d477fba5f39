import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { cliStartup } from '../../bench/startup.ts';

/**
 * Issue 17: the CLI runs compiled JavaScript in its own process and loads only the command asked for, so
 * answering `--version` costs little more than starting node. A ratio to `node -e 0` on the same machine in
 * the same minute (medians of interleaved runs), not a time: the machine's speed is not the CLI's.
 */
const bin = new URL('../../bin/rspsim.mjs', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

it('prints the version of package.json', () => {
  for (const flag of ['--version', '-V']) {
    const run = spawnSync(process.execPath, [bin, flag], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${manifest.version}\n`);
  }
});

it('answers --version in at most 3 times what a bare node -e 0 takes', () => {
  const figures = cliStartup(7);
  expect(figures.versionRatio, JSON.stringify(figures)).toBeLessThanOrEqual(3);
});

it('lists every area in --help although a command loads only its own', () => {
  const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
  expect(help.status).toBe(0);
  const areas = ['smdp', 'smds', 'pki', 'euicc', 'profile', 'notification', 'decode', 'session', 'scenario'];
  for (const area of [...areas, 'order', 'activation-code', 'conformance']) {
    expect(help.stdout).toMatch(new RegExp(`^  ${area}\\b`, 'm'));
  }
  // A command's own help, and the help command, still see its subcommands.
  expect(spawnSync(process.execPath, [bin, 'help', 'euicc'], { encoding: 'utf8' }).stdout).toContain(
    'run-lpac',
  );
  expect(spawnSync(process.execPath, [bin, 'order', '--help'], { encoding: 'utf8' }).stdout).toContain(
    'create',
  );
  const unknown = spawnSync(process.execPath, [bin, 'decod'], { encoding: 'utf8' });
  expect(unknown.status).toBe(1);
  expect(unknown.stderr).toContain('(Did you mean decode?)');
});
