import { execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServerProcess } from '../../bench/server-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Issue 26.3: every fenced block of the user documentation marked runnable (```sh runnable) works as
 * written. A page's blocks run in order, by `sh -e`, in a fresh folder holding the checkout's `bin` and
 * `fixtures` (as a reader runs them from the repository folder), each against an SM-DP+ started as `npm
 * start` starts it (on a free port: `localhost:8443` in a block is that server's address, RSPSIM_URL its URL)
 * with RSPSIM_ADMIN_TOKEN set, as the tour tells the reader to.
 */
const root = new URL('../..', import.meta.url).pathname;
const pages = ['README.md', ...readdirSync(join(root, 'docs')).map((f) => join('docs', f))].filter((f) =>
  f.endsWith('.md'),
);
const RUNNABLE = /^```sh runnable\n([\s\S]*?)^```$/gm;
const blocksOf = (page: string) =>
  [...readFileSync(join(root, page), 'utf8').matchAll(RUNNABLE)].map((match) => match[1] ?? '');
const documented = pages.map((page) => [page, blocksOf(page)] as const).filter(([, blocks]) => blocks.length);
const TOKEN = 'runnable-blocks';

function sh(script: string, cwd: string, env: Record<string, string>) {
  return new Promise<{ status: number; output: string }>((resolve) => {
    execFile('sh', ['-e', '-c', script], { cwd, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ status: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

describe('the runnable blocks of the user documentation', () => {
  it('include the tour of README and the examples that make their own files', () => {
    const pagesWithBlocks = documented.map(([page]) => page);
    expect(pagesWithBlocks).toEqual(
      expect.arrayContaining(['README.md', 'docs/scenarios.md', 'docs/operator-es2.md']),
    );
  });

  it.each(documented)(
    '%s runs as written',
    async (page, blocks) => {
      const dir = tempDir('runnable');
      for (const shared of ['bin', 'fixtures']) symlinkSync(join(root, shared), join(dir, shared));
      for (const block of blocks) {
        const smdp = await startServerProcess('fixtures/profiles/catalogue.json', {
          args: ['--admin-token', TOKEN],
        });
        try {
          const script = block.replaceAll('localhost:8443', smdp.address);
          const run = await sh(script, dir, {
            RSPSIM_ADMIN_TOKEN: TOKEN,
            RSPSIM_URL: `https://${smdp.address}`,
          });
          expect(run.status, `${page}:\n${block}\n${run.output}`).toBe(0);
        } finally {
          await smdp.stop();
        }
      }
    },
    120_000,
  );
});

it("the SM-DP+'s start-up banner prints the tour's commands, the activation code in single quotes", async () => {
  const server = spawn(
    process.execPath,
    ['bin/rspsim.mjs', 'smdp', 'start', '--port', '0', '--store', 'memory'],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const banner = await new Promise<string>((resolve, reject) => {
    let text = '';
    server.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes('admin token:')) resolve(text);
    });
    server.once('exit', (code) => reject(new Error(`smdp start ended (${code}): ${text}`)));
  }).finally(() => server.kill('SIGTERM'));
  const address = /\(address (\S+)\)/.exec(banner)?.[1] ?? '';
  const download = `node bin/rspsim.mjs profile download -e my-euicc.json -a 'LPA:1$${address}$DEMO'`;
  expect(banner).toContain(`\n  node bin/rspsim.mjs euicc create -f my-euicc.json\n  ${download}\n`);
  expect(banner).toMatch(/^admin token: (\S+) \(.*export RSPSIM_ADMIN_TOKEN=\1\)$/m);
  // The same commands as the tour's runnable blocks, which run against the default address.
  const tour = blocksOf('README.md').join('\n');
  expect(tour).toContain('node bin/rspsim.mjs euicc create -f my-euicc.json\n');
  expect(tour).toContain(download.replace(address, 'localhost:8443'));
});
