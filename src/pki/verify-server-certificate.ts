import { type ParsedCertificate, parseCertificate } from './certificate.ts';
import { CURVES, type Curve } from './curves.ts';
import { CertificateCheckError } from './errors.ts';
import { isSignedBy } from './signature.ts';
import { type CiCertificate, findCi, type TrustedCiList, toCiList } from './trusted-ci.ts';

/**
 * The eUICC's checks of an SM-DP+ certificate: CERT.DPauth.ECDSA in ES10b.AuthenticateServer (SGP.22
 * 5.7.13) and CERT.DPpb.ECDSA in ES10b.PrepareDownload (SGP.22 5.7.5). Failures are CertificateCheckError
 * with the ES10b error code name (AuthenticateErrorCode / DownloadErrorCode), not RspError: these are the
 * eUICC's answers, not the SM-DP+'s status codes.
 *
 * Checks, in order:
 * - decodable — else invalidCertificate;
 * - issued by a CI the eUICC has (AuthorityKeyIdentifier; when the SM-DP+ named one, euiccCiPKIdToBeUsed,
 *   that one) — else ciPKUnknown;
 * - the key on a curve the eUICC supports — else unsupportedCurve;
 * - signed by that CI, with the role policy of the expected certificate (SGP.22 4.5.2.1.0.4 / .0.5; in
 *   AuthenticateServer CERT.DSauth is as good as CERT.DPauth: the eUICC authenticates an SM-DS alike, 3.1.2),
 *   keyUsage digitalSignature, no unknown critical extension, and (when the caller knows the time, which an
 *   eUICC may not, SGP.22 4.5.2.2) within its validity period — else invalidCertificate.
 */
export type ServerCertificateRole = 'dp-auth' | 'dp-pb' | 'ds-auth';

export interface ServerCertificateOptions {
  /** euiccCiPKIdToBeUsed: the CI the certificate must chain to. */
  readonly ciPkId?: Uint8Array;
  /** Curves the eUICC supports; both by default. */
  readonly supportedCurves?: readonly Curve[];
}

export function verifyServerCertificate(
  der: Uint8Array,
  role: ServerCertificateRole | readonly ServerCertificateRole[],
  trustedCisInput: TrustedCiList,
  now?: Date,
  options: ServerCertificateOptions = {},
): ParsedCertificate {
  const trustedCis = toCiList(trustedCisInput);
  let cert: ParsedCertificate;
  try {
    cert = parseCertificate(der);
  } catch (error) {
    throw new CertificateCheckError('invalidCertificate', 'the certificate cannot be decoded', {
      cause: error,
    });
  }

  const aki = cert.authorityKeyIdentifier;
  let ci: CiCertificate | undefined;
  if (options.ciPkId) {
    ci = findCi(trustedCis, options.ciPkId);
    if (!ci) {
      throw new CertificateCheckError(
        'ciPKUnknown',
        `CI ${Buffer.from(options.ciPkId).toString('hex')} is not one of the eUICC's`,
      );
    }
    if (!aki || !ci.subjectKeyIdentifier.equals(aki)) {
      throw new CertificateCheckError(
        'invalidCertificate',
        'the certificate is not issued by the CI to be used',
      );
    }
  } else {
    ci = findCi(trustedCis, aki);
    if (!ci) {
      throw new CertificateCheckError(
        'ciPKUnknown',
        aki ? `issuer CI ${aki.toString('hex')} is not one of the eUICC's` : 'no AuthorityKeyIdentifier',
      );
    }
  }

  const supported = options.supportedCurves ?? CURVES;
  if (cert.curve === undefined || !supported.includes(cert.curve)) {
    throw new CertificateCheckError(
      'unsupportedCurve',
      `the certificate key is on ${cert.curve ?? 'another curve'}`,
    );
  }

  if (!isSignedBy(cert, ci.publicKey)) {
    throw new CertificateCheckError('invalidCertificate', 'the signature does not verify with the CI key');
  }
  const roles: readonly string[] = typeof role === 'string' ? [role] : role;
  if (!cert.role || !roles.includes(cert.role)) {
    throw new CertificateCheckError(
      'invalidCertificate',
      `the certificate has role ${cert.role ?? 'none'}, not ${roles.join(' or ')}`,
    );
  }
  if (!cert.keyUsage.includes('digitalSignature') || cert.basicConstraints?.ca) {
    throw new CertificateCheckError(
      'invalidCertificate',
      'the certificate is not a signing end-entity certificate',
    );
  }
  if (cert.unknownCriticalExtensions.length > 0) {
    throw new CertificateCheckError(
      'invalidCertificate',
      `unknown critical extensions ${cert.unknownCriticalExtensions.join(', ')}`,
    );
  }
  if (now && (now < cert.notBefore || (!cert.noExpiry && now > cert.notAfter))) {
    throw new CertificateCheckError(
      'invalidCertificate',
      `outside its validity ${cert.notBefore.toISOString()} .. ${cert.notAfter.toISOString()}`,
    );
  }
  return cert;
}
