/** SM-DS configuration: defaults, then environment variables, then CLI flags. */
import { fileURLToPath } from 'node:url';
import {
  type ConfigOf,
  resolveSettings,
  type SettingSources,
  type SettingsTable,
  text,
  wholeNumber,
} from '../config/settings.ts';
import { connectionSettings } from '../rsp-server/http/connection-settings.ts';
import { PENDING_SESSION_SETTINGS } from '../rsp-server/session-admission.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Every SM-DS setting, declared once. The PKI folder, log level and bound on pending sessions read the same
 * environment variables as the SM-DP+'s, so one environment sets both servers.
 */
export const SMDS_SETTINGS = {
  host: {
    doc: 'Interface to listen on.',
    default: '127.0.0.1',
    flag: { name: '--host <host>', help: 'interface to listen on' },
    env: 'RSPSIM_SMDS_HOST',
    parse: text,
  },
  port: {
    doc: 'TCP port.',
    default: 8444,
    flag: { name: '--port <port>', help: 'TCP port' },
    env: 'RSPSIM_SMDS_PORT',
    parse: wholeNumber,
  },
  address: {
    doc: 'The SM-DS address (FQDN[:port]) eUICCs are configured with (`euicc create --smds`).',
    default: 'localhost:8444',
    flag: {
      name: '--address <fqdn[:port]>',
      help: 'SM-DS address eUICCs are configured with (euicc create --smds)',
    },
    shownDefault: '`localhost:<port>`',
    env: 'RSPSIM_SMDS_ADDRESS',
    parse: text,
  },
  pkiDir: {
    doc: 'PKI folder laid out as certs/sgp26 (SGP.26 file names); CERT.DSauth and the DS TLS certificate are issued from its CI at start unless it holds DSauth/DStls files.',
    default: `${root}certs/sgp26`,
    flag: { name: '--pki <dir>', help: 'PKI folder in the SGP.26 layout (see `rspsim pki generate`)' },
    shownDefault: '`certs/sgp26`',
    env: 'RSPSIM_PKI_DIR',
    parse: text,
  },
  store: {
    doc: 'Where Event Records and ES11 sessions live: `sqlite:<file>`, `postgres://...` or `memory`.',
    default: `sqlite:${root}data/rspsim-smds.db`,
    flag: {
      name: '--store <store>',
      help: 'sqlite:<file> | postgres://... | memory (event records and sessions)',
    },
    shownDefault: '`sqlite:data/rspsim-smds.db`',
    env: 'RSPSIM_SMDS_STORE',
    parse: text,
  },
  sessionTtlSeconds: {
    doc: 'Seconds an ES11 session lives.',
    default: 600,
    parse: wholeNumber,
  },
  maxPendingSessions: {
    doc: 'ES11 sessions not yet authenticated kept at most, from all sources, so a flood of initiateAuthentication is bounded (past it as the SM-DP+).',
    default: 10_000,
    env: 'RSPSIM_MAX_PENDING_SESSIONS',
    parse: wholeNumber,
  },
  ...PENDING_SESSION_SETTINGS,
  // Its own TLS and connection values (RSPSIM_SMDS_MAX_CONNECTIONS …), the SM-DP+'s defaults.
  ...connectionSettings('RSPSIM_SMDS_'),
  logLevel: {
    doc: 'pino log level.',
    default: 'info',
    flag: { name: '--log-level <level>', help: 'pino log level' },
    env: 'RSPSIM_LOG_LEVEL',
    parse: text,
  },
  adminToken: {
    doc: 'Bearer token of the admin API (GET /admin/events, scenarios).',
    default: '',
    flag: {
      name: '--admin-token <token>',
      help: 'bearer token of GET /admin/events (default: a random one)',
    },
    shownDefault: 'random, printed at start',
    env: 'RSPSIM_SMDS_ADMIN_TOKEN',
    secret: true,
    parse: text,
  },
  rootSmds: {
    doc: 'The root SM-DS to forward events to (this one is then an alternative SM-DS); empty for a root SM-DS.',
    default: '',
    flag: {
      name: '--root-smds <address>',
      help: 'forward events to this root SM-DS (this one is then an alternative SM-DS)',
    },
    env: 'RSPSIM_SMDS_ROOT',
    parse: text,
  },
  scenarios: {
    doc: "Test-lab scenarios for ES11 and ES12 (the SM-DP+'s scenario files), comma-separated files or folders.",
    default: '',
    flag: {
      name: '--scenarios <files>',
      help: 'test-lab scenario files or folders for ES11, comma-separated',
    },
    env: 'RSPSIM_SMDS_SCENARIOS',
    parse: text,
  },
} satisfies SettingsTable;

export type SmdsServerConfig = ConfigOf<typeof SMDS_SETTINGS>;

export function resolveSmdsConfig(
  options: Omit<SettingSources<typeof SMDS_SETTINGS>, 'file'> = {},
): SmdsServerConfig {
  const { config, given } = resolveSettings(SMDS_SETTINGS, options);
  // The address follows the port unless set on its own.
  return given.has('address') ? config : { ...config, address: `localhost:${config.port}` };
}
