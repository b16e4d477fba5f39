/** SM-DS configuration: defaults, then RSPSIM_SMDS_* environment variables, then CLI flags. */
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../smdp/config.ts';

export interface SmdsServerConfig {
  readonly host: string;
  readonly port: number;
  /** The SM-DS address (FQDN[:port]) eUICCs are configured with; defaults to localhost:<port>. */
  readonly address: string;
  readonly pkiDir: string;
  /** `sqlite:<file>`, `postgres://...` or `memory`: Event Records and ES11 sessions. */
  readonly store: string;
  readonly sessionTtlSeconds: number;
  /** ES11 sessions not yet authenticated kept at most (a flood of initiateAuthentication is bounded). */
  readonly maxPendingSessions: number;
  readonly logLevel: string;
  readonly adminToken: string;
  /** The root SM-DS to forward events to (this one is then an alternative SM-DS); empty for a root SM-DS. */
  readonly rootSmds: string;
  /** Test-lab scenarios for ES11 (the SM-DP+'s scenario files; functions initiateAuthentication, authenticateClient). */
  readonly scenarios: string;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

export const DEFAULT_SMDS_CONFIG: SmdsServerConfig = {
  host: '127.0.0.1',
  port: 8444,
  address: 'localhost:8444',
  pkiDir: `${root}certs/sgp26`,
  store: `sqlite:${root}data/rspsim-smds.db`,
  sessionTtlSeconds: 600,
  maxPendingSessions: 10_000,
  logLevel: 'info',
  adminToken: '',
  rootSmds: '',
  scenarios: '',
};

const ENV: Record<string, keyof SmdsServerConfig> = {
  RSPSIM_SMDS_HOST: 'host',
  RSPSIM_SMDS_PORT: 'port',
  RSPSIM_SMDS_ADDRESS: 'address',
  RSPSIM_PKI_DIR: 'pkiDir',
  RSPSIM_SMDS_STORE: 'store',
  RSPSIM_LOG_LEVEL: 'logLevel',
  RSPSIM_MAX_PENDING_SESSIONS: 'maxPendingSessions',
  RSPSIM_SMDS_ADMIN_TOKEN: 'adminToken',
  RSPSIM_SMDS_ROOT: 'rootSmds',
  RSPSIM_SMDS_SCENARIOS: 'scenarios',
};

const NUMERIC = new Set<keyof SmdsServerConfig>(['port', 'sessionTtlSeconds', 'maxPendingSessions']);

export function resolveSmdsConfig(
  options: { env?: NodeJS.ProcessEnv; flags?: Partial<Record<keyof SmdsServerConfig, unknown>> } = {},
): SmdsServerConfig {
  const merged: Record<string, unknown> = { ...DEFAULT_SMDS_CONFIG };
  let addressGiven = false;
  const apply = (source: Partial<Record<string, unknown>>) => {
    for (const [key, value] of Object.entries(source)) {
      if (value === undefined) continue;
      if (!(key in DEFAULT_SMDS_CONFIG)) throw new ConfigError(`unknown setting ${key}`);
      if (NUMERIC.has(key as keyof SmdsServerConfig)) {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0)
          throw new ConfigError(`${key} must be a whole number, not ${String(value)}`);
        merged[key] = n;
      } else merged[key] = String(value);
      if (key === 'address') addressGiven = true;
    }
  };
  const env = options.env ?? {};
  apply(Object.fromEntries(Object.entries(ENV).map(([name, key]) => [key, env[name]])));
  apply(options.flags ?? {});
  if (!addressGiven) merged.address = `localhost:${merged.port}`;
  return merged as unknown as SmdsServerConfig;
}
