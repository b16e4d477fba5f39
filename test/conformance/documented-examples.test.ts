import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseStrictXml } from '../helpers/strict-xml.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Issue 22: every example of the conformance runner in the documentation runs as written — copied out of
 * the markdown (README.md or docs/*.md), run by a shell in a fresh folder where `node bin/rspsim.mjs` is the
 * project's CLI, and judged by what the text promises for it.
 */
const root = new URL('../..', import.meta.url).pathname;
const pages = [
  join(root, 'README.md'),
  ...(existsSync(join(root, 'docs'))
    ? readdirSync(join(root, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => join(root, 'docs', f))
    : []),
];

/** The `node bin/rspsim.mjs conformance …` commands of the pages' sh blocks, continuation lines joined. */
function conformanceExamples(): string[] {
  const commands: string[] = [];
  for (const page of pages) {
    const text = readFileSync(page, 'utf8');
    for (const [, block] of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
      const lines = (block ?? '').replace(/\\\n\s*/g, '').split('\n');
      for (const line of lines)
        if (line.startsWith('node bin/rspsim.mjs conformance '))
          commands.push(line.replace(/\s+#[^'"]*$/, '').trim());
    }
  }
  return commands;
}

const examples = conformanceExamples();
const servers: ChildProcess[] = [];
afterAll(() => {
  for (const server of servers) server.kill('SIGKILL');
});

function sh(command: string, cwd: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // stdin closed: a manual campaign finds no tester and says so.
    const child = execFile(
      'sh',
      ['-c', command],
      { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end();
  });
}

/** A fresh folder holding `bin` (the project's), as a checkout's root does for these commands. */
function checkoutLike(): string {
  const dir = tempDir('documented-examples');
  symlinkSync(join(root, 'bin'), join(dir, 'bin'));
  return dir;
}

/** The terminal summary's total line: every case passed (with or without a remark), none failed. */
function expectAllPassed(stdout: string): void {
  const total = /^total +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+)$/m.exec(stdout);
  expect(total, stdout.slice(-2000)).not.toBeNull();
  const [cases, pass, remark, fail, inconclusive, error] = (total ?? []).slice(1).map(Number);
  expect({ fail, inconclusive, error, passed: (pass ?? 0) + (remark ?? 0) }, stdout.slice(-4000)).toEqual({
    fail: 0,
    inconclusive: 0,
    error: 0,
    passed: cases,
  });
}

const example = (pattern: RegExp) => {
  const found = examples.filter((e) => pattern.test(e));
  expect(found, `one documented example matching ${pattern}`).toHaveLength(1);
  return found[0] ?? '';
};

describe('the documented conformance examples run as written', () => {
  it('finds the examples (and every one is covered by a test below)', () => {
    const covered = [
      /smdp --target https:\/\/localhost:8443/,
      /lpa --builtin --cases/,
      /smdp --self/,
      /smdp --list/,
      /lpa --builtin --junit/,
      /run-lpac/,
      /lpa --cases .*profile download -e/,
      /--dut-manual/,
      /euicc --builtin/,
      /euicc --reader/,
      /euicc --driver-command/,
    ];
    expect(examples.length).toBe(covered.length);
    for (const e of examples)
      expect(
        covered.filter((p) => p.test(e)),
        e,
      ).toHaveLength(1);
  });

  it('conformance smdp --self passes every case and writes its three reports', async () => {
    const dir = checkoutLike();
    const run = await sh(example(/smdp --self/), dir);
    expect(run.stderr).toBe('');
    expectAllPassed(run.stdout);
    expect(run.status).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.summary.total).toBeGreaterThanOrEqual(140);
    expect(report.summary.fail + report.summary.inconclusive + report.summary.error).toBe(0);
    const junit = parseStrictXml(readFileSync(join(dir, 'out.xml'), 'utf8'));
    expect(junit.attributes.tests).toBe(String(report.summary.total));
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('id="GBPP-NOM-P256"');
  }, 240_000);

  it("README's tour: a campaign against the SM-DP+ `smdp start` serves on localhost:8443, and the built-in LPA's nominal cases", async () => {
    const dir = checkoutLike();
    // What `npm start` runs, in the folder (its store goes to data/ there); stopped after, whatever happens.
    const server = spawn(process.execPath, [join(dir, 'bin/rspsim.mjs'), 'smdp', 'start'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    servers.push(server);
    try {
      await new Promise<void>((resolve, reject) => {
        let said = '';
        server.stderr.on('data', (chunk: Buffer) => {
          said += chunk.toString('utf8');
          if (said.includes('SM-DP+ ready')) resolve();
        });
        server.once('exit', (code) => reject(new Error(`smdp start ended (${code}): ${said}`)));
      });
      const smdp = await sh(example(/smdp --target https:\/\/localhost:8443/), dir);
      expect(smdp.stderr).toBe('');
      expectAllPassed(smdp.stdout);
      expect(smdp.status).toBe(0);
      expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('id="IA-NOM-P256"');
    } finally {
      server.kill('SIGTERM');
    }
    const lpa = await sh(example(/lpa --builtin --cases/), dir);
    expectAllPassed(lpa.stdout);
    expect(lpa.status).toBe(0);
  }, 120_000);

  it('conformance smdp --list prints the selected cases', async () => {
    const run = await sh(example(/smdp --list/), checkoutLike());
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^GBPP-NOM-P256 /m);
    expect(run.stdout).not.toMatch(/^IA-/m);
  });

  it('conformance lpa --builtin passes every case and writes JUnit', async () => {
    const dir = checkoutLike();
    const run = await sh(example(/lpa --builtin --junit/), dir);
    expect(run.stderr).toBe('');
    expectAllPassed(run.stdout);
    expect(run.status).toBe(0);
    expect(
      Number(parseStrictXml(readFileSync(join(dir, 'lpa.xml'), 'utf8')).attributes.tests),
    ).toBeGreaterThan(100);
  }, 240_000);

  it('conformance lpa with the built-in LPA as a command passes the cases it selects', async () => {
    const run = await sh(example(/lpa --cases .*profile download -e/), checkoutLike());
    expect(run.stderr).toBe('');
    expectAllPassed(run.stdout);
    expect(run.status).toBe(0);
  }, 240_000);

  it.skipIf(!process.env.LPAC)(
    'conformance lpa with lpac as the DUT runs every case (LPAC set)',
    async () => {
      const run = await sh(example(/run-lpac/), checkoutLike());
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^total +\d+ +\d+ +\d+ +\d+ +\d+ +0$/m);
    },
    1_200_000,
  );

  it('conformance euicc --builtin passes every case and writes its HTML report', async () => {
    const dir = checkoutLike();
    const run = await sh(example(/euicc --builtin/), dir);
    expect(run.stderr).toBe('');
    expectAllPassed(run.stdout);
    expect(run.status).toBe(0);
    expect(readFileSync(join(dir, 'euicc-report.html'), 'utf8')).toContain('id="EB-LBPP-NOM"');
  }, 120_000);

  it('conformance euicc --driver-command passes the campaign against euicc serve-stdio, the destructive cases left out', async () => {
    const dir = checkoutLike();
    // The page says to make the state file first.
    expect((await sh('node bin/rspsim.mjs euicc create -f euicc.json', dir)).status).toBe(0);
    const run = await sh(example(/euicc --driver-command/), dir);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /^left out \(they change the card for good; --allow-destructive runs them\): EC-PPR1-DISABLE, EC-PPR2-DELETE, EC-MEMORY-RESET, EB-LOADCRL$/m,
    );
    expectAllPassed(run.stdout);
    expect(run.status).toBe(0);
  }, 240_000);

  // The PC/SC path runs in test/euicc/vpcd.test.ts (one card per vpcd port: never beside it); here, with a
  // test eUICC of a lab in a reader named by RSPSIM_EUICC_READER, the line as written.
  it.skipIf(!process.env.RSPSIM_EUICC_READER)(
    'conformance euicc --reader passes against the card in RSPSIM_EUICC_READER',
    async () => {
      const line = example(/euicc --reader/).replace(
        'Virtual PCD 00 00',
        process.env.RSPSIM_EUICC_READER ?? '',
      );
      const run = await sh(line, checkoutLike());
      expectAllPassed(run.stdout);
      expect(run.status).toBe(0);
    },
    1_200_000,
  );

  it('conformance lpa --dut-manual shows the tester what to trust and each case; no tester: inconclusive', async () => {
    const run = await sh(example(/--dut-manual/), checkoutLike());
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('The SM-DP+ is at https://192.168.1.20:8443');
    expect(run.stdout).toMatch(/Activation code: LPA:1\$192\.168\.1\.20:8443\$/);
    expect(run.stdout).toMatch(/^INCONCLUSIVE +LPA-NOM-P256 [^\n]*\n +no tester \(the input ended\)$/m);
    expect(run.status).toBe(1);
  }, 60_000);
});
