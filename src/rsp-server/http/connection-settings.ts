/**
 * The TLS and connection settings every RSP server declares (connection-limits.ts, tls-policy.ts), once,
 * so that each server has its own values under its own environment variables instead of borrowing another
 * server's defaults. The SM-DP+ keeps the unprefixed names it always had (`RSPSIM_MAX_CONNECTIONS`); another
 * server passes its prefix (`RSPSIM_SMDS_`).
 */
import { oneOf, wholeNumber } from '../../config/settings.ts';
import { TLS_CIPHER_SUITE_SETS, TLS_MAX_VERSIONS } from '../tls-policy.ts';

export function connectionSettings<P extends string>(envPrefix: P) {
  return {
    headersTimeoutMs: {
      doc: "Time a client has to send a request's headers, and to finish its TLS handshake (ms; 0: no limit).",
      default: 30_000,
      env: `${envPrefix}HEADERS_TIMEOUT_MS`,
      parse: wholeNumber,
    },
    requestTimeoutMs: {
      doc: 'Time a client has to send a whole request, body included (ms; 0: no limit); then 408 and the connection closed.',
      default: 60_000,
      env: `${envPrefix}REQUEST_TIMEOUT_MS`,
      parse: wholeNumber,
    },
    keepAliveTimeoutMs: {
      doc: 'A kept-alive connection idle this long is closed (ms).',
      default: 30_000,
      env: `${envPrefix}KEEP_ALIVE_TIMEOUT_MS`,
      parse: wholeNumber,
    },
    maxConnectionsPerAddress: {
      doc: 'Open connections from one remote address, per worker (0: no limit); a further one is closed before the TLS handshake.',
      default: 100,
      env: `${envPrefix}MAX_CONNECTIONS_PER_ADDRESS`,
      parse: wholeNumber,
    },
    maxConnections: {
      doc: 'Open connections in all, per worker (0: no limit).',
      default: 2000,
      env: `${envPrefix}MAX_CONNECTIONS`,
      parse: wholeNumber,
    },
    tlsMaxVersion: {
      doc: 'Highest TLS version offered: `1.2` (SGP.22 2.6.6), or `1.3` to offer TLS 1.3 as well (TLS_AES_128_GCM_SHA256).',
      default: '1.2',
      env: `${envPrefix}TLS_MAX_VERSION`,
      parse: oneOf(TLS_MAX_VERSIONS),
    },
    tlsCipherSuites: {
      doc: "`sgp22`: TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 and _AES_128_CBC_SHA256 on P-256 / brainpoolP256r1 (SGP.22 2.6.6); `wide`: Node's default suites and groups, for LPA tests that need them.",
      default: 'sgp22',
      env: `${envPrefix}TLS_CIPHER_SUITES`,
      parse: oneOf(TLS_CIPHER_SUITE_SETS),
    },
  } as const;
}
