import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateEcKeyPair } from '../../src/pki/curves.ts';
import { CertificateCheckError, type CertificateCheckReason } from '../../src/pki/errors.ts';
import { issueDpAuthCertificate } from '../../src/pki/issue.ts';
import { verifyServerCertificate } from '../../src/pki/verify-server-certificate.ts';
import { flipBits } from '../helpers/fuzz.ts';
import { NOW, sgp26, sgp26Cis, sgp26Key } from './sgp26.ts';

const trustedCis = sgp26Cis();
const [ciNist, ciBrp] = trustedCis;

function reason(run: () => unknown): CertificateCheckReason {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CertificateCheckError);
    return (error as CertificateCheckError).reason;
  }
  throw new Error('expected a CertificateCheckError');
}

describe('verifyServerCertificate (eUICC side: SGP.22 5.7.13 AuthenticateServer, 5.7.5 PrepareDownload)', () => {
  const cases = [
    ['DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der', 'dp-auth'],
    ['DPauth/CERT_S_SM_DPauth_ECDSA_BRP.der', 'dp-auth'],
    ['DPauth/CERT_S_SM_DP2auth_ECDSA_NIST.der', 'dp-auth'],
    ['DPauth/CERT_S_SM_DP2auth_ECDSA_BRP.der', 'dp-auth'],
    ['DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der', 'dp-pb'],
    ['DPpb/CERT_S_SM_DPpb_ECDSA_BRP.der', 'dp-pb'],
    ['DPpb/CERT_S_SM_DP2pb_ECDSA_NIST.der', 'dp-pb'],
    ['DPpb/CERT_S_SM_DP2pb_ECDSA_BRP.der', 'dp-pb'],
  ] as const;
  it.each(cases)('accepts %s as %s', (path, role) => {
    const cert = verifyServerCertificate(sgp26(path), role, trustedCis, NOW);
    expect(cert.role).toBe(role);
  });

  it('accepts it under the CI the SM-DP+ named (euiccCiPKIdToBeUsed)', () => {
    const der = sgp26('DPauth/CERT_S_SM_DPauth_ECDSA_BRP.der');
    expect(
      verifyServerCertificate(der, 'dp-auth', trustedCis, NOW, { ciPkId: ciBrp.subjectKeyIdentifier }).curve,
    ).toBe('brainpoolP256r1');
    expect(
      reason(() =>
        verifyServerCertificate(der, 'dp-auth', trustedCis, NOW, { ciPkId: ciNist.subjectKeyIdentifier }),
      ),
    ).toBe('invalidCertificate');
    expect(
      reason(() => verifyServerCertificate(der, 'dp-auth', trustedCis, NOW, { ciPkId: Buffer.alloc(20, 1) })),
    ).toBe('ciPKUnknown');
  });

  it('rejects the wrong role', () => {
    const pb = sgp26('DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der');
    expect(reason(() => verifyServerCertificate(pb, 'dp-auth', trustedCis, NOW))).toBe('invalidCertificate');
    const tls = sgp26('DPtls/CERT_S_SM_DP_TLS_NIST.der');
    expect(reason(() => verifyServerCertificate(tls, 'dp-auth', trustedCis))).toBe('invalidCertificate');
  });

  it('rejects a certificate under a CI the eUICC does not have', () => {
    const der = sgp26('DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der');
    expect(reason(() => verifyServerCertificate(der, 'dp-auth', [ciBrp], NOW))).toBe('ciPKUnknown');
    const unknown = sgp26('invalid/CERT_EUM_ECDSA_NIST_UNKNOWN_CI.der');
    expect(reason(() => verifyServerCertificate(unknown, 'dp-auth', trustedCis, NOW))).toBe('ciPKUnknown');
  });

  it('rejects a curve the eUICC does not support', () => {
    const der = sgp26('DPauth/CERT_S_SM_DPauth_ECDSA_BRP.der');
    expect(
      reason(() => verifyServerCertificate(der, 'dp-auth', trustedCis, NOW, { supportedCurves: ['P-256'] })),
    ).toBe('unsupportedCurve');
    // A DPauth certificate on P-384, correctly signed by the NIST test CI.
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    const issued = issueDpAuthCertificate({
      now: NOW,
      ci: ciNist,
      ciKey: sgp26Key('CertificateIssuer/SK_CI_ECDSA_NIST.pem'),
      publicKey: p384.publicKey,
    });
    expect(issued.certificate.curve).toBeUndefined();
    expect(reason(() => verifyServerCertificate(issued.der, 'dp-auth', trustedCis, NOW))).toBe(
      'unsupportedCurve',
    );
  });

  it('rejects bad signatures, undecodable input and, when the time is known, expiry', () => {
    const der = Buffer.from(sgp26('DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der'));
    flipBits(der, der.length - 3, 0x10);
    expect(reason(() => verifyServerCertificate(der, 'dp-auth', trustedCis, NOW))).toBe('invalidCertificate');
    expect(reason(() => verifyServerCertificate(Buffer.from('3003020101', 'hex'), 'dp-pb', trustedCis))).toBe(
      'invalidCertificate',
    );
    // The SGP.26 DP certificates run until 2030-03-30.
    const valid = sgp26('DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der');
    expect(reason(() => verifyServerCertificate(valid, 'dp-pb', trustedCis, new Date('2031-01-01')))).toBe(
      'invalidCertificate',
    );
    // An eUICC may not know the time (SGP.22 4.5.2.2): without `now`, validity is not checked.
    expect(verifyServerCertificate(valid, 'dp-pb', trustedCis).role).toBe('dp-pb');
  });

  it('accepts a freshly issued DPauth certificate and refuses an EUM (CA) certificate as one', () => {
    const ciKey = sgp26Key('CertificateIssuer/SK_CI_ECDSA_NIST.pem');
    const ok = issueDpAuthCertificate({
      now: NOW,
      ci: ciNist,
      ciKey,
      publicKey: generateEcKeyPair('P-256').publicKey,
    });
    expect(verifyServerCertificate(ok.der, 'dp-auth', trustedCis, NOW).role).toBe('dp-auth');
    // An EUM certificate under the right CI is not a DPauth certificate.
    const eum = sgp26('EUM/CERT_EUM_ECDSA_NIST.der');
    expect(reason(() => verifyServerCertificate(eum, 'dp-auth', trustedCis, NOW))).toBe('invalidCertificate');
  });
});
