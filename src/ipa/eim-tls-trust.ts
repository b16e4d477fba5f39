/**
 * Which TLS server the IPA takes for its eIM (SGP.32 2.6 / 6.1: ESipa runs over HTTPS; the eIM's TLS
 * trust anchor is `trustedPublicKeyDataTls [6]` of its EimConfigurationData, kept on the eUICC). Our reading
 * (docs/sgp32-readings.md, IPA):
 * - `--ca <file>` (PEM) given: that CA, in place of anything else (a lab's own PKI);
 * - else the eUICC's `trustedPublicKeyDataTls`: `trustedCertificateTls` is "either the certificate of eIM …
 *   or the certificate of the CA" (the module's comment), so the server is taken when its chain verifies to
 *   that certificate or contains it; `trustedEimPkTls` is a key: the server is taken when a certificate of
 *   its chain carries that key. The host name is checked in every case;
 * - else Node's public roots plus the bundled SGP.26 test CI (the certificate our own servers present);
 * - `--insecure`: no check at all (as lpac offers), for a lab only.
 * A refusal is a TlsTrustError naming what was expected, so the user knows which anchor to give.
 */

import { X509Certificate } from 'node:crypto';
import { Agent as HttpsAgent, type Agent as HttpsAgentType, type RequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import {
  type ConnectionOptions,
  checkServerIdentity,
  connect,
  type PeerCertificate,
  rootCertificates,
  type TLSSocket,
} from 'node:tls';
import type { EimConfigurationData } from '../asn1/sgp32/index.ts';
import { readInputFileSync } from '../config/input-file.ts';
import { TlsTrustError } from '../errors/client-errors.ts';

const SGP26_CI = new URL('../../certs/sgp26/CertificateIssuer/CERT_CI_ECDSA_NIST.pem', import.meta.url);

export type EimTlsTrust =
  | { readonly kind: 'ca'; readonly pem: string }
  | { readonly kind: 'trustedCertificateTls'; readonly certificate: Buffer }
  | { readonly kind: 'trustedEimPkTls'; readonly subjectPublicKeyInfo: Buffer }
  | { readonly kind: 'default' }
  | { readonly kind: 'insecure' };

/** The trust for one eIM: the user's choice first, then what the eUICC keeps for it. */
export function eimTlsTrust(
  options: { readonly caPem?: string; readonly insecure?: boolean },
  eim: EimConfigurationData | undefined,
): EimTlsTrust {
  if (options.insecure) return { kind: 'insecure' };
  if (options.caPem !== undefined) return { kind: 'ca', pem: options.caPem };
  const data = eim?.trustedPublicKeyDataTls;
  if (data && 'trustedCertificateTls' in data)
    return { kind: 'trustedCertificateTls', certificate: data.trustedCertificateTls };
  if (data && 'trustedEimPkTls' in data)
    return { kind: 'trustedEimPkTls', subjectPublicKeyInfo: data.trustedEimPkTls };
  return { kind: 'default' };
}

/** A description of the trust for messages and the trace. */
export function describeTrust(trust: EimTlsTrust): string {
  switch (trust.kind) {
    case 'ca':
      return 'the CA given with --ca';
    case 'trustedCertificateTls':
      return "the eUICC's trustedCertificateTls for this eIM";
    case 'trustedEimPkTls':
      return "the eUICC's trustedEimPkTls key for this eIM";
    case 'default':
      return 'the public roots and the SGP.26 test CI';
    case 'insecure':
      return 'nothing (--insecure)';
  }
}

/** The chain the server presented, leaf first (Node links each certificate to its issuer). */
function chainOf(socket: TLSSocket): PeerCertificate[] {
  const chain: PeerCertificate[] = [];
  let certificate: PeerCertificate | undefined = socket.getPeerCertificate(true);
  while (certificate?.raw && !chain.some((seen) => seen.raw.equals(certificate?.raw ?? Buffer.alloc(0)))) {
    chain.push(certificate);
    const issuer: unknown = (certificate as { issuerCertificate?: unknown }).issuerCertificate;
    certificate = issuer && typeof issuer === 'object' ? (issuer as PeerCertificate) : undefined;
  }
  return chain;
}

const spkiOf = (raw: Buffer) => new X509Certificate(raw).publicKey.export({ type: 'spki', format: 'der' });

/** Why a connection does not meet a pinned anchor, or undefined when it does. */
function pinnedRefusal(socket: TLSSocket, host: string, trust: EimTlsTrust): string | undefined {
  const chain = chainOf(socket);
  const leaf = chain[0];
  if (!leaf) return 'the server presented no certificate';
  let anchored = false;
  if (trust.kind === 'trustedCertificateTls')
    anchored = socket.authorized || chain.some((c) => c.raw.equals(trust.certificate));
  if (trust.kind === 'trustedEimPkTls')
    anchored = chain.some((c) => spkiOf(c.raw).equals(trust.subjectPublicKeyInfo));
  if (!anchored) return `its certificate chain does not meet ${describeTrust(trust)}`;
  const identity = checkServerIdentity(host, leaf);
  return identity ? identity.message : undefined;
}

/**
 * An HTTPS agent keeping one connection (SGP.32 3.1.1.1: the IPA keeps the connection of a procedure) under
 * the given trust.
 */
export function eimAgent(host: string, trust: EimTlsTrust): HttpsAgentType {
  const common = { keepAlive: true, maxSockets: 1 };
  if (trust.kind === 'insecure') return new HttpsAgent({ ...common, rejectUnauthorized: false });
  if (trust.kind === 'ca') return new HttpsAgent({ ...common, ca: trust.pem });
  if (trust.kind === 'default')
    return new HttpsAgent({
      ...common,
      ca: [...rootCertificates, readInputFileSync(SGP26_CI, 'small').toString('utf8')],
    });
  const ca =
    trust.kind === 'trustedCertificateTls' ? new X509Certificate(trust.certificate).toString() : undefined;
  return new PinnedAgent(common, host, trust, ca);
}

/**
 * Verifies the server itself (pinning) once the handshake is done; the socket is handed to the request only
 * then, so nothing (not even the EID of GetEimPackage) is written to a server that is not the eIM.
 */
class PinnedAgent extends HttpsAgent {
  constructor(
    options: ConstructorParameters<typeof HttpsAgent>[0],
    private readonly host: string,
    private readonly trust: EimTlsTrust,
    private readonly ca: string | undefined,
  ) {
    super(options);
  }

  override createConnection(
    options: RequestOptions,
    callback?: (error: Error | null, socket: Duplex) => void,
  ): undefined {
    const socket = connect({
      ...(options as ConnectionOptions),
      rejectUnauthorized: false,
      ...(this.ca ? { ca: this.ca } : {}),
    });
    const failed = (error: Error) => callback?.(error, socket);
    socket.once('error', failed);
    socket.once('secureConnect', () => {
      socket.off('error', failed);
      const refusal = pinnedRefusal(socket, this.host, this.trust);
      if (!refusal) return callback?.(null, socket);
      const error = new TlsTrustError(
        `the eIM at ${this.host} was reached, but its TLS is not trusted: ${refusal}`,
      );
      socket.destroy();
      callback?.(error, socket);
    });
    return undefined;
  }
}
