import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { generateHierarchy } from '../../src/pki/generate-hierarchy.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { RSPSIM_BIN, runCli } from '../helpers/cli.ts';
import { cliDeadline } from '../helpers/cli-deadline.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Issue 26.4 and 26.5: the errors of a lab's first hour say what went wrong and the fix, as the command line
 * prints them; with --json a script gets the SGP.22 codes of a refusal as fields.
 */
const dir = tempDir('errors-fix');
/** The failure line: the last of stderr (the LPA's progress lines, `… step`, come before it). */
const lastLine = (stderr: string) => stderr.trimEnd().split('\n').at(-1) ?? '';
const euicc = join(dir, 'euicc.json');
const TOKEN = 'errors-fix';
const env = { RSPSIM_ADMIN_TOKEN: TOKEN };
let smdp: RunningSmdp;
/** An SM-DP+ on a generated PKI: the command line's default trust (the SGP.26 CI) does not cover it. */
let ownPkiSmdp: RunningSmdp;

beforeAll(async () => {
  await EuiccEmulator.create({ file: euicc });
  const pki = join(dir, 'my-pki');
  generateHierarchy({ curve: 'P-256', outDir: pki });
  [smdp, ownPkiSmdp] = await Promise.all([
    startTestSmdp({ adminToken: TOKEN }),
    startTestSmdp({ pkiDir: pki, adminToken: TOKEN }),
  ]);
});
afterAll(async () => {
  await Promise.all([smdp?.close(), ownPkiSmdp?.close()]);
});

describe('errors that name the fix', () => {
  it('an activation code whose $… a shell ate says what arrived and to use single quotes', async () => {
    // What `-a "LPA:1$localhost:8443$DEMO"` becomes in a shell: $localhost and $DEMO are empty variables.
    const run = await runCli(['profile', 'download', '-e', euicc, '-a', 'LPA:1:8443']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'rspsim: activation code "LPA:1:8443" has no "$" between its fields (expected LPA:1$<SM-DP+ address>$<matching ID>): ' +
        'a shell replaces $… inside double quotes; put the code in single quotes\n',
    );
  });

  it(
    'an untrusted TLS certificate is not "cannot reach": it names --ca and the CI file',
    async () => {
      const code = `LPA:1$${ownPkiSmdp.address}$DEMO`;
      const [download, sessions] = await Promise.all([
        runCli(['profile', 'download', '-e', euicc, '-a', code]),
        runCli(['session', 'list', '--url', `https://${ownPkiSmdp.address}`], { env }),
      ]);
      for (const run of [download, sessions]) {
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(
          `${ownPkiSmdp.address} was reached, but its TLS certificate is not trusted (self-signed certificate in certificate chain)`,
        );
        expect(run.stderr).toContain('--ca my-pki/CertificateIssuer/CERT_CI_ECDSA_NIST.pem');
        expect(run.stderr).not.toContain('cannot reach');
        expect(lastLine(run.stderr)).toMatch(/^rspsim: .*CERT_CI_ECDSA_NIST\.pem/);
      }
      expect(lastLine(download.stderr)).toMatch(/^rspsim: initiateAuthentication: /);
      expect(sessions.stderr).toMatch(/^rspsim: GET https:\/\/localhost:\d+\/admin\/sessions: /);
      // A server that is not there is still "cannot reach".
      const gone = await runCli(['session', 'list', '--url', 'https://localhost:1'], { env });
      expect(gone.stderr).toMatch(
        /^rspsim: GET https:\/\/localhost:1\/admin\/sessions: cannot reach localhost:1 \(/,
      );
    },
    cliDeadline(3),
  );

  it(
    "127.0.0.1 in an activation code: 8.8.1/3.8 names the server's own address; --json carries the codes",
    async () => {
      const port = smdp.address.split(':')[1];
      const code = `LPA:1$127.0.0.1:${port}$DEMO`;
      const [text, json] = await Promise.all([
        runCli(['profile', 'download', '-e', euicc, '-a', code]),
        runCli(['profile', 'download', '-e', euicc, '-a', code, '--json']),
      ]);
      const detail = `127.0.0.1:${port} (this server's address is ${smdp.address})`;
      expect(text.code).toBe(1);
      expect(lastLine(text.stderr)).toMatch(/^rspsim: initiateAuthentication failed: 8\.8\.1\/3\.8 /);
      expect(lastLine(text.stderr)).toContain(detail);
      expect(json.code).toBe(1);
      const document = JSON.parse(json.stdout);
      expect(document).toEqual({
        error: lastLine(text.stderr).replace(/^rspsim: /, ''),
        function: 'initiateAuthentication',
        subjectCode: '8.8.1',
        reasonCode: '3.8',
        subject: 'SM-DP+ Address',
        reason: 'Refused',
        codeName: 'smdpAddressInvalid',
        detail: expect.stringContaining(detail),
      });
    },
    cliDeadline(2),
  );

  it('profile inspect of a description (JSON) says it is one for profile make', async () => {
    const description = join(dir, 'lab.json');
    writeFileSync(description, '{ "iccid": "8949000000000000042" }\n');
    const run = await runCli(['profile', 'inspect', description]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `rspsim: ${description} is JSON, not a profile package (DER): it looks like a description for profile make; ` +
        `make the package with \`profile make ${description} -o <profile.der>\`, then inspect <profile.der>\n`,
    );
  });

  it('a reader that closes the pipe early (`conformance smdp --list | head`) ends the command quietly', async () => {
    const child = spawn(process.execPath, [RSPSIM_BIN, 'conformance', 'smdp', '--list'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    // Like `head -1`: read the first chunk, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });
});
