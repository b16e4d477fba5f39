import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { registerPkiCommands } from '../../src/cli/pki-command.ts';
import { isValidEid } from '../../src/pki/eid.ts';
import { generateHierarchy } from '../../src/pki/generate-hierarchy.ts';
import { loadPki } from '../../src/pki/pki-store.ts';
import { verifyEuiccChain } from '../../src/pki/verify-chain.ts';
import { verifyServerCertificate } from '../../src/pki/verify-server-certificate.ts';
import { runCli } from '../helpers/cli.ts';
import { cliDeadline } from '../helpers/cli-deadline.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { SGP26_DIR } from './sgp26.ts';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
const root = tempDir('hierarchy');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const listFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();

describe('generateHierarchy', () => {
  it.each(['P-256', 'brainpoolP256r1'] as const)('writes a %s hierarchy that loads and verifies', (curve) => {
    const outDir = join(root, curve);
    const result = generateHierarchy({ curve, outDir, smdpHost: 'smdp.test', eumEidPrefix: '890490991' });
    expect(isValidEid(result.eid)).toBe(true);
    expect(result.eid.startsWith('890490991')).toBe(true);
    expect(result.files).toHaveLength(32);

    const suffix = curve === 'P-256' ? 'NIST' : 'BRP';
    // The SGP.26 file names: every certificate the SGP.26 set has for this curve exists here too.
    for (const name of [
      `CertificateIssuer/CERT_CI_ECDSA_${suffix}.der`,
      `CertificateIssuer/SK_CI_ECDSA_${suffix}.pem`,
      `EUM/CERT_EUM_ECDSA_${suffix}.der`,
      `EUM/SK_EUM_ECDSA_${suffix}.pem`,
      `eUICC/CERT_EUICC_ECDSA_${suffix}.der`,
      `DPauth/CERT_S_SM_DPauth_ECDSA_${suffix}.der`,
      `DPauth/SK_S_SM_DPauth_ECDSA_${suffix}.pem`,
      `DPpb/CERT_S_SM_DPpb_ECDSA_${suffix}.der`,
      `DPtls/CERT_S_SM_DP_TLS_${suffix}.der`,
      `DPtls/SK_S_SM_DP_TLS_${suffix}.pem`,
    ]) {
      expect(existsSync(join(SGP26_DIR, name)), `SGP.26 has ${name}`).toBe(true);
      expect(existsSync(join(outDir, name)), `generated ${name}`).toBe(true);
    }
    expect(readFileSync(join(outDir, `EUM/SK_EUM_ECDSA_${suffix}.pem`), 'utf8')).toMatch(
      /^-----BEGIN PRIVATE KEY-----/,
    );
    expect(statSync(join(outDir, `EUM/SK_EUM_ECDSA_${suffix}.pem`)).mode & 0o077).toBe(0);

    const pki = loadPki(outDir);
    expect([...pki.curves.keys()]).toEqual([curve]);
    const own = pki.curves.get(curve)!;
    expect(own.ci.subjectKeyIdentifier.toString('hex')).toBe(result.ciPkId);

    const chain = verifyEuiccChain({
      euiccCertificate: own.euicc!.certificate.der,
      eumCertificate: own.eum!.certificate.der,
      trustedCis: pki.trustedCis,
    });
    expect(chain.eid).toBe(result.eid);
    expect(chain.eum.permittedEidPrefix).toBe('890490991');
    expect(
      verifyServerCertificate(own.dpAuth!.certificate.der, 'dp-auth', pki.trustedCis, new Date()).curve,
    ).toBe(curve);
    expect(
      verifyServerCertificate(own.dpPb!.certificate.der, 'dp-pb', pki.trustedCis, new Date()).curve,
    ).toBe(curve);
    // The SM-DS's: DSauth is what an eUICC accepts in AuthenticateServer beside DPauth (ES11).
    const dsAuth = verifyServerCertificate(
      own.dsAuth!.certificate.der,
      'ds-auth',
      pki.trustedCis,
      new Date(),
    );
    expect(dsAuth.subjectAltName.registeredIds).toEqual(['2.999.15']);
    expect(() => verifyServerCertificate(own.dsAuth!.certificate.der, 'dp-auth', pki.trustedCis)).toThrow(
      /ds-auth/,
    );
    expect(own.dsTls!.certificate.role).toBe('ds-tls');
    const tls = own.dpTls!.certificate;
    expect(tls.role).toBe('dp-tls');
    expect(tls.subjectAltName.dnsNames).toEqual(['smdp.test', 'localhost']);
    expect(tls.subjectAltName.ipAddresses).toEqual(['127.0.0.1']);
  });

  it('does not overwrite an existing hierarchy unless forced', () => {
    const outDir = join(root, 'again');
    generateHierarchy({ curve: 'P-256', outDir });
    expect(() => generateHierarchy({ curve: 'P-256', outDir })).toThrow(/already holds/);
    // Another curve in the same folder is fine: both load, with two trusted CIs.
    generateHierarchy({ curve: 'brainpoolP256r1', outDir });
    expect(loadPki(outDir).trustedCis).toHaveLength(2);
    const forced = generateHierarchy({ curve: 'P-256', outDir, force: true });
    expect(loadPki(outDir).curves.get('P-256')!.ci.subjectKeyIdentifier.toString('hex')).toBe(forced.ciPkId);
  });

  it('rejects bad input', () => {
    expect(() => generateHierarchy({ curve: 'P-384' as 'P-256', outDir: join(root, 'x') })).toThrow(/curve/);
    expect(() =>
      generateHierarchy({ curve: 'P-256', outDir: join(root, 'x'), eumEidPrefix: '89ab' }),
    ).toThrow(/prefix/);
    expect(() =>
      generateHierarchy({ curve: 'P-256', outDir: join(root, 'x'), smdpHost: 'bad host' }),
    ).toThrow(/host/);
    expect(() =>
      generateHierarchy({
        curve: 'P-256',
        outDir: join(root, 'x'),
        eumEidPrefix: '8904',
        sampleEid: '1'.repeat(32),
      }),
    ).toThrow(/sample EID/);
  });

  it.skipIf(!hasOpenssl)('OpenSSL verifies the generated DP chain and reads the eUICC certificate', () => {
    const dir = join(root, 'P-256');
    const ci = join(dir, 'CertificateIssuer/CERT_CI_ECDSA_NIST.pem');
    for (const leaf of ['DPauth/CERT_S_SM_DPauth_ECDSA_NIST.pem', 'DPtls/CERT_S_SM_DP_TLS_NIST.pem']) {
      const out = spawnSync('openssl', ['verify', '-CAfile', ci, join(dir, leaf)], { encoding: 'utf8' });
      expect(out.stdout + out.stderr).toContain(': OK');
    }
    const text = spawnSync(
      'openssl',
      ['x509', '-in', join(dir, 'eUICC/CERT_EUICC_ECDSA_NIST.pem'), '-noout', '-text'],
      { encoding: 'utf8' },
    );
    expect(text.stdout).toContain('Not After : Dec 31 23:59:59 9999 GMT');
    expect(text.stdout).toContain('Policy: 2.23.146.1.2.1.1');
  });
});

describe('rspsim pki generate', () => {
  function run(args: string[]) {
    const program = new Command('rspsim').exitOverride();
    let stderr = '';
    program.configureOutput({ writeErr: (text) => (stderr += text), writeOut: () => {} });
    registerPkiCommands(program);
    for (const command of program.commands) {
      command.exitOverride().configureOutput({ writeErr: (text) => (stderr += text) });
      for (const sub of command.commands)
        sub.exitOverride().configureOutput({ writeErr: (text) => (stderr += text) });
    }
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let error: unknown;
    try {
      program.parse(['node', 'rspsim', ...args]);
    } catch (caught) {
      error = caught;
    }
    const out = stdout.mock.calls.map((call) => String(call[0])).join('');
    stdout.mockRestore();
    return { out, stderr, error };
  }

  it('writes a hierarchy and prints what it wrote', () => {
    const outDir = join(root, 'cli');
    const { out, error } = run([
      'pki',
      'generate',
      '--curve',
      'brainpoolP256r1',
      '--out',
      outDir,
      '--host',
      'smdp.lan',
    ]);
    expect(error).toBeUndefined();
    expect(out).toContain('Generated a brainpoolP256r1 SGP.22 hierarchy');
    expect(out).toContain('CERT_S_SM_DPauth_ECDSA_BRP.der');
    expect(out).not.toContain('PRIVATE KEY');
    expect(listFiles(outDir)).toHaveLength(32);
    expect(
      loadPki(outDir).curves.get('brainpoolP256r1')!.dpTls!.certificate.subjectAltName.dnsNames,
    ).toContain('smdp.lan');
  });

  it(
    'explains bad input in one line as every command does (`rspsim: …`), without the usage or a stack',
    async () => {
      const bad = join(root, 'bad');
      const outDir = join(root, 'cli-twice');
      const runs = await Promise.all([
        runCli(['pki', 'generate', '--curve', 'P-384', '--out', bad]),
        runCli(['pki', 'generate', '--curve', 'P-256', '--out', bad, '--eum-prefix', 'x1']),
        runCli(['pki', 'generate', '--curve', 'P-256']),
        runCli(['pki', 'generate', '--curve', 'P-256', '--out', bad, '--host', 'not a host']),
      ]);
      expect(runs.map((r) => r.stderr)).toEqual([
        "rspsim: option '--curve <curve>' argument 'P-384' is invalid. Allowed choices are P-256, brainpoolP256r1.\n(add --help for the usage)\n",
        'rspsim: --eum-prefix must be 1 to 30 decimal digits, got "x1"\n',
        "rspsim: required option '--out <dir>' not specified\n(add --help for the usage)\n",
        'rspsim: --host "not a host" is not a host name or IP address\n',
      ]);
      for (const r of runs) expect(r.code).toBe(1);
      expect((await runCli(['pki', 'generate', '--curve', 'P-256', '--out', outDir])).code).toBe(0);
      const twice = await runCli(['pki', 'generate', '--curve', 'P-256', '--out', outDir]);
      expect(twice.stderr).toMatch(/^rspsim: .*already holds a P-256 hierarchy[^\n]*\n$/);
    },
    cliDeadline(6),
  );
});
