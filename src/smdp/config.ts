/**
 * SM-DP+ configuration: defaults, then a JSON config file, then environment (RSPSIM_*), then CLI flags.
 */
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  ConfigError,
  type ConfigOf,
  defaultsOf,
  resolveSettings,
  type SettingSources,
  type SettingsTable,
  text,
  wholeNumber,
  yesNo,
} from '../config/settings.ts';
import { balancerAddresses } from '../rsp-server/http/client-address.ts';
import { connectionSettings } from '../rsp-server/http/connection-settings.ts';
import { PENDING_SESSION_SETTINGS } from '../rsp-server/session-admission.ts';

/** Comma-separated IP addresses, each checked. */
function ipAddressList(value: unknown, key: string): string {
  const addresses = balancerAddresses(String(value));
  const wrong = addresses.find((address) => isIP(address) === 0);
  if (wrong !== undefined) throw new ConfigError(`${key} lists ${wrong}, which is not an IP address`);
  return addresses.join(',');
}

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Every SM-DP+ setting, declared once. */
export const SMDP_SETTINGS = {
  host: {
    doc: 'Interface to listen on.',
    default: '127.0.0.1',
    flag: { name: '--host <host>', help: 'interface to listen on' },
    env: 'RSPSIM_HOST',
    parse: text,
  },
  port: {
    doc: 'TCP port.',
    default: 8443,
    flag: { name: '--port <port>', help: 'TCP port' },
    env: 'RSPSIM_PORT',
    parse: wholeNumber,
  },
  address: {
    doc: 'The SM-DP+ address eUICCs are given (FQDN[:port]): what activation codes name.',
    default: 'localhost:8443',
    flag: { name: '--address <fqdn[:port]>', help: 'SM-DP+ address given to eUICCs (activation codes)' },
    shownDefault: '`localhost:<port>`',
    env: 'RSPSIM_ADDRESS',
    parse: text,
  },
  pkiDir: {
    doc: 'PKI folder laid out as certs/sgp26 (SGP.26 file names).',
    default: `${root}certs/sgp26`,
    flag: { name: '--pki <dir>', help: 'PKI folder in the SGP.26 layout (see `rspsim pki generate`)' },
    shownDefault: '`certs/sgp26`',
    env: 'RSPSIM_PKI_DIR',
    parse: text,
  },
  catalogue: {
    doc: 'Profile catalogue (JSON).',
    default: `${root}fixtures/profiles/catalogue.json`,
    flag: { name: '--catalogue <file>', help: 'profile catalogue (JSON)' },
    shownDefault: '`fixtures/profiles/catalogue.json`',
    env: 'RSPSIM_CATALOGUE',
    parse: text,
  },
  sessionTtlSeconds: {
    doc: 'Seconds an RSP session lives; expired sessions are purged from the store at start and every minute.',
    default: 600,
    env: 'RSPSIM_SESSION_TTL',
    parse: wholeNumber,
  },
  maxPendingSessions: {
    doc: 'Sessions not yet authenticated (initiateAuthentication done, authenticateClient not) the server keeps at most, from all sources (0: no bound); past it the oldest pending session of the source holding the most ends, and a source that itself holds the most gets 1.2 / 4.2 Execution Error.',
    default: 10_000,
    env: 'RSPSIM_MAX_PENDING_SESSIONS',
    parse: wholeNumber,
  },
  ...PENDING_SESSION_SETTINGS,
  confirmationCodeMaxAttempts: {
    doc: 'Wrong Confirmation Codes accepted per session before it ends.',
    default: 3,
    env: 'RSPSIM_CC_MAX_ATTEMPTS',
    parse: wholeNumber,
  },
  logLevel: {
    doc: 'pino log level; the log is pino JSON lines on stdout, shown as `time LEVEL message key=value` when stdout is a terminal.',
    default: 'info',
    flag: { name: '--log-level <level>', help: 'pino log level' },
    env: 'RSPSIM_LOG_LEVEL',
    parse: text,
  },
  adminToken: {
    doc: 'Bearer token of the admin API (/admin/...) and ES2+.',
    default: '',
    flag: {
      name: '--admin-token <token>',
      help: 'bearer token of the admin API and ES2+ (default: a random one)',
    },
    shownDefault: 'random, printed at start',
    env: 'RSPSIM_ADMIN_TOKEN',
    secret: true,
    parse: text,
  },
  traceSessions: {
    doc: 'How many sessions the trace keeps (0: no trace).',
    default: 200,
    env: 'RSPSIM_TRACE_SESSIONS',
    parse: wholeNumber,
  },
  traceExchangesPerSession: {
    doc: 'Exchanges the trace keeps per session (a download has 4 or 5); later exchanges of a session are counted, not kept.',
    default: 16,
    env: 'RSPSIM_TRACE_EXCHANGES',
    parse: wholeNumber,
  },
  traceBodyBytes: {
    doc: 'A request body larger than this (bytes) is traced as its size, SHA-256 and first 512 characters.',
    default: 16 * 1024,
    env: 'RSPSIM_TRACE_BODY_BYTES',
    parse: wholeNumber,
  },
  scenarios: {
    doc: 'Test-lab scenarios to load at start: JSON files (arrays) or folders of them, comma-separated.',
    default: '',
    flag: {
      name: '--scenarios <files>',
      help: 'test-lab scenario files or folders, comma-separated (JSON arrays)',
    },
    env: 'RSPSIM_SCENARIOS',
    parse: text,
  },
  createScenarioOrders: {
    doc: 'Create, at start, the order each loaded scenario names that the store lacks (a reusable copy of DEMO with its own ICCID), so the entries run without ES2+ orders; off: such matchingIds stay free for ES2+.',
    default: false,
    flag: {
      name: '--create-scenario-orders',
      help: 'create the orders the scenarios name that the store lacks (copies of DEMO); off: ES2+ places them',
    },
    env: 'RSPSIM_CREATE_SCENARIO_ORDERS',
    parse: yesNo,
  },
  store: {
    doc: 'Where sessions and profiles live: `sqlite:<file>` in SQLite, created on first start, kept across restarts, shared by the processes of one machine; `postgres://user@host/db[?schema=name]` in PostgreSQL, for several instances behaving as one SM-DP+; `memory` for nothing kept.',
    default: `sqlite:${root}data/rspsim.db`,
    flag: {
      name: '--store <store>',
      help: 'sqlite:<file> | postgres://... | memory (sessions and profiles)',
    },
    shownDefault: '`sqlite:data/rspsim.db`',
    env: 'RSPSIM_STORE',
    parse: text,
  },
  operatorCallbackUrl: {
    doc: "The operator's ES2+ base URL for HandleDownloadProgressInfo (empty: no callbacks).",
    default: '',
    flag: {
      name: '--operator-callback-url <url>',
      help: "the operator's ES2+ URL for HandleDownloadProgressInfo",
    },
    env: 'RSPSIM_OPERATOR_CALLBACK_URL',
    parse: text,
  },
  operatorCa: {
    doc: "PEM files (comma-separated) of the CAs/certificates an operator's TLS client certificate must chain to on ES2+ (SGP.22 mutual TLS); set, the ES9+ port asks every client for a certificate and requires none, and an `es2Port` requires one; empty: ES2+ by bearer token only.",
    default: '',
    flag: {
      name: '--operator-ca <files>',
      help: 'PEM CAs/certificates trusted for ES2+ TLS client certificates',
    },
    env: 'RSPSIM_OPERATOR_CA',
    parse: text,
  },
  es2Port: {
    doc: 'TCP port of a dedicated ES2+ and admin listener (0: none). Its TLS requires a client certificate chaining to `operatorCa` (a missing or untrusted one ends the handshake), as operators deploy ES2+; ES2+ and the admin API and page are then served only there, and the ES9+ port answers them 404. 0: ES2+ and admin share the ES9+ port (the lab convenience: a client certificate is asked for, not required).',
    default: 0,
    flag: {
      name: '--es2-port <port>',
      help: 'dedicated ES2+ and admin port with mutual TLS (needs --operator-ca); 0: on the ES9+ port',
    },
    env: 'RSPSIM_ES2_PORT',
    parse: wholeNumber,
  },
  workers: {
    doc: 'Worker processes on one port (node:cluster) sharing the store: more than one needs SQLite or PostgreSQL.',
    default: 1,
    flag: { name: '--workers <n>', help: 'worker processes sharing the port and the store (default 1)' },
    env: 'RSPSIM_WORKERS',
    parse: wholeNumber,
  },
  proxyProtocolFrom: {
    doc: 'IP addresses (comma-separated) of TCP load balancers that begin each connection with a PROXY protocol v1 or v2 header (HAProxy `send-proxy-v2`): for their connections the client address is the one the header names, so per-address limits apply to the real client; a connection from them without a valid header is closed. Empty: every client is its TCP peer.',
    default: '',
    flag: {
      name: '--proxy-protocol-from <addresses>',
      help: 'load balancers (IP addresses) whose connections carry a PROXY protocol header',
    },
    env: 'RSPSIM_PROXY_PROTOCOL_FROM',
    parse: ipAddressList,
  },
  ...connectionSettings('RSPSIM_'),
} satisfies SettingsTable;

export type SmdpServerConfig = ConfigOf<typeof SMDP_SETTINGS>;

export const DEFAULT_CONFIG: SmdpServerConfig = defaultsOf(SMDP_SETTINGS);

export { ConfigError };

export function resolveConfig(options: SettingSources<typeof SMDP_SETTINGS> = {}): SmdpServerConfig {
  const { config, given } = resolveSettings(SMDP_SETTINGS, options);
  checkEs2Port(config);
  // The address follows the port unless set on its own.
  return given.has('address') ? config : { ...config, address: `localhost:${config.port}` };
}

/** A dedicated ES2+ listener authenticates operators by certificate only: it needs their CAs and a port of its own. */
export function checkEs2Port(config: Pick<SmdpServerConfig, 'es2Port' | 'port' | 'operatorCa'>): void {
  if (config.es2Port === 0) return;
  if (config.es2Port > 65535) throw new ConfigError(`es2Port ${config.es2Port} is not a TCP port`);
  if (config.operatorCa.trim() === '')
    throw new ConfigError(
      'es2Port needs operatorCa: its TLS requires a client certificate under one of those CAs',
    );
  if (config.es2Port === config.port)
    throw new ConfigError(`es2Port must differ from port (both ${config.port})`);
}
