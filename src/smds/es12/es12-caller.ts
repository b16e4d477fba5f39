/**
 * Who calls ES12 (SGP.22 3.6.1, 5.9): an SM-DP+ or an alternative SM-DS, authenticated by the TLS client
 * certificate it presents — CERT.DP.TLS / CERT.DS.TLS under a CI this SM-DS trusts (SGP.22 2.6.6, role
 * dp-tls / ds-tls in its policies). That certificate names the server: its dNSName / iPAddress entries are the
 * host names it serves under, its registeredID the SM-DP+ or SM-DS OID (SGP.22 4.5.2.1.0.x).
 *
 * Each Event Record is bound to the identity that registered it: only that caller may
 * delete it, it may name only an address of its own, and the bounds on records count per caller.
 */
import type { ParsedCertificate } from '../../pki/certificate.ts';

export interface Es12Caller {
  /**
   * The server the certificate names, stable across renewals by the same CI: its OID (registeredID), else
   * its subject, with the key identifier of the issuer.
   */
  readonly identity: string;
  /** The host names and IP addresses the certificate is issued for: what rspServerAddress may name. */
  readonly hosts: readonly string[];
}

export function es12CallerOf(certificate: ParsedCertificate): Es12Caller {
  const names = certificate.subjectAltName;
  const server = names.registeredIds[0] !== undefined ? `oid ${names.registeredIds[0]}` : certificate.subject;
  const issuer = certificate.authorityKeyIdentifier?.toString('hex').toUpperCase() ?? certificate.issuer;
  return {
    identity: `${server} (issuer ${issuer})`,
    hosts: [...names.dnsNames, ...names.ipAddresses].map((host) => host.toLowerCase()),
  };
}

/**
 * Whether the address (FQDN[:port], already checked) names a host of the caller's certificate: exactly, or
 * under a wildcard dNSName of one left-most label (RFC 6125 6.4.3), without case.
 */
export function callerServesAddress(caller: Es12Caller, address: string): boolean {
  const host = address.replace(/:\d+$/, '').toLowerCase();
  return caller.hosts.some((name) => {
    if (name === host) return true;
    if (!name.startsWith('*.')) return false;
    const label = host.slice(0, host.length - (name.length - 1));
    return host.endsWith(name.slice(1)) && label.length > 0 && !label.includes('.');
  });
}
