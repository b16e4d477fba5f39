import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { Certificate } from 'pkijs';
import { describe, expect, it } from 'vitest';
import { keyIdentifierOf, parseCertificate } from '../../src/pki/certificate.ts';
import { generateEcKeyPair } from '../../src/pki/curves.ts';
import { isValidEid, randomEid } from '../../src/pki/eid.ts';
import {
  issueCiCertificate,
  issueDpAuthCertificate,
  issueDpPbCertificate,
  issueEuiccCertificate,
  issueEumCertificate,
  issueTlsCertificate,
} from '../../src/pki/issue.ts';
import { isSignedBy } from '../../src/pki/signature.ts';
import { verifyEuiccChain } from '../../src/pki/verify-chain.ts';
import { verifyServerCertificate } from '../../src/pki/verify-server-certificate.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { NOW, sgp26, sgp26Cis, sgp26Key } from './sgp26.ts';

const trustedCis = sgp26Cis();
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

/** The DER of one extension (extnID, critical, extnValue) of a certificate. */
function extensionDer(der: Uint8Array, oid: string): string | undefined {
  const cert = Certificate.fromBER(new Uint8Array(der));
  const found = cert.extensions?.find((ext) => ext.extnID === oid);
  return found ? Buffer.from(found.toSchema().toBER()).toString('hex') : undefined;
}

describe('issuing eUICC certificates under the SGP.26 EUM', () => {
  it.each([
    ['NIST', 'P-256'],
    ['BRP', 'brainpoolP256r1'],
  ] as const)('a fresh EID under the %s EUM verifies', (suffix, curve) => {
    const eum = sgp26(`EUM/CERT_EUM_ECDSA_${suffix}.der`);
    const eumKey = sgp26Key(`EUM/SK_EUM_ECDSA_${suffix}.pem`);
    const eid = randomEid('89049032');
    expect(isValidEid(eid)).toBe(true);
    const { publicKey } = generateEcKeyPair(curve);
    const issued = issueEuiccCertificate({ now: NOW, eum, eumKey, eid, publicKey });
    const result = verifyEuiccChain({
      euiccCertificate: issued.der,
      eumCertificate: eum,
      trustedCis,
      now: NOW,
    });
    expect(result.eid).toBe(eid);
    expect(issued.certificate.subject).toBe(`C=ES, O=RSP Test EUM, serialNumber=${eid}, CN=rspsim eUICC`);
    expect(issued.certificate.noExpiry).toBe(true);
    expect(issued.certificate.issuerDer).toEqual(parseCertificate(eum).subjectDer);
  });

  it('refuses an EID outside the EUM range or not 32 digits', () => {
    const eum = sgp26('EUM/CERT_EUM_ECDSA_NIST.der');
    const eumKey = sgp26Key('EUM/SK_EUM_ECDSA_NIST.pem');
    const { publicKey } = generateEcKeyPair('P-256');
    expect(() =>
      issueEuiccCertificate({ now: NOW, eum, eumKey, publicKey, eid: randomEid('89049033') }),
    ).toThrow(/outside/);
    expect(() => issueEuiccCertificate({ now: NOW, eum, eumKey, publicKey, eid: '8904903212' })).toThrow(
      /32 digits/,
    );
  });

  it('encodes the eUICC extensions exactly as SGP.26 does', () => {
    const reference = sgp26('eUICC/CERT_EUICC_ECDSA_NIST.der');
    const issued = issueEuiccCertificate({
      now: NOW,
      eum: sgp26('EUM/CERT_EUM_ECDSA_NIST.der'),
      eumKey: sgp26Key('EUM/SK_EUM_ECDSA_NIST.pem'),
      eid: randomEid('89049032'),
      publicKey: parseCertificate(reference).publicKey, // same key: same SKI
    });
    for (const oid of ['2.5.29.35', '2.5.29.14', '2.5.29.15', '2.5.29.32']) {
      expect(extensionDer(issued.der, oid), oid).toBe(extensionDer(reference, oid));
    }
  });
});

describe('issuing with the SGP.22 4.5.2 profiles', () => {
  const ciNist = trustedCis[0];
  const ciKey = sgp26Key('CertificateIssuer/SK_CI_ECDSA_NIST.pem');

  it('issues an EUM whose nameConstraints are byte-identical to SGP.26', () => {
    const reference = sgp26('EUM/CERT_EUM_ECDSA_NIST.der');
    const issued = issueEumCertificate({
      now: NOW,
      ci: ciNist,
      ciKey,
      publicKey: parseCertificate(reference).publicKey,
      eidPrefix: '89049032',
      subject: [
        ['C', 'ES'],
        ['O', 'RSP Test EUM'],
        ['CN', 'EUM Test'],
      ],
    });
    // 30 32 A0 30 30 2E A4 2C 30 2A 31 15 ... O=RSP Test EUM (UTF8String) 31 11 ... serialNumber=89049032
    // (PrintableString): permittedSubtrees [0] { GeneralSubtree { directoryName [4] Name } }.
    for (const oid of [
      '2.5.29.30',
      '2.5.29.35',
      '2.5.29.14',
      '2.5.29.15',
      '2.5.29.32',
      '2.5.29.17',
      '2.5.29.19',
    ]) {
      expect(extensionDer(issued.der, oid), oid).toBe(extensionDer(reference, oid));
    }
    // Same subject encoding, same issuer encoding.
    expect(issued.certificate.subjectDer).toEqual(parseCertificate(reference).subjectDer);
    expect(issued.certificate.issuerDer).toEqual(parseCertificate(reference).issuerDer);
    expect(issued.certificate.permittedEidPrefix).toBe('89049032');
    expect(isSignedBy(issued.certificate, ciNist.publicKey)).toBe(true);
  });

  it('issues DPauth / DPpb certificates with the SGP.26 extension encodings', () => {
    for (const [issue, path] of [
      [issueDpAuthCertificate, 'DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der'],
      [issueDpPbCertificate, 'DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der'],
    ] as const) {
      const reference = sgp26(path);
      const issued = issue({ now: NOW, ci: ciNist, ciKey, publicKey: parseCertificate(reference).publicKey });
      for (const oid of ['2.5.29.35', '2.5.29.14', '2.5.29.15', '2.5.29.32', '2.5.29.17']) {
        expect(extensionDer(issued.der, oid), `${path} ${oid}`).toBe(extensionDer(reference, oid));
      }
      const role = path.startsWith('DPauth') ? 'dp-auth' : 'dp-pb';
      expect(verifyServerCertificate(issued.der, role, trustedCis, NOW).role).toBe(role);
    }
  });

  it('issues a TLS certificate like CERT_S_SM_DP_TLS, with IP addresses as iPAddress', () => {
    const reference = sgp26('DPtls/CERT_S_SM_DP_TLS_NIST.der');
    const issued = issueTlsCertificate({
      now: NOW,
      ci: ciNist,
      ciKey,
      hostNames: ['smdp.example.org', 'localhost', '127.0.0.1', '::1', '2001:db8:0:0:1:0:0:1'],
      publicKey: parseCertificate(reference).publicKey,
    });
    const cert = issued.certificate;
    expect(cert.role).toBe('dp-tls');
    expect(cert.subject).toBe('O=rspsim, CN=smdp.example.org');
    expect(cert.subjectAltName).toEqual({
      dnsNames: ['smdp.example.org', 'localhost'],
      ipAddresses: ['127.0.0.1', '::1', '2001:db8::1:0:0:1'],
      registeredIds: ['2.999.10'],
    });
    for (const oid of ['2.5.29.15', '2.5.29.37', '2.5.29.32', '2.5.29.14', '2.5.29.35']) {
      expect(extensionDer(issued.der, oid), oid).toBe(extensionDer(reference, oid));
    }
    expect(cert.notAfter.getTime() - cert.notBefore.getTime()).toBe(365 * 86_400_000);
  });

  it('issues a self-signed CI with only an SKI', () => {
    for (const curve of ['P-256', 'brainpoolP256r1'] as const) {
      const { privateKey, publicKey } = generateEcKeyPair(curve);
      const ci = issueCiCertificate({ now: NOW, privateKey }).certificate;
      expect(ci.role).toBe('ci');
      expect(ci.curve).toBe(curve);
      expect(ci.authorityKeyIdentifier).toBeUndefined();
      expect(ci.subjectKeyIdentifier).toEqual(keyIdentifierOf(publicKey));
      expect(ci.keyUsage).toEqual(['keyCertSign', 'cRLSign']);
      expect(ci.basicConstraints).toEqual({ ca: true, pathLength: undefined });
      expect(isSignedBy(ci, publicKey)).toBe(true);
    }
  });

  it('writes version 3, a positive serial, whole-second UTCTime before 2050 and GeneralizedTime after', () => {
    const issued = issueDpAuthCertificate({
      now: NOW,
      ci: ciNist,
      ciKey,
      publicKey: generateEcKeyPair('P-256').publicKey,
      notBefore: new Date('2026-11-25T10:00:00.789Z'),
      notAfter: new Date('2060-01-01T00:00:00.123Z'),
      serialNumber: Buffer.from('0100', 'hex'),
      crlDistributionPoints: ['http://ci.example.org/ci.crl'],
    });
    const tbs = asn1js.fromBER(new Uint8Array(issued.certificate.tbs)).result as asn1js.Sequence;
    // A field the TBS lacks encodes as nothing, and its expectation fails.
    const ber = (block: asn1js.AsnType | undefined) => Buffer.from(block?.toBER() ?? new ArrayBuffer(0));
    const [version, serial, , , validity] = tbs.valueBlock.value;
    expect(ber(version).toString('hex')).toBe('a003020102');
    expect(ber(serial).toString('hex')).toBe('02020100');
    const [notBefore, notAfter] = (validity as asn1js.Sequence).valueBlock.value;
    expect(ber(notBefore).toString('latin1').slice(2)).toBe('261125100000Z');
    expect(ber(notAfter).toString('latin1').slice(2)).toBe('20600101000000Z');
    expect(issued.certificate.signatureAlgorithm).toBe('1.2.840.10045.4.3.2');

    for (let i = 0; i < 20; i++) {
      const random = issueDpPbCertificate({
        now: NOW,
        ci: ciNist,
        ciKey,
        publicKey: generateEcKeyPair('P-256').publicKey,
      });
      expect(random.certificate.serialNumber[0]).toBeGreaterThan(0);
      expect(random.certificate.serialNumber[0]).toBeLessThan(0x80);
      expect(random.certificate.serialNumber).toHaveLength(8);
    }
    expect(() =>
      issueDpPbCertificate({
        now: NOW,
        ci: ciNist,
        ciKey,
        publicKey: generateEcKeyPair('P-256').publicKey,
        serialNumber: Buffer.from('80', 'hex'),
      }),
    ).toThrow(RangeError);
  });

  it.skipIf(!hasOpenssl)('OpenSSL reads what we issue', () => {
    const dir = tempDir('issue');
    const eumKeys = generateEcKeyPair('brainpoolP256r1');
    const eum = issueEumCertificate({
      now: NOW,
      ci: trustedCis[1],
      ciKey: sgp26Key('CertificateIssuer/SK_CI_ECDSA_BRP.pem'),
      publicKey: eumKeys.publicKey,
      eidPrefix: '8904903299',
    });
    const path = join(dir, 'eum.der');
    writeFileSync(path, eum.der);
    const out = spawnSync('openssl', ['x509', '-inform', 'der', '-in', path, '-noout', '-text'], {
      encoding: 'utf8',
    });
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('Policy: 2.23.146.1.2.1.2');
    expect(out.stdout).toContain('DirName:O = rspsim Test EUM, serialNumber = 8904903299');
    expect(out.stdout).toContain('CA:TRUE, pathlen:0');
    expect(out.stdout).toContain('brainpoolP256r1');
  });
});
