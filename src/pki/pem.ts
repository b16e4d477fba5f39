import { CertificateParseError } from './errors.ts';

/**
 * PEM (RFC 7468) framing of DER values. Certificates travel as DER inside RSP messages (SGP.22 3.1.3:
 * serverCertificate, euiccCertificate, eumCertificate); PEM is only for files and for node:tls.
 */
export function derToPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The DER of every block with the given label, in file order. */
export function pemBlocks(pem: string, label = 'CERTIFICATE'): Buffer[] {
  const pattern = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]*?)-----END ${label}-----`, 'g');
  // The one group always takes part in a match: `?? ''` only tells the type so.
  return [...pem.matchAll(pattern)].map((match) =>
    Buffer.from((match[1] ?? '').replace(/\s+/g, ''), 'base64'),
  );
}

/** The DER of the first block with the given label. */
export function pemToDer(pem: string, label = 'CERTIFICATE'): Buffer {
  const [first] = pemBlocks(pem, label);
  if (!first) throw new CertificateParseError(`no PEM block "${label}"`);
  return first;
}
