import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../../bench/server-process.ts';
import { runCli } from '../helpers/cli.ts';
import { cliDeadline } from '../helpers/cli-deadline.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Issue 26.1: a lab's own PKI end to end from the command line, as processes, on both curves: generate it,
 * start the SM-DP+ on it, create an eUICC under its EUM, download. The eUICC's state file records the CIs it
 * trusts, so every later command opens it without naming the PKI again.
 */
const catalogue = 'fixtures/profiles/catalogue.json';
const CI_FILE = { 'P-256': 'CERT_CI_ECDSA_NIST.pem', brainpoolP256r1: 'CERT_CI_ECDSA_BRP.pem' } as const;

describe.each(['P-256', 'brainpoolP256r1'] as const)('own PKI on %s from the CLI', (curve) => {
  const dir = tempDir('own-pki-cli');
  const rspsim = (...args: string[]) => runCli(args, { cwd: dir });
  let smdp: ServerProcess | undefined;
  afterAll(() => smdp?.stop());

  it(
    'pki generate, smdp start --pki, euicc create --pki, then every command on the file alone',
    async () => {
      const generated = await rspsim('pki', 'generate', '--curve', curve, '--out', 'my-pki');
      expect(generated.stderr + generated.stdout).toContain(`my-pki/CertificateIssuer/${CI_FILE[curve]}`);
      expect(generated.code).toBe(0);
      smdp = await startServerProcess(catalogue, { args: ['--pki', join(dir, 'my-pki')] });

      const created = await rspsim('euicc', 'create', '-f', 'mine.json', '--curve', curve, '--pki', 'my-pki');
      expect(created.code, created.stderr).toBe(0);
      const state = JSON.parse(readFileSync(join(dir, 'mine.json'), 'utf8'));
      // What the eUICC trusts is the generated CI, recorded in the file.
      const ciPem = readFileSync(join(dir, 'my-pki/CertificateIssuer', CI_FILE[curve]), 'utf8');
      expect(state.trustedCis).toEqual([ciPem.replace(/-----[^-]+-----|\s/g, '')]);

      // As the journey names the CI for TLS …
      const code = `LPA:1$${smdp.address}$DEMO`;
      const ca = `my-pki/CertificateIssuer/${CI_FILE[curve]}`;
      const first = await rspsim('profile', 'download', '-e', 'mine.json', '-a', code, '--ca', ca);
      expect(first.stdout, first.stderr).toMatch(/^installed 8949449999999990049 /);
      // … and without --ca: the LPA trusts for TLS the CIs the eUICC trusts.
      const second = await rspsim(
        'profile',
        'download',
        '-e',
        'mine.json',
        '-a',
        `LPA:1$${smdp.address}$DEMO-CC$$1`,
        '-c',
        '1234',
        '--json',
      );
      expect(second.code, second.stderr).toBe(0);
      expect(JSON.parse(second.stdout)).toMatchObject({ success: true, iccid: '8949449999999990130' });

      const listed = await rspsim('profile', 'list', '-e', 'mine.json', '--json');
      expect(JSON.parse(listed.stdout).map((p: { iccid: string }) => p.iccid)).toEqual([
        '8949449999999990049',
        '8949449999999990130',
      ]);
      expect((await rspsim('profile', 'enable', '8949449999999990049', '-e', 'mine.json')).code).toBe(0);
      const pending = await rspsim('notification', 'list', '-e', 'mine.json', '--json');
      expect(JSON.parse(pending.stdout).length).toBeGreaterThan(0);
      const processed = await rspsim('notification', 'process', '-e', 'mine.json', '--json');
      expect(processed.code, processed.stderr).toBe(0);
      expect(JSON.parse((await rspsim('notification', 'list', '-e', 'mine.json', '--json')).stdout)).toEqual(
        [],
      );
      const info = await rspsim('euicc', 'info', '-f', 'mine.json', '--json');
      expect(info.code, info.stderr).toBe(0);
    },
    cliDeadline(12),
  );

  it('an eUICC state file written before the trust was recorded still opens, trusting the SGP.26 CIs', async () => {
    const made = await rspsim('euicc', 'create', '-f', 'old.json', '--curve', curve);
    expect(made.code, made.stderr).toBe(0);
    const state = JSON.parse(readFileSync(join(dir, 'old.json'), 'utf8'));
    delete state.trustedCis;
    writeFileSync(join(dir, 'old.json'), JSON.stringify(state));
    const info = await rspsim('euicc', 'info', '-f', 'old.json', '--json');
    expect(info.code, info.stderr).toBe(0);
    // The SGP.26 CI of its curve is the one it trusts: the SM-DP+ of the generated PKI shares none with it.
    const refused = await rspsim(
      'profile',
      'download',
      '-e',
      'old.json',
      '-a',
      `LPA:1$${smdp?.address}$DEMO`,
    );
    expect(refused.code).toBe(1);
  });
});
