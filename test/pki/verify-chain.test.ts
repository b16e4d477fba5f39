import { describe, expect, it } from 'vitest';
import { RspError } from '../../src/errors/rsp-error.ts';
import type { StatusCodeName } from '../../src/errors/status-codes.ts';
import { generateEcKeyPair } from '../../src/pki/curves.ts';
import { type ChainCertificate, type ChainFailure, EuiccChainError } from '../../src/pki/errors.ts';
import { issueEuiccCertificate, issueEumCertificate, NO_EXPIRY_DATE } from '../../src/pki/issue.ts';
import { toTrustedCi } from '../../src/pki/trusted-ci.ts';
import { verifyEuiccChain as verifyChain } from '../../src/pki/verify-chain.ts';
import { verifyEuiccChain } from '../../src/rsp-server/euicc-chain.ts';
import { flipBits } from '../helpers/fuzz.ts';
import { NOW, SAMPLE_EID, sgp26, sgp26Cis, sgp26Key } from './sgp26.ts';

const trustedCis = sgp26Cis();
const EUM_NIST = sgp26('EUM/CERT_EUM_ECDSA_NIST.der');
const EUICC_NIST = sgp26('eUICC/CERT_EUICC_ECDSA_NIST.der');

function failure(run: () => unknown): RspError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RspError);
    // The PKI raised its own typed error; the SM-DP+ gave it the status code.
    expect((error as RspError).cause).toBeInstanceOf(EuiccChainError);
    return error as RspError;
  }
  throw new Error('expected an RspError');
}

describe('verifyEuiccChain (SGP.22 5.6.3 authenticateClient) with the valid SGP.26 chains', () => {
  it.each(['NIST', 'BRP'])('verifies CI → EUM → eUICC (%s)', (curve) => {
    const result = verifyEuiccChain({
      euiccCertificate: sgp26(`eUICC/CERT_EUICC_ECDSA_${curve}.der`),
      eumCertificate: sgp26(`EUM/CERT_EUM_ECDSA_${curve}.der`),
      trustedCis,
      now: NOW,
    });
    expect(result.eid).toBe(SAMPLE_EID);
    expect(result.eum.permittedEidPrefix).toBe('89049032');
    expect(result.ci.curve).toBe(curve === 'NIST' ? 'P-256' : 'brainpoolP256r1');
    expect(result.euiccPublicKey.asymmetricKeyDetails?.namedCurve).toBe(
      curve === 'NIST' ? 'prime256v1' : 'brainpoolP256r1',
    );
  });

  it('uses the current time by default', () => {
    expect(verifyEuiccChain({ euiccCertificate: EUICC_NIST, eumCertificate: EUM_NIST, trustedCis }).eid).toBe(
      SAMPLE_EID,
    );
  });

  it('accepts the trust list as CI certificate DER too', () => {
    const der = [sgp26('CertificateIssuer/CERT_CI_ECDSA_NIST.der')];
    const result = verifyEuiccChain({
      euiccCertificate: EUICC_NIST,
      eumCertificate: EUM_NIST,
      trustedCis: der,
      now: NOW,
    });
    expect(result.ci.subjectKeyIdentifier).toEqual(trustedCis[0].subjectKeyIdentifier);
  });

  it('restricts the chain to an expected CI when asked', () => {
    const input = { euiccCertificate: EUICC_NIST, eumCertificate: EUM_NIST, trustedCis, now: NOW };
    expect(verifyEuiccChain({ ...input, expectedCiPkid: trustedCis[0].subjectKeyIdentifier }).eid).toBe(
      SAMPLE_EID,
    );
    const error = failure(() =>
      verifyEuiccChain({ ...input, expectedCiPkid: trustedCis[1].subjectKeyIdentifier }),
    );
    expect(error.codeName).toBe('ciPublicKeyUnknown');
  });

  it('rejects a chain of one curve under the other curve only', () => {
    const error = failure(() =>
      verifyEuiccChain({
        euiccCertificate: EUICC_NIST,
        eumCertificate: EUM_NIST,
        trustedCis: [trustedCis[1]],
        now: NOW,
      }),
    );
    expect(error.codeName).toBe('ciPublicKeyUnknown');
  });

  it('rejects an eUICC certificate of another EUM', () => {
    const error = failure(() =>
      verifyEuiccChain({
        euiccCertificate: sgp26('eUICC/CERT_EUICC_ECDSA_BRP.der'),
        eumCertificate: EUM_NIST,
        trustedCis,
        now: NOW,
      }),
    );
    expect(error.codeName).toBe('euiccCertificateInvalid');
  });
});

/*
 * What `openssl x509 -inform der -text` shows about the SGP.26 invalid/ certificates (all P-256), and the
 * code each must produce:
 *
 * - CERT_EUM_ECDSA_NIST_EXPIRED: issued and correctly signed by the NIST test CI (AKI F541...), valid
 *   2010-01-01 .. 2015-01-01. It is also off-profile: policy 2.23.146.1.2.1.4 (dp-auth, not eum), keyUsage
 *   digitalSignature + keyCertSign, no basicConstraints, no nameConstraints. Meant to be reported as
 *   expired, which is why the validity check comes before the EUM profile check.
 *   → eumCertificateExpired (8.1.2 / 6.3)
 * - CERT_EUM_ECDSA_NIST_INVALID: self-signed (issuer = subject "O=RSP Test Invalid EUM"), no
 *   AuthorityKeyIdentifier, same key as the real EUM (SKI DD3D...), policy dp-auth. It does not say which CI
 *   issued it, and no CI's key verifies it. → eumCertificateInvalid (8.1.2 / 6.1)
 * - CERT_EUM_ECDSA_NIST_UNKNOWN_CI: issued by CERT_UNKNOWN_CI_ECDSA_NIST ("CN=Unknown Certificate Issuer",
 *   AKI 8466D9..., which is the SHA-1 of that CI's key; that CI has no extensions at all) with a valid
 *   signature by it. → ciPublicKeyUnknown (8.11.1 / 3.9)
 * - CERT_EUICC_ECDSA_NIST_EXPIRED: issued and correctly signed by the real NIST EUM, EID in range, valid
 *   2010-01-01 .. 2015-01-01. → euiccCertificateExpired (8.1.3 / 6.3)
 * - CERT_EUICC_ECDSA_NIST_INVALID: self-signed ("O=RSP Test eUICC"), no AKI, the sample eUICC's key;
 *   the EUM's key does not verify it. → euiccCertificateInvalid (8.1.3 / 6.1)
 * - CERT_EUICC_ECDSA_NIST_INVALID_EID: correctly signed by the EUM, but EID
 *   89049033123451234512345678901234 is outside the EUM's range 89049032 (its check digits are wrong
 *   too). → euiccCertificateInvalid (8.1.3 / 6.1)
 * - CERT_EUICC_ECDSA_NIST_UNMATCHED_EID: correctly signed by the EUM, EID 89049032123451234512345678901299
 *   inside the range (with wrong check digits, which SGP.22 does not check here). A valid chain: it is for
 *   the "no profile for this EID" case further on. → passes
 */
describe('verifyEuiccChain with the SGP.26 invalid/ certificates', () => {
  const eumCases: [string, StatusCodeName][] = [
    ['CERT_EUM_ECDSA_NIST_EXPIRED', 'eumCertificateExpired'],
    ['CERT_EUM_ECDSA_NIST_INVALID', 'eumCertificateInvalid'],
    ['CERT_EUM_ECDSA_NIST_UNKNOWN_CI', 'ciPublicKeyUnknown'],
  ];
  it.each(eumCases)('%s → %s', (name, code) => {
    const error = failure(() =>
      verifyEuiccChain({
        euiccCertificate: EUICC_NIST,
        eumCertificate: sgp26(`invalid/${name}.der`),
        trustedCis,
        now: NOW,
      }),
    );
    expect(error.codeName).toBe(code);
  });

  const euiccCases: [string, StatusCodeName][] = [
    ['CERT_EUICC_ECDSA_NIST_EXPIRED', 'euiccCertificateExpired'],
    ['CERT_EUICC_ECDSA_NIST_INVALID', 'euiccCertificateInvalid'],
    ['CERT_EUICC_ECDSA_NIST_INVALID_EID', 'euiccCertificateInvalid'],
  ];
  it.each(euiccCases)('%s → %s', (name, code) => {
    const error = failure(() =>
      verifyEuiccChain({
        euiccCertificate: sgp26(`invalid/${name}.der`),
        eumCertificate: EUM_NIST,
        trustedCis,
        now: NOW,
      }),
    );
    expect(error.codeName).toBe(code);
  });

  it.each([
    ['EUM', 'CERT_EUM_ECDSA_NIST_EXPIRED', 'eum', 'expired'],
    ['EUM', 'CERT_EUM_ECDSA_NIST_INVALID', 'eum', 'noAuthorityKeyIdentifier'],
    ['EUM', 'CERT_EUM_ECDSA_NIST_UNKNOWN_CI', 'eum', 'unknownCi'],
    ['eUICC', 'CERT_EUICC_ECDSA_NIST_EXPIRED', 'euicc', 'expired'],
    ['eUICC', 'CERT_EUICC_ECDSA_NIST_INVALID', 'euicc', 'badSignature'],
    ['eUICC', 'CERT_EUICC_ECDSA_NIST_INVALID_EID', 'euicc', 'eidOutOfRange'],
  ] as [string, string, ChainCertificate, ChainFailure][])(
    'the PKI names the certificate and what failed (%s %s: %s %s), no status code',
    (position, name, certificate, failure) => {
      const invalid = sgp26(`invalid/${name}.der`);
      const run = () =>
        verifyChain({
          euiccCertificate: position === 'eUICC' ? invalid : EUICC_NIST,
          eumCertificate: position === 'EUM' ? invalid : EUM_NIST,
          trustedCis,
          now: NOW,
        });
      expect(run).toThrow(EuiccChainError);
      expect(run).toThrow(expect.objectContaining({ certificate, failure }));
      expect(run).not.toThrow(RspError);
    },
  );

  it('gives each its SGP.22 subject/reason code', () => {
    const codes = (code: StatusCodeName) => {
      const error = new RspError(code);
      return `${error.subjectCode}/${error.reasonCode}`;
    };
    expect(codes('eumCertificateInvalid')).toBe('8.1.2/6.1');
    expect(codes('eumCertificateExpired')).toBe('8.1.2/6.3');
    expect(codes('ciPublicKeyUnknown')).toBe('8.11.1/3.9');
    expect(codes('euiccCertificateInvalid')).toBe('8.1.3/6.1');
    expect(codes('euiccCertificateExpired')).toBe('8.1.3/6.3');
  });

  it('says why, in the message', () => {
    const outside = failure(() =>
      verifyEuiccChain({
        euiccCertificate: sgp26('invalid/CERT_EUICC_ECDSA_NIST_INVALID_EID.der'),
        eumCertificate: EUM_NIST,
        trustedCis,
        now: NOW,
      }),
    );
    expect(outside.message).toMatch(/outside the EUM's range 89049032/);
    const unknown = failure(() =>
      verifyEuiccChain({
        euiccCertificate: EUICC_NIST,
        eumCertificate: sgp26('invalid/CERT_EUM_ECDSA_NIST_UNKNOWN_CI.der'),
        trustedCis,
        now: NOW,
      }),
    );
    expect(unknown.message).toMatch(/8466d9dc85c46d7683e201743d9462ca35ae7834/);
  });

  it('CERT_UNKNOWN_CI_ECDSA_NIST cannot be configured as a trust anchor (no extensions: no CI policy, no SKI)', () => {
    // CERT_UNKNOWN_CI has no extensions: it cannot even be configured as a CI.
    expect(() => toTrustedCi(sgp26('invalid/CERT_UNKNOWN_CI_ECDSA_NIST.der'))).toThrow(/not a usable CI/);
  });

  it('CERT_EUICC_ECDSA_NIST_UNMATCHED_EID passes chain verification', () => {
    const result = verifyEuiccChain({
      euiccCertificate: sgp26('invalid/CERT_EUICC_ECDSA_NIST_UNMATCHED_EID.der'),
      eumCertificate: EUM_NIST,
      trustedCis,
      now: NOW,
    });
    expect(result.eid).toBe('89049032123451234512345678901299');
  });
});

describe('verifyEuiccChain edge cases', () => {
  it('rejects undecodable certificates with the code of the certificate concerned', () => {
    expect(
      failure(() =>
        verifyEuiccChain({
          euiccCertificate: EUICC_NIST,
          eumCertificate: Buffer.from('30', 'hex'),
          trustedCis,
        }),
      ).codeName,
    ).toBe('eumCertificateInvalid');
    expect(
      failure(() =>
        verifyEuiccChain({ euiccCertificate: Buffer.alloc(0), eumCertificate: EUM_NIST, trustedCis }),
      ).codeName,
    ).toBe('euiccCertificateInvalid');
  });

  it('rejects a certificate with a tampered signature', () => {
    const tampered = Buffer.from(EUICC_NIST);
    flipBits(tampered, tampered.length - 5, 0x01);
    expect(
      failure(() =>
        verifyEuiccChain({ euiccCertificate: tampered, eumCertificate: EUM_NIST, trustedCis, now: NOW }),
      ).codeName,
    ).toBe('euiccCertificateInvalid');
  });

  it('rejects an EUM presented in the eUICC position and vice versa', () => {
    const swapped = failure(() =>
      verifyEuiccChain({ euiccCertificate: EUM_NIST, eumCertificate: EUICC_NIST, trustedCis, now: NOW }),
    );
    expect(swapped.codeName).toBe('ciPublicKeyUnknown'); // the eUICC's AKI names the EUM, not a CI
  });

  it('rejects a DPauth certificate in the EUM position (right CI, wrong profile)', () => {
    const error = failure(() =>
      verifyEuiccChain({
        euiccCertificate: EUICC_NIST,
        eumCertificate: sgp26('DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der'),
        trustedCis,
        now: NOW,
      }),
    );
    expect(error.codeName).toBe('eumCertificateInvalid');
    expect(error.message).toMatch(/role dp-auth/);
  });

  it('treats notAfter 99991231235959Z as "no expiry" (SGP.22 eUICC certificates)', () => {
    const ciKey = sgp26Key('CertificateIssuer/SK_CI_ECDSA_NIST.pem');
    const eumKeys = generateEcKeyPair('P-256');
    const eum = issueEumCertificate({
      now: NOW,
      ci: trustedCis[0],
      ciKey,
      publicKey: eumKeys.publicKey,
      eidPrefix: '89049032',
      notAfter: NO_EXPIRY_DATE,
    });
    const { publicKey } = generateEcKeyPair('P-256');
    const euicc = issueEuiccCertificate({
      now: NOW,
      eum: eum.certificate,
      eumKey: eumKeys.privateKey,
      publicKey,
      eid: SAMPLE_EID,
    });
    expect(euicc.certificate.noExpiry).toBe(true);
    expect(eum.certificate.noExpiry).toBe(true);
    // Half a second after 9999-12-31T23:59:59Z: past notAfter, yet not expired.
    const end = new Date('9999-12-31T23:59:59.500Z');
    expect(
      verifyEuiccChain({ euiccCertificate: euicc.der, eumCertificate: eum.der, trustedCis, now: end }).eid,
    ).toBe(SAMPLE_EID);
  });

  it('rejects a not-yet-valid eUICC certificate as invalid (SGP.22 has no "not yet valid" code)', () => {
    const eumKey = sgp26Key('EUM/SK_EUM_ECDSA_NIST.pem');
    const { publicKey } = generateEcKeyPair('P-256');
    const later = issueEuiccCertificate({
      now: NOW,
      eum: EUM_NIST,
      eumKey,
      publicKey,
      eid: SAMPLE_EID,
      notBefore: new Date(NOW.getTime() + 86_400_000),
    });
    const error = failure(() =>
      verifyEuiccChain({ euiccCertificate: later.der, eumCertificate: EUM_NIST, trustedCis, now: NOW }),
    );
    expect(error.codeName).toBe('euiccCertificateInvalid');
  });
});
