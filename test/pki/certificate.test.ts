import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyIdentifierOf, parseCertificate, parseCertificatePem } from '../../src/pki/certificate.ts';
import { CertificateParseError } from '../../src/pki/errors.ts';
import { derToPem } from '../../src/pki/pem.ts';
import { isSignedBy } from '../../src/pki/signature.ts';
import { flipBits } from '../helpers/fuzz.ts';
import { allSgp26Certificates, SAMPLE_EID, sgp26 } from './sgp26.ts';

const hex = (b: Buffer | undefined) => b?.toString('hex').toUpperCase();

describe('parseCertificate on the SGP.26 set', () => {
  const paths = allSgp26Certificates();

  it('finds every certificate of the set', () => {
    expect(paths.length).toBe(27);
  });

  it.each(paths)('parses %s', (path) => {
    const der = sgp26(path);
    const cert = parseCertificate(der);
    expect(cert.der.equals(der)).toBe(true);
    // The tbs bytes are a slice of the certificate as received.
    expect(der.includes(cert.tbs)).toBe(true);
    expect(cert.version).toBe(3);
    expect(cert.signatureAlgorithm).toBe('1.2.840.10045.4.3.2');
    expect(cert.curve).toBe(path.includes('BRP') ? 'brainpoolP256r1' : 'P-256');
    expect(cert.publicKey.asymmetricKeyType).toBe('ec');
    // SGP.26 computes every SKI as RFC 5280 method 1: SHA-1 of the subjectPublicKey bits.
    if (cert.subjectKeyIdentifier) {
      expect(cert.subjectKeyIdentifier).toEqual(createHash('sha1').update(cert.publicKeyBits).digest());
      expect(cert.subjectKeyIdentifier).toEqual(keyIdentifierOf(cert.publicKey));
    }
    expect(cert.unknownCriticalExtensions).toEqual([]);
  });

  it('reads the CI certificate', () => {
    const ci = parseCertificate(sgp26('CertificateIssuer/CERT_CI_ECDSA_NIST.der'));
    expect(ci.role).toBe('ci');
    expect(ci.policies).toEqual(['2.23.146.1.2.1.0']);
    expect(ci.subject).toBe('CN=Test CI, OU=TESTCERT, O=RSPTEST, C=IT');
    expect(ci.issuer).toBe(ci.subject);
    expect(hex(ci.subjectKeyIdentifier)).toBe('F54172BDF98A95D65CBEB88A38A1C11D800A85C3');
    expect(ci.authorityKeyIdentifier).toBeUndefined();
    expect(ci.keyUsage).toEqual(['keyCertSign', 'cRLSign']);
    expect(ci.basicConstraints).toEqual({ ca: true, pathLength: undefined });
    expect(ci.subjectAltName.registeredIds).toEqual(['2.999.1']);
    expect(isSignedBy(ci, ci.publicKey)).toBe(true);
  });

  it('reads the EUM certificate and its EID range', () => {
    const eum = parseCertificate(sgp26('EUM/CERT_EUM_ECDSA_NIST.der'));
    expect(eum.role).toBe('eum');
    expect(eum.subject).toBe('C=ES, O=RSP Test EUM, CN=EUM Test');
    expect(hex(eum.authorityKeyIdentifier)).toBe('F54172BDF98A95D65CBEB88A38A1C11D800A85C3');
    expect(eum.keyUsage).toEqual(['keyCertSign']); // no cRLSign in SGP.26's EUM
    expect(eum.basicConstraints).toEqual({ ca: true, pathLength: 0 });
    expect(eum.permittedEidPrefix).toBe('89049032');
    expect(eum.notAfter.toISOString()).toBe('2054-03-24T09:28:37.000Z'); // GeneralizedTime
  });

  it('reads the eUICC certificate and its EID', () => {
    for (const curve of ['NIST', 'BRP']) {
      const euicc = parseCertificate(sgp26(`eUICC/CERT_EUICC_ECDSA_${curve}.der`));
      expect(euicc.role).toBe('euicc');
      expect(euicc.eid).toBe(SAMPLE_EID);
      expect(euicc.subjectSerialNumber).toBe(SAMPLE_EID);
      expect(euicc.keyUsage).toEqual(['digitalSignature']);
      // SGP.26 gives it notAfter in the year 7496 rather than 99991231235959Z.
      expect(euicc.notAfter.getUTCFullYear()).toBe(7496);
      expect(euicc.noExpiry).toBe(false);
    }
  });

  it('reads the SM-DP+ certificates', () => {
    const auth = parseCertificate(sgp26('DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der'));
    expect(auth.role).toBe('dp-auth');
    expect(auth.subjectAltName.registeredIds).toEqual(['2.999.10']);
    const pb = parseCertificate(sgp26('DPpb/CERT_S_SM_DPpb_ECDSA_BRP.der'));
    expect(pb.role).toBe('dp-pb');
    const tls = parseCertificate(sgp26('DPtls/CERT_S_SM_DP_TLS_NIST.der'));
    expect(tls.role).toBe('dp-tls');
    expect(tls.subjectAltName.dnsNames).toEqual(['testsmdpplus1.example.com']);
    expect(tls.extendedKeyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(tls.notAfter.toISOString()).toBe('2026-08-02T13:14:38.000Z');
  });

  it('parses PEM', () => {
    const der = sgp26('EUM/CERT_EUM_ECDSA_BRP.der');
    expect(parseCertificatePem(derToPem(der)).der.equals(der)).toBe(true);
    expect(parseCertificatePem(sgp26('CertificateIssuer/CERT_CI_ECDSA_BRP.pem').toString()).role).toBe('ci');
  });
});

/** A copy of `bytes` with one byte changed. */
function withByte(bytes: Buffer, at: number, value: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = value;
  return copy;
}

describe('parseCertificate failures are CertificateParseError', () => {
  const der = sgp26('eUICC/CERT_EUICC_ECDSA_NIST.der');
  const cases: [string, Uint8Array][] = [
    ['empty', new Uint8Array()],
    ['garbage', Buffer.from('hello, world')],
    ['truncated', der.subarray(0, der.length - 10)],
    ['trailing bytes', Buffer.concat([der, Buffer.from([0])])],
    ['a bare SEQUENCE', Buffer.from('3000', 'hex')],
    ['an INTEGER', Buffer.from('020101', 'hex')],
    // Issue 18: the structure is read with our DER layer, which takes only RFC 5280's DER forms.
    ['a validity time without its Z', withByte(der, der.indexOf(Buffer.from('170d', 'hex')) + 14, 0x30)],
    [
      'a name attribute that is not a string',
      withByte(der, der.indexOf(Buffer.from('13024553', 'hex')), 0x04),
    ],
    [
      'a UTCTime on the 32nd',
      withByte(
        withByte(der, der.indexOf(Buffer.from('170d', 'hex')) + 6, 0x33),
        der.indexOf(Buffer.from('170d', 'hex')) + 7,
        0x32,
      ),
    ],
  ];
  it.each(cases)('%s', (_, input) => {
    expect(() => parseCertificate(input)).toThrow(CertificateParseError);
  });

  it('random corruptions never escape as another error type', () => {
    for (let i = 0; i < 300; i++) {
      const copy = Buffer.from(der);
      flipBits(copy, (i * 7919) % copy.length, 1 + (i % 255));
      try {
        parseCertificate(copy);
      } catch (error) {
        expect(error).toBeInstanceOf(CertificateParseError);
      }
    }
  });

  it('reports a PEM without a certificate', () => {
    expect(() => parseCertificatePem('nothing here')).toThrow(CertificateParseError);
  });
});
