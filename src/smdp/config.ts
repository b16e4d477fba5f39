/**
 * SM-DP+ configuration: defaults, then a JSON config file, then environment (RSPSIM_*), then CLI flags.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TLS_CIPHER_SUITE_SETS, TLS_MAX_VERSIONS } from './http/tls-policy.ts';

export interface SmdpServerConfig {
  /** Interface to listen on. */
  readonly host: string;
  readonly port: number;
  /** The SM-DP+ address eUICCs are given (FQDN[:port]); defaults to localhost:<port>. */
  readonly address: string;
  /** PKI folder laid out as certs/sgp26 (SGP.26 file names). */
  readonly pkiDir: string;
  /** Profile catalogue (JSON). */
  readonly catalogue: string;
  readonly sessionTtlSeconds: number;
  /**
   * Sessions not yet authenticated (initiateAuthentication done, authenticateClient not) the server keeps at
   * most; past it initiateAuthentication is refused until some end or expire. 0: no bound.
   */
  readonly maxPendingSessions: number;
  readonly confirmationCodeMaxAttempts: number;
  readonly logLevel: string;
  /** Bearer token of the admin API (/admin/...); a random one is made at start when empty. */
  readonly adminToken: string;
  /** How many sessions the trace keeps (0: no trace). */
  readonly traceSessions: number;
  /** Exchanges the trace keeps per session (a download has 4 or 5; later ones are only counted). */
  readonly traceExchangesPerSession: number;
  /** Request bodies larger than this (bytes) are traced as size, SHA-256 and their first characters. */
  readonly traceBodyBytes: number;
  /** Test-lab scenarios to load at start: JSON files (arrays) or folders of them, comma-separated; or empty. */
  readonly scenarios: string;
  /**
   * Where sessions and profiles live: `sqlite:<file>` (the default, data/rspsim.db: state survives restarts
   * and several processes on one machine may share it), `postgres://...` (several machines), or `memory`.
   */
  readonly store: string;
  /** The operator's ES2+ function provider, for HandleDownloadProgressInfo (empty: no callbacks). */
  readonly operatorCallbackUrl: string;
  /**
   * PEM files (comma-separated) of the CAs or certificates an operator's TLS client certificate must chain to
   * for ES2+ (SGP.22 mutual TLS); empty: no client certificates asked for, ES2+ by bearer token only.
   */
  readonly operatorCa: string;
  /** Processes serving one port (node:cluster); more than one needs a shared store (not `memory`). */
  readonly workers: number;
  /** Time a client has to send a request's headers (ms; 0: no limit). See http/connection-limits.ts. */
  readonly headersTimeoutMs: number;
  /** Time a client has to send a whole request, body included (ms; 0: no limit). */
  readonly requestTimeoutMs: number;
  /** A kept-alive connection idle this long is closed (ms). */
  readonly keepAliveTimeoutMs: number;
  /** Open connections from one remote address (per worker); further ones are closed at once (0: no limit). */
  readonly maxConnectionsPerAddress: number;
  /** Open connections in all (per worker; 0: no limit). */
  readonly maxConnections: number;
  /** Highest TLS version offered: `1.2` (SGP.22 2.6.6), or `1.3` to offer TLS 1.3 as well. */
  readonly tlsMaxVersion: string;
  /** `sgp22`: only the SGP.22 2.6.6 suites and curves; `wide`: Node's defaults, for LPA tests that need them. */
  readonly tlsCipherSuites: string;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

export const DEFAULT_CONFIG: SmdpServerConfig = {
  host: '127.0.0.1',
  port: 8443,
  address: 'localhost:8443',
  pkiDir: `${root}certs/sgp26`,
  catalogue: `${root}fixtures/profiles/catalogue.json`,
  sessionTtlSeconds: 600,
  maxPendingSessions: 10_000,
  confirmationCodeMaxAttempts: 3,
  logLevel: 'info',
  adminToken: '',
  traceSessions: 200,
  traceExchangesPerSession: 16,
  traceBodyBytes: 16 * 1024,
  scenarios: '',
  store: `sqlite:${root}data/rspsim.db`,
  operatorCallbackUrl: '',
  operatorCa: '',
  workers: 1,
  headersTimeoutMs: 30_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 30_000,
  maxConnectionsPerAddress: 100,
  maxConnections: 2000,
  tlsMaxVersion: '1.2',
  tlsCipherSuites: 'sgp22',
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const ENV: Record<string, keyof SmdpServerConfig> = {
  RSPSIM_HOST: 'host',
  RSPSIM_PORT: 'port',
  RSPSIM_ADDRESS: 'address',
  RSPSIM_PKI_DIR: 'pkiDir',
  RSPSIM_CATALOGUE: 'catalogue',
  RSPSIM_SESSION_TTL: 'sessionTtlSeconds',
  RSPSIM_MAX_PENDING_SESSIONS: 'maxPendingSessions',
  RSPSIM_CC_MAX_ATTEMPTS: 'confirmationCodeMaxAttempts',
  RSPSIM_LOG_LEVEL: 'logLevel',
  RSPSIM_ADMIN_TOKEN: 'adminToken',
  RSPSIM_TRACE_SESSIONS: 'traceSessions',
  RSPSIM_TRACE_EXCHANGES: 'traceExchangesPerSession',
  RSPSIM_TRACE_BODY_BYTES: 'traceBodyBytes',
  RSPSIM_SCENARIOS: 'scenarios',
  RSPSIM_STORE: 'store',
  RSPSIM_OPERATOR_CALLBACK_URL: 'operatorCallbackUrl',
  RSPSIM_OPERATOR_CA: 'operatorCa',
  RSPSIM_WORKERS: 'workers',
  RSPSIM_HEADERS_TIMEOUT_MS: 'headersTimeoutMs',
  RSPSIM_REQUEST_TIMEOUT_MS: 'requestTimeoutMs',
  RSPSIM_KEEP_ALIVE_TIMEOUT_MS: 'keepAliveTimeoutMs',
  RSPSIM_MAX_CONNECTIONS_PER_ADDRESS: 'maxConnectionsPerAddress',
  RSPSIM_MAX_CONNECTIONS: 'maxConnections',
  RSPSIM_TLS_MAX_VERSION: 'tlsMaxVersion',
  RSPSIM_TLS_CIPHER_SUITES: 'tlsCipherSuites',
};

const NUMERIC = new Set<keyof SmdpServerConfig>([
  'port',
  'sessionTtlSeconds',
  'maxPendingSessions',
  'confirmationCodeMaxAttempts',
  'traceSessions',
  'traceExchangesPerSession',
  'traceBodyBytes',
  'workers',
  'headersTimeoutMs',
  'requestTimeoutMs',
  'keepAliveTimeoutMs',
  'maxConnectionsPerAddress',
  'maxConnections',
]);

/** Settings that take one of a few words. */
const CHOICES: Partial<Record<keyof SmdpServerConfig, readonly string[]>> = {
  tlsMaxVersion: TLS_MAX_VERSIONS,
  tlsCipherSuites: TLS_CIPHER_SUITE_SETS,
};

function coerce(key: keyof SmdpServerConfig, value: unknown): unknown {
  const choices = CHOICES[key];
  if (choices && !choices.includes(String(value)))
    throw new ConfigError(`${key} must be one of ${choices.join(', ')}, not ${String(value)}`);
  if (!NUMERIC.has(key)) return String(value);
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new ConfigError(`${key} must be a whole number, not ${String(value)}`);
  return n;
}

export function resolveConfig(
  options: {
    file?: string;
    env?: NodeJS.ProcessEnv;
    flags?: Partial<Record<keyof SmdpServerConfig, unknown>>;
  } = {},
): SmdpServerConfig {
  const merged: Record<string, unknown> = { ...DEFAULT_CONFIG };
  const explicit = new Set<string>();
  const apply = (source: Partial<Record<string, unknown>>) => {
    for (const [key, value] of Object.entries(source)) {
      if (value === undefined) continue;
      if (!(key in DEFAULT_CONFIG)) throw new ConfigError(`unknown setting ${key}`);
      merged[key] = coerce(key as keyof SmdpServerConfig, value);
      explicit.add(key);
    }
  };
  if (options.file) {
    try {
      apply(JSON.parse(readFileSync(options.file, 'utf8')));
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(`cannot read config ${options.file}: ${(error as Error).message}`);
    }
  }
  const env = options.env ?? {};
  apply(Object.fromEntries(Object.entries(ENV).map(([name, key]) => [key, env[name]])));
  apply(options.flags ?? {});
  // The address follows the port unless set on its own.
  if (!explicit.has('address')) merged.address = `localhost:${merged.port}`;
  return merged as unknown as SmdpServerConfig;
}
