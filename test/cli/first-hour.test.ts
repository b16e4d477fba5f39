import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { runCli } from '../helpers/cli.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** Issue 17.5: what a new user hit in the first hour, as a user runs the commands. */
const dir = tempDir('first-hour');
const env: Record<string, string> = {};
const rspsim = (...args: string[]) => runCli(args, { env });

describe('the CLI for a new user', () => {
  let smdp: RunningSmdp;
  beforeAll(async () => {
    smdp = await startTestSmdp();
    env.RSPSIM_ADMIN_TOKEN = smdp.adminToken;
  });
  afterAll(async () => {
    await smdp?.close();
  });

  it('with --json, a failure is one JSON document on stdout as well as one line on stderr', async () => {
    const missing = join(dir, 'missing.json');
    const run = await rspsim('euicc', 'info', '-f', missing, '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      error: expect.stringContaining(`cannot read eUICC state ${missing}`),
    });
    expect(run.stderr).toMatch(/^rspsim: cannot read eUICC state .*\n$/);
    // Without --json, stdout stays empty.
    expect((await rspsim('euicc', 'info', '-f', missing)).stdout).toBe('');
    // A usage error too: commander's message on stderr, the same as JSON on stdout.
    const usage = await rspsim('euicc', 'create', '--json');
    expect(usage.code).toBe(1);
    expect(JSON.parse(usage.stdout)).toEqual({
      error: "required option '-f, --file <state.json>' not specified",
    });
    expect(usage.stderr).toBe(
      "rspsim: required option '-f, --file <state.json>' not specified\n(add --help for the usage)\n",
    );
    // euicc info reads a state file or a card in a reader: naming neither is said in one line.
    const neither = await rspsim('euicc', 'info', '--json');
    expect(neither.code).toBe(1);
    expect(JSON.parse(neither.stdout)).toEqual({
      error: 'give the eUICC as either -f <state.json> or --reader <PC/SC reader name>',
    });
  });

  it('decode --help lists the types it knows', async () => {
    const run = await rspsim('decode', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\nTypes:\n {2}\S/);
    for (const type of ['AuthenticateServerResponse', 'BoundProfilePackage', 'EUICCInfo1', 'ProfileInfo']) {
      expect(run.stdout).toMatch(new RegExp(`\\b${type}\\b`));
    }
  });

  it('decode Certificate opens it as the session trace does, the DER under it', async () => {
    const pem = readFileSync(
      new URL('../../certs/sgp26/CertificateIssuer/CERT_CI_ECDSA_NIST.pem', import.meta.url),
      'utf8',
    );
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const run = await rspsim('decode', 'Certificate', der.toString('hex'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Certificate \[30\]: CN=Test CI, .*\(issuer CN=Test CI, .*, ci\)\n/);
    expect(run.stdout).toContain('  policy: 2.23.146.1.2.1.0 (id-rspRole-ci)\n');
    expect(run.stdout).toContain(`  der: ${der.toString('hex').toUpperCase()}\n`);
    // A SEQUENCE that is no certificate stays bytes.
    expect((await rspsim('decode', 'Certificate', '3003020101')).stdout).toBe(
      'Certificate [30]: 3003020101\n',
    );
  });

  it('an installation failure names the BPP command and the error reason beside their numbers', async () => {
    const file = join(dir, 'euicc.json');
    await EuiccEmulator.create({ file });
    const scenarios = join(dir, 'no-memory.json');
    writeFileSync(
      scenarios,
      JSON.stringify([
        {
          name: 'no-memory',
          function: 'loadBoundProfilePackage',
          answer: { type: 'error', code: 'installFailedDueToInsufficientMemoryForProfile' },
        },
      ]),
    );
    const ac = `LPA:1$${smdp.address}$DEMO`;
    const text = await rspsim('profile', 'download', '-e', file, '-a', ac, '--scenarios', scenarios);
    expect(text.code).toBe(1);
    expect(text.stdout).toBe(
      'installation failed: bppCommandId 5 (loadProfileElements), ' +
        'errorReason 10 (installFailedDueToInsufficientMemoryForProfile)\n',
    );
    const json = await rspsim(
      'profile',
      'download',
      '-e',
      file,
      '-a',
      ac,
      '--scenarios',
      scenarios,
      '--json',
    );
    expect(JSON.parse(json.stdout).errorResult).toEqual({
      bppCommandId: 5,
      errorReason: 10,
      bppCommand: '5 (loadProfileElements)',
      reason: '10 (installFailedDueToInsufficientMemoryForProfile)',
    });
  });

  it('order list lines its columns up under the header', async () => {
    const run = await rspsim('order', 'list', '--url', smdp.url);
    expect(run.code).toBe(0);
    const [header, ...rows] = run.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ICCID +STATE +TYPE +MATCHING-ID +EID$/);
    expect(rows.length).toBeGreaterThan(1);
    for (const title of ['STATE', 'TYPE', 'MATCHING-ID', 'EID']) {
      const column = header!.indexOf(title);
      // Each cell of the column starts where its title does, after the two spaces that end the one before.
      for (const row of rows) expect(row.slice(column - 2, column + 1)).toMatch(/^ {2}\S$/);
    }
  });
});
