import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateEcKeyPair } from '../../src/crypto/curve.ts';
import { bundledEimFiles, eimPublicKeyData, loadEimIdentity } from '../../src/eim/server/eim-identity.ts';
import { parseCertificate } from '../../src/pki/certificate.ts';
import { privateKeyToPem } from '../../src/pki/keys.ts';
import { loadDefaultPki } from '../../src/pki/pki-store.ts';
import { isSignedBy } from '../../src/pki/signature.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const settings = { eimId: 'eim.test', eimKey: '', eimCertificate: '', eimCurve: 'P-256' };

describe('the eIM signing identity', () => {
  it.each(['P-256', 'brainpoolP256r1'] as const)(
    'loads the bundled %s test key with its certificate, issued by the SGP.26 test CI',
    (curve) => {
      const identity = loadEimIdentity({ ...settings, eimCurve: curve });
      expect(identity.curve).toBe(curve);
      if (!identity.certificate) throw new Error('no certificate');
      const certificate = parseCertificate(identity.certificate);
      const ci = loadDefaultPki().curves.get(curve)?.ci;
      if (!ci) throw new Error('no CI');
      expect(isSignedBy(certificate, ci.publicKey)).toBe(true);
      expect(eimPublicKeyData(identity)).toEqual({
        eimPublicKey: certificate.publicKey.export({ type: 'spki', format: 'der' }),
      });
    },
  );

  it('takes a key configured without a certificate, and gives its public key', () => {
    const dir = tempDir('eim-key');
    const key = join(dir, 'eim.pem');
    const pair = generateEcKeyPair('brainpoolP256r1');
    writeFileSync(key, privateKeyToPem(pair.privateKey));
    const identity = loadEimIdentity({ ...settings, eimKey: key });
    expect(identity.curve).toBe('brainpoolP256r1');
    expect(eimPublicKeyData(identity)).toEqual({
      eimPublicKey: pair.publicKey.export({ type: 'spki', format: 'der' }),
    });
  });

  it("refuses a certificate that is not the key's, and a missing key file, in one line", () => {
    const dir = tempDir('eim-key');
    const key = join(dir, 'eim.pem');
    writeFileSync(key, privateKeyToPem(generateEcKeyPair('P-256').privateKey));
    expect(() =>
      loadEimIdentity({ ...settings, eimKey: key, eimCertificate: bundledEimFiles('P-256').certificate }),
    ).toThrow(/is not the certificate of eimKey/);
    expect(() => loadEimIdentity({ ...settings, eimKey: join(dir, 'absent.pem') })).toThrow(/^eimKey /);
  });
});
