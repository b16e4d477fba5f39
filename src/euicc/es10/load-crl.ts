/**
 * ES10b.LoadCRL (SGP.22 5.7.12): a CRL of a CI the eUICC trusts replaces what that CI's earlier CRL revoked
 * (kept in the state, so it survives a power cycle); from then on AuthenticateServer and PrepareDownload
 * refuse a CERT.DPauth / CERT.DPpb it revokes (server-certificate.ts). The CI is found by the CRL's
 * authorityKeyIdentifier (verificationKeyNotFound when it names none of the eUICC's CIs), the signature
 * checked over the tbsCertList as received (invalidSignature), anything that is not a CertificateList is
 * invalidCRLFormat. Partial CRLs (SGP.22's partialCrlNumber / totalPartialCrlNumber extensions) are taken as
 * whole ones: this eUICC never answers missingParts.
 */
import { LoadCRLRequest, LoadCRLResponse, LoadCRLResponseErrors } from '../../asn1/rsp/index.ts';
import { CrlParseError, isCrlSignedBy, type ParsedCrl, parseCrl } from '../../pki/crl.ts';
import { findCi } from '../../pki/trusted-ci.ts';
import type { CardContext } from '../card-context.ts';

/** Most serial numbers the eUICC keeps over all CIs: a bigger CRL is notEnoughMemorySpace. */
const MAX_REVOKED = 10_000;

const refuse = (code: keyof typeof LoadCRLResponseErrors) =>
  LoadCRLResponse.encode({ loadCRLResponseError: LoadCRLResponseErrors[code] });

export function loadCrl(card: CardContext, requestDer: Buffer): Buffer {
  const { crl: der } = LoadCRLRequest.decode(requestDer);
  let crl: ParsedCrl;
  try {
    crl = parseCrl(der);
  } catch (error) {
    if (error instanceof CrlParseError) return refuse('invalidCRLFormat');
    throw error;
  }
  const ci = findCi(card.trustedCis, crl.authorityKeyIdentifier);
  if (!ci) return refuse('verificationKeyNotFound');
  if (!isCrlSignedBy(crl, ci.publicKey)) return refuse('invalidSignature');
  const ciPkid = ci.subjectKeyIdentifier.toString('hex').toUpperCase();
  const others = (card.state.crls ?? []).filter((c) => c.ciPkid !== ciPkid);
  const kept = others.reduce((n, c) => n + c.revokedSerials.length, 0);
  if (kept + crl.revokedSerials.length > MAX_REVOKED) return refuse('notEnoughMemorySpace');
  card.state.crls = [...others, { ciPkid, revokedSerials: [...crl.revokedSerials] }];
  card.dirty = true;
  return LoadCRLResponse.encode({ loadCRLResponseOk: {} });
}

/** The certificate is revoked by the last CRL loaded of the CI that issued it. */
export function isRevoked(
  card: CardContext,
  certificate: { readonly authorityKeyIdentifier: Buffer | undefined; readonly serialNumber: Buffer },
): boolean {
  const ciPkid = certificate.authorityKeyIdentifier?.toString('hex').toUpperCase();
  const serial = certificate.serialNumber.toString('hex').toUpperCase();
  return (card.state.crls ?? []).some((c) => c.ciPkid === ciPkid && c.revokedSerials.includes(serial));
}
