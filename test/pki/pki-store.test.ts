import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ecdsaSign, ecdsaVerify } from '../../src/crypto/ecdsa.ts';
import { PkiConfigurationError } from '../../src/pki/errors.ts';
import { DEFAULT_PKI_DIR, loadDefaultPki, loadPki, pkiForCi } from '../../src/pki/pki-store.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { SAMPLE_EID, SGP26_DIR } from './sgp26.ts';

describe('loadDefaultPki (certs/sgp26)', () => {
  const pki = loadDefaultPki();

  it('reads the project copy, not the shared reference folder', () => {
    expect(DEFAULT_PKI_DIR.replace(/\/$/, '')).toBe(SGP26_DIR.replace(/\/$/, ''));
    expect(pki.dir).not.toContain('shared');
  });

  it('loads both curves with every credential', () => {
    expect([...pki.curves.keys()]).toEqual(['P-256', 'brainpoolP256r1']);
    for (const curve of pki.curves.values()) {
      expect(curve.ci.role).toBe('ci');
      expect(curve.ci.curve).toBe(curve.curve);
      expect(curve.ciKey).toBeDefined();
      expect(curve.eum?.certificate.role).toBe('eum');
      expect(curve.euicc?.certificate.eid).toBe(SAMPLE_EID);
      expect(curve.dpAuth?.certificate.role).toBe('dp-auth');
      expect(curve.dpPb?.certificate.role).toBe('dp-pb');
      expect(curve.dpTls?.certificate.role).toBe('dp-tls');
      // Each private key signs for its certificate's public key.
      for (const credential of [curve.eum, curve.euicc, curve.dpAuth, curve.dpPb, curve.dpTls]) {
        const data = Buffer.from('rspsim');
        const signature = ecdsaSign(credential!.privateKey, data);
        expect(ecdsaVerify(credential!.certificate.publicKey, data, signature)).toBe(true);
      }
    }
  });

  it('trusts the CIs by SubjectKeyIdentifier', () => {
    expect(pki.trustedCis.map((ci) => ci.subjectKeyIdentifier.toString('hex').toUpperCase())).toEqual([
      'F54172BDF98A95D65CBEB88A38A1C11D800A85C3',
      'C0BC70BA36929D43B467FF57570530E57AB8FCD8',
    ]);
    const brp = pkiForCi(pki, Buffer.from('C0BC70BA36929D43B467FF57570530E57AB8FCD8', 'hex'));
    expect(brp?.curve).toBe('brainpoolP256r1');
    expect(pkiForCi(pki, Buffer.alloc(20))).toBeUndefined();
  });
});

describe('loadPki errors', () => {
  it('reports a missing folder or a folder without a CI', () => {
    expect(() => loadPki('/nonexistent/rspsim-pki')).toThrow(PkiConfigurationError);
    const empty = tempDir('pki');
    expect(() => loadPki(empty)).toThrow(/no CI certificate/);
    rmSync(empty, { recursive: true });
  });

  it('loads a single curve, and refuses a key that does not belong to its certificate', () => {
    const dir = tempDir('pki');
    cpSync(SGP26_DIR, dir, { recursive: true });
    rmSync(join(dir, 'CertificateIssuer/CERT_CI_ECDSA_BRP.der'));
    rmSync(join(dir, 'CertificateIssuer/CERT_CI_ECDSA_BRP.pem'));
    expect([...loadPki(dir).curves.keys()]).toEqual(['P-256']);

    cpSync(
      join(SGP26_DIR, 'DPpb/SK_S_SM_DPpb_ECDSA_NIST.pem'),
      join(dir, 'DPauth/SK_S_SM_DPauth_ECDSA_NIST.pem'),
    );
    expect(() => loadPki(dir)).toThrow(/is not the private key of/);

    writeFileSync(join(dir, 'DPauth/SK_S_SM_DPauth_ECDSA_NIST.pem'), 'not a key');
    expect(() => loadPki(dir)).toThrow(PkiConfigurationError);
    rmSync(dir, { recursive: true });
  });
});
