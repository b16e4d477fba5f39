import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addSettingOptions } from '../../src/cli/setting-options.ts';
import type { SettingsTable } from '../../src/config/settings.ts';
import { resolveEimConfig } from '../../src/eim/config.ts';
import { connectionSettings } from '../../src/rsp-server/http/connection-settings.ts';
import { resolveConfig, SMDP_SETTINGS } from '../../src/smdp/config.ts';
import { resolveSmdsConfig, SMDS_SETTINGS } from '../../src/smds/config.ts';

/** Parses argv as `<server> start` would and returns the flags by setting name. */
function flagsFrom<S extends SettingsTable>(table: S, argv: string[]) {
  const command = new Command('start').exitOverride();
  const flagsOf = addSettingOptions(command, table);
  command.parse(argv, { from: 'user' });
  return { flags: flagsOf(command.opts()), names: command.options.map((o) => o.long) };
}

describe('command-line options registered from the settings tables', () => {
  it('smdp start keeps its flag names, each setting the setting it always did', () => {
    const { flags, names } = flagsFrom(SMDP_SETTINGS, [
      ...['--host', '0.0.0.0', '--port', '9443', '--address', 'smdp.test:9443', '--pki', '/pki'],
      ...['--catalogue', 'c.json', '--store', 'memory', '--scenarios', 'a,b', '--create-scenario-orders'],
      ...['--admin-token', 't', '--operator-callback-url', 'https://op.test', '--operator-ca', 'ca.pem'],
      ...['--workers', '2', '--log-level', 'debug', '--proxy-protocol-from', '192.0.2.10, 2001:db8::1'],
      ...['--es2-port', '9444'],
    ]);
    expect(names.sort()).toEqual(
      [
        '--host',
        '--port',
        '--address',
        '--pki',
        '--catalogue',
        '--store',
        '--scenarios',
        '--create-scenario-orders',
        '--admin-token',
        '--admin-token-file',
        '--operator-callback-url',
        '--operator-ca',
        '--es2-port',
        '--workers',
        '--log-level',
        '--proxy-protocol-from',
      ].sort(),
    );
    expect(resolveConfig({ flags })).toMatchObject({
      host: '0.0.0.0',
      port: 9443,
      address: 'smdp.test:9443',
      pkiDir: '/pki',
      catalogue: 'c.json',
      store: 'memory',
      scenarios: 'a,b',
      createScenarioOrders: true,
      adminToken: 't',
      operatorCallbackUrl: 'https://op.test',
      operatorCa: 'ca.pem',
      es2Port: 9444,
      workers: 2,
      logLevel: 'debug',
      proxyProtocolFrom: '192.0.2.10,2001:db8::1',
    });
  });

  it('a flag not given leaves the environment and the defaults in force', () => {
    const { flags } = flagsFrom(SMDP_SETTINGS, ['--port', '9444']);
    const config = resolveConfig({ flags, env: { RSPSIM_PKI_DIR: '/env-pki' } });
    expect(config).toMatchObject({ port: 9444, address: 'localhost:9444', pkiDir: '/env-pki' });
    expect(config.createScenarioOrders).toBe(false);
  });

  it('smds start keeps its flag names, each setting the setting it always did', () => {
    const { flags, names } = flagsFrom(SMDS_SETTINGS, [
      ...['--host', '0.0.0.0', '--port', '9445', '--address', 'smds.test', '--pki', '/pki'],
      ...['--store', 'memory', '--root-smds', 'root.test', '--scenarios', 's', '--admin-token', 't'],
      ...['--log-level', 'warn'],
    ]);
    expect(names.sort()).toEqual(
      [
        '--host',
        '--port',
        '--address',
        '--pki',
        '--store',
        '--root-smds',
        '--scenarios',
        '--admin-token',
        '--admin-token-file',
        '--log-level',
      ].sort(),
    );
    expect(resolveSmdsConfig({ flags })).toEqual({
      host: '0.0.0.0',
      port: 9445,
      address: 'smds.test',
      pkiDir: '/pki',
      store: 'memory',
      sessionTtlSeconds: 600,
      maxPendingSessions: 10_000,
      maxPendingSessionsPerSource: 1000,
      pendingSessionTtlSeconds: 60,
      headersTimeoutMs: 30_000,
      requestTimeoutMs: 60_000,
      keepAliveTimeoutMs: 30_000,
      maxConnectionsPerAddress: 100,
      maxConnections: 2000,
      tlsMaxVersion: '1.2',
      tlsCipherSuites: 'sgp22',
      rootSmds: 'root.test',
      scenarios: 's',
      adminToken: 't',
      logLevel: 'warn',
    });
  });

  it('the SM-DS reads the environment names it shares with the SM-DP+ and its own', () => {
    const config = resolveSmdsConfig({
      env: {
        RSPSIM_PKI_DIR: '/shared-pki',
        RSPSIM_LOG_LEVEL: 'error',
        RSPSIM_MAX_PENDING_SESSIONS: '5',
        RSPSIM_SMDS_PORT: '9500',
        RSPSIM_SMDS_ROOT: 'root.test',
        RSPSIM_PORT: '1',
        RSPSIM_STORE: 'memory',
        // the SM-DP+'s connection settings are not the SM-DS's: it has its own names
        RSPSIM_MAX_CONNECTIONS: '7',
        RSPSIM_TLS_MAX_VERSION: '1.3',
        RSPSIM_SMDS_MAX_CONNECTIONS_PER_ADDRESS: '3',
      },
      flags: { logLevel: 'debug' },
    });
    expect(config).toMatchObject({
      pkiDir: '/shared-pki',
      logLevel: 'debug',
      maxPendingSessions: 5,
      port: 9500,
      address: 'localhost:9500',
      rootSmds: 'root.test',
      maxConnections: 2000,
      tlsMaxVersion: '1.2',
      maxConnectionsPerAddress: 3,
    });
    expect(config.store).toMatch(/^sqlite:.*rspsim-smds\.db$/);
    expect(() => resolveSmdsConfig({ flags: { port: 'x' } })).toThrow(/port must be a whole number/);
    expect(() => resolveSmdsConfig({ env: { RSPSIM_SMDS_TLS_MAX_VERSION: '1.1' } })).toThrow(/tlsMaxVersion/);
  });

  it("the eIM reads its own TLS and connection names (RSPSIM_EIM_…), not the SM-DP+'s", () => {
    // the defaults are the SM-DS's (and the SM-DP+'s): the same declaration
    const connectionNames = Object.keys(connectionSettings('RSPSIM_EIM_'));
    const connectionsOf = (config: Record<string, unknown>) =>
      Object.fromEntries(connectionNames.map((name) => [name, config[name]]));
    expect(connectionsOf(resolveEimConfig())).toEqual(connectionsOf(resolveSmdsConfig()));
    const config = resolveEimConfig({
      env: {
        RSPSIM_MAX_CONNECTIONS: '7',
        RSPSIM_TLS_MAX_VERSION: '1.3',
        RSPSIM_EIM_MAX_CONNECTIONS_PER_ADDRESS: '3',
        RSPSIM_EIM_TLS_CIPHER_SUITES: 'wide',
      },
    });
    expect(config).toMatchObject({
      maxConnections: 2000,
      tlsMaxVersion: '1.2',
      maxConnectionsPerAddress: 3,
      tlsCipherSuites: 'wide',
    });
    expect(() => resolveEimConfig({ env: { RSPSIM_EIM_TLS_MAX_VERSION: '1.1' } })).toThrow(/tlsMaxVersion/);
  });
});
