/**
 * SM-DP+ configuration: defaults, then a JSON config file, then environment (RSPSIM_*), then CLI flags.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ConfigError,
  type ConfigOf,
  defaultsOf,
  fromEnv,
  oneOf,
  parseSetting,
  type SettingsTable,
  text,
  wholeNumber,
  yesNo,
} from '../config/settings.ts';
import { TLS_CIPHER_SUITE_SETS, TLS_MAX_VERSIONS } from './http/tls-policy.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Every SM-DP+ setting, declared once. */
export const SMDP_SETTINGS = {
  host: {
    doc: 'Interface to listen on.',
    default: '127.0.0.1',
    env: 'RSPSIM_HOST',
    parse: text,
  },
  port: {
    doc: 'TCP port.',
    default: 8443,
    env: 'RSPSIM_PORT',
    parse: wholeNumber,
  },
  address: {
    doc: 'The SM-DP+ address eUICCs are given (FQDN[:port]); defaults to localhost:<port>.',
    default: 'localhost:8443',
    env: 'RSPSIM_ADDRESS',
    parse: text,
  },
  pkiDir: {
    doc: 'PKI folder laid out as certs/sgp26 (SGP.26 file names).',
    default: `${root}certs/sgp26`,
    env: 'RSPSIM_PKI_DIR',
    parse: text,
  },
  catalogue: {
    doc: 'Profile catalogue (JSON).',
    default: `${root}fixtures/profiles/catalogue.json`,
    env: 'RSPSIM_CATALOGUE',
    parse: text,
  },
  sessionTtlSeconds: {
    doc: 'Seconds an RSP session lives.',
    default: 600,
    env: 'RSPSIM_SESSION_TTL',
    parse: wholeNumber,
  },
  maxPendingSessions: {
    doc: 'Sessions not yet authenticated (initiateAuthentication done, authenticateClient not) the server keeps at most; past it initiateAuthentication is refused until some end or expire. 0: no bound.',
    default: 10_000,
    env: 'RSPSIM_MAX_PENDING_SESSIONS',
    parse: wholeNumber,
  },
  confirmationCodeMaxAttempts: {
    doc: 'Wrong Confirmation Codes accepted per session before it ends.',
    default: 3,
    env: 'RSPSIM_CC_MAX_ATTEMPTS',
    parse: wholeNumber,
  },
  logLevel: {
    doc: 'pino log level.',
    default: 'info',
    env: 'RSPSIM_LOG_LEVEL',
    parse: text,
  },
  adminToken: {
    doc: 'Bearer token of the admin API (/admin/...); a random one is made at start when empty.',
    default: '',
    env: 'RSPSIM_ADMIN_TOKEN',
    parse: text,
  },
  traceSessions: {
    doc: 'How many sessions the trace keeps (0: no trace).',
    default: 200,
    env: 'RSPSIM_TRACE_SESSIONS',
    parse: wholeNumber,
  },
  traceExchangesPerSession: {
    doc: 'Exchanges the trace keeps per session (a download has 4 or 5; later ones are only counted).',
    default: 16,
    env: 'RSPSIM_TRACE_EXCHANGES',
    parse: wholeNumber,
  },
  traceBodyBytes: {
    doc: 'Request bodies larger than this (bytes) are traced as size, SHA-256 and their first characters.',
    default: 16 * 1024,
    env: 'RSPSIM_TRACE_BODY_BYTES',
    parse: wholeNumber,
  },
  scenarios: {
    doc: 'Test-lab scenarios to load at start: JSON files (arrays) or folders of them, comma-separated; or empty.',
    default: '',
    env: 'RSPSIM_SCENARIOS',
    parse: text,
  },
  createScenarioOrders: {
    doc: 'Create, at start, the order each loaded scenario names that the store lacks (a reusable copy of DEMO with its own ICCID), so the entries run without ES2+ orders; off: such matchingIds stay free for ES2+.',
    default: false,
    env: 'RSPSIM_CREATE_SCENARIO_ORDERS',
    parse: yesNo,
  },
  store: {
    doc: 'Where sessions and profiles live: `sqlite:<file>` (the default, data/rspsim.db: state survives restarts and several processes on one machine may share it), `postgres://...` (several machines), or `memory`.',
    default: `sqlite:${root}data/rspsim.db`,
    env: 'RSPSIM_STORE',
    parse: text,
  },
  operatorCallbackUrl: {
    doc: "The operator's ES2+ function provider, for HandleDownloadProgressInfo (empty: no callbacks).",
    default: '',
    env: 'RSPSIM_OPERATOR_CALLBACK_URL',
    parse: text,
  },
  operatorCa: {
    doc: "PEM files (comma-separated) of the CAs or certificates an operator's TLS client certificate must chain to for ES2+ (SGP.22 mutual TLS); empty: no client certificates asked for, ES2+ by bearer token only.",
    default: '',
    env: 'RSPSIM_OPERATOR_CA',
    parse: text,
  },
  workers: {
    doc: 'Processes serving one port (node:cluster); more than one needs a shared store (not `memory`).',
    default: 1,
    env: 'RSPSIM_WORKERS',
    parse: wholeNumber,
  },
  headersTimeoutMs: {
    doc: "Time a client has to send a request's headers (ms; 0: no limit). See http/connection-limits.ts.",
    default: 30_000,
    env: 'RSPSIM_HEADERS_TIMEOUT_MS',
    parse: wholeNumber,
  },
  requestTimeoutMs: {
    doc: 'Time a client has to send a whole request, body included (ms; 0: no limit).',
    default: 60_000,
    env: 'RSPSIM_REQUEST_TIMEOUT_MS',
    parse: wholeNumber,
  },
  keepAliveTimeoutMs: {
    doc: 'A kept-alive connection idle this long is closed (ms).',
    default: 30_000,
    env: 'RSPSIM_KEEP_ALIVE_TIMEOUT_MS',
    parse: wholeNumber,
  },
  maxConnectionsPerAddress: {
    doc: 'Open connections from one remote address (per worker); further ones are closed at once (0: no limit).',
    default: 100,
    env: 'RSPSIM_MAX_CONNECTIONS_PER_ADDRESS',
    parse: wholeNumber,
  },
  maxConnections: {
    doc: 'Open connections in all (per worker; 0: no limit).',
    default: 2000,
    env: 'RSPSIM_MAX_CONNECTIONS',
    parse: wholeNumber,
  },
  tlsMaxVersion: {
    doc: 'Highest TLS version offered: `1.2` (SGP.22 2.6.6), or `1.3` to offer TLS 1.3 as well.',
    default: '1.2',
    env: 'RSPSIM_TLS_MAX_VERSION',
    parse: oneOf(TLS_MAX_VERSIONS),
  },
  tlsCipherSuites: {
    doc: "`sgp22`: only the SGP.22 2.6.6 suites and curves; `wide`: Node's defaults, for LPA tests that need them.",
    default: 'sgp22',
    env: 'RSPSIM_TLS_CIPHER_SUITES',
    parse: oneOf(TLS_CIPHER_SUITE_SETS),
  },
} satisfies SettingsTable;

export type SmdpServerConfig = ConfigOf<typeof SMDP_SETTINGS>;

export const DEFAULT_CONFIG: SmdpServerConfig = defaultsOf(SMDP_SETTINGS);

export { ConfigError };

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
      merged[key] = parseSetting(SMDP_SETTINGS, key, value);
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
  apply(fromEnv(SMDP_SETTINGS, env));
  apply(options.flags ?? {});
  // The address follows the port unless set on its own.
  if (!explicit.has('address')) merged.address = `localhost:${merged.port}`;
  return merged as unknown as SmdpServerConfig;
}
