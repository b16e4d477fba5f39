import { type ParsedCertificate, parseCertificate } from './certificate.ts';
import { PkiConfigurationError } from './errors.ts';
import { derToPem } from './pem.ts';
import { isSignedBy } from './signature.ts';

/**
 * A trusted Certificate Issuer (GSMA CI) certificate. SGP.22 identifies a CI by its public key identifier,
 * the SubjectKeyIdentifier (the CI PKId of euiccCiPKIdList, SGP.22 4.5.2.1.0.1 / 5.7.x), and chains by
 * AuthorityKeyIdentifier (4.5.2.2): so trust is by SKI, never by name — the SGP.26 test CI was reissued with
 * the same key under another name ("GSMA Test CI", then "Test CI").
 */
export type CiCertificate = ParsedCertificate & { readonly subjectKeyIdentifier: Buffer };

/** Checks that a certificate can serve as a trust anchor: a self-signed CI certificate with an SKI. */
export function toTrustedCi(certificate: Uint8Array | ParsedCertificate): CiCertificate {
  const cert = certificate instanceof Uint8Array ? parseCertificate(certificate) : certificate;
  const problem =
    cert.role !== 'ci'
      ? 'it has no CI role policy (2.23.146.1.2.1.0)'
      : !cert.subjectKeyIdentifier
        ? 'it has no SubjectKeyIdentifier'
        : !cert.keyUsage.includes('keyCertSign')
          ? 'its keyUsage lacks keyCertSign'
          : !isSignedBy(cert, cert.publicKey)
            ? 'it is not self-signed'
            : undefined;
  if (problem)
    throw new PkiConfigurationError(`"${cert.subject}" is not a usable CI certificate: ${problem}`);
  return cert as CiCertificate;
}

/** The trusted CI whose SKI is `keyIdentifier`. */
export function findCi(
  trustedCis: readonly CiCertificate[],
  keyIdentifier: Uint8Array | undefined,
): CiCertificate | undefined {
  if (!keyIdentifier) return undefined;
  return trustedCis.find((ci) => ci.subjectKeyIdentifier.equals(keyIdentifier));
}

/** A trust list given either as parsed CI certificates or as their DER. */
export type TrustedCiList = readonly (CiCertificate | Uint8Array)[];

const parsedDer = new WeakMap<Uint8Array, CiCertificate>();

/** Parses (once per DER buffer) the DER entries of a trust list. */
export function toCiList(trustedCis: TrustedCiList): CiCertificate[] {
  return trustedCis.map((entry) => {
    if (!(entry instanceof Uint8Array)) return entry;
    let ci = parsedDer.get(entry);
    if (!ci) {
      ci = toTrustedCi(entry);
      parsedDer.set(entry, ci);
    }
    return ci;
  });
}

/**
 * The CI certificates as one PEM bundle: the TLS trust of a client or server of this PKI (a TLS certificate
 * of the SGP.22 PKI is issued under a CI, SGP.22 4.5.2.1.0.5).
 */
export const trustedCisPem = (cis: readonly CiCertificate[]): string =>
  cis.map((ci) => derToPem(ci.der)).join('');
