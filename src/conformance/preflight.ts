/**
 * Checks before an SM-DP+ campaign: can the target be reached, does its TLS certificate hold for the address
 * the campaign uses (in time, for that name, chained to the trust given), does ES2+ answer. Each problem is
 * one line naming the fix (`--tls-ca`, `--insecure`, `--target`, `--es2-token`) instead of every case failing
 * the same way. The handshake and ES2+ rules are SGP.22 2.6.6 (TLS with the SM-DP+) and 6.1 (ES2+ over HTTPS).
 */
import { isIP } from 'node:net';
import { checkServerIdentity, connect, type PeerCertificate } from 'node:tls';
import { requestWithHeader } from '../client/function-call.ts';
import type { JsonPoster, TlsTrust } from './exchange.ts';

/** A campaign cannot start against this target: one line saying why and what to do. */
export class PreflightFailed extends Error {
  override readonly name = 'PreflightFailed';
}

/** Longest the TLS handshake may take. */
const HANDSHAKE_TIMEOUT_MS = 10_000;

/** What connecting said: the peer's certificate and Node's verdict on it, or why there was no handshake. */
interface Handshake {
  readonly certificate?: PeerCertificate;
  readonly authorizationError?: string;
  readonly failure?: string;
}

function handshake(host: string, port: number, tls: TlsTrust): Promise<Handshake> {
  return new Promise((resolve) => {
    const socket = connect({
      host,
      port,
      // SNI carries a name, never an address (RFC 6066 3).
      ...(isIP(host) === 0 ? { servername: host } : {}),
      ...(tls.ca ? { ca: tls.ca } : {}),
      // Judged below, to say what is wrong with the certificate.
      rejectUnauthorized: false,
    });
    const done = (result: Handshake) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => done({ failure: `no TLS handshake within ${HANDSHAKE_TIMEOUT_MS / 1000} s` }),
      HANDSHAKE_TIMEOUT_MS,
    );
    socket.once('secureConnect', () => {
      const error = socket.authorizationError;
      done({
        certificate: socket.getPeerCertificate(),
        ...(error ? { authorizationError: String((error as { code?: string }).code ?? error) } : {}),
      });
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done({ failure: error.code ? `${error.code}: ${error.message}` : error.message }),
    );
  });
}

const NOT_LISTENING: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'nothing listens there',
  ENOTFOUND: 'the name does not resolve',
  EAI_AGAIN: 'the name does not resolve',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'no route to the host',
};

const names = (certificate: PeerCertificate) =>
  (certificate.subjectaltname ?? '')
    .split(', ')
    .filter((n) => /^(DNS|IP Address):/.test(n))
    .map((n) => n.replace(/^(DNS|IP Address):/, ''))
    .join(', ') || certificate.subject?.CN;

/**
 * The target can be reached over TLS and, unless `tls.insecure`, its certificate is valid now, names `host`
 * and chains to the trust given (`trust` says which option gave it, for the message).
 */
export async function checkTarget(host: string, port: number, tls: TlsTrust, trust: string): Promise<void> {
  const at = `${host}:${port}`;
  const shake = await handshake(host, port, tls);
  if (shake.failure) {
    const code = shake.failure.split(':')[0] ?? '';
    const why = NOT_LISTENING[code];
    throw new PreflightFailed(
      why
        ? `cannot reach ${at} (${why}): is the SM-DP+ running, is --target right?`
        : `cannot reach ${at} over TLS (${shake.failure}): is --target an https:// SM-DP+?`,
    );
  }
  if (tls.insecure || !shake.certificate) return;
  const certificate = shake.certificate;
  switch (shake.authorizationError) {
    case undefined:
    case 'ERR_TLS_CERT_ALTNAME_INVALID': // the name, checked below
      break;
    case 'CERT_HAS_EXPIRED':
      throw new PreflightFailed(
        `the TLS certificate of ${at} expired on ${certificate.valid_to}: renew it, or run with --insecure to test the rest anyway`,
      );
    case 'CERT_NOT_YET_VALID':
      throw new PreflightFailed(
        `the TLS certificate of ${at} is valid only from ${certificate.valid_from}: check the clocks, or run with --insecure`,
      );
    default:
      throw new PreflightFailed(
        `the TLS certificate of ${at} (issuer "${certificate.issuer?.CN ?? '?'}") does not chain to ${trust} (${shake.authorizationError}): give its CA with --tls-ca <pem>, or run with --insecure`,
      );
  }
  if (checkServerIdentity(host, certificate))
    throw new PreflightFailed(
      `the TLS certificate of ${at} is for ${names(certificate)}, not ${host}: give --target with a name it carries (the SM-DP+'s own address, as activation codes name it), or run with --insecure`,
    );
}

/**
 * ES2+ answers an operator: a DownloadOrder naming neither an ICCID nor a profile type allocates nothing,
 * and an SM-DP+ whose ES2+ works answers it with an SGP.22 status (SGP.22 5.3.1, 6.1); a refused credential,
 * no such endpoint or no answer is one line.
 */
export async function checkEs2(poster: JsonPoster): Promise<void> {
  const answer = await poster.post(
    '/gsma/rsp2/es2plus/downloadOrder',
    requestWithHeader('rspsim-conformance', {}),
    { 'X-Admin-Protocol': 'gsma/rsp/v2.2.0' },
  );
  poster.exchanges.splice(0);
  const at = `ES2+ at ${poster.baseUrl}`;
  if (answer.status === 401 || answer.status === 403)
    throw new PreflightFailed(
      `${at} refused the operator's credentials (HTTP ${answer.status}): check --es2-token (or --es2-cert/--es2-key)`,
    );
  if (answer.status === 404) throw new PreflightFailed(`${at}: no such endpoint (HTTP 404): check --es2`);
  const header = (answer.body as { header?: { functionExecutionStatus?: unknown } } | undefined)?.header;
  if (answer.transportError || !header?.functionExecutionStatus)
    throw new PreflightFailed(
      `${at} did not answer as ES2+ (${answer.transportError ?? `HTTP ${answer.status} without a functionExecutionStatus`}): check --es2`,
    );
}
