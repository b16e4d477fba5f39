/** `rspsim smds start`: the SM-DS (ES11 for LPAs, ES12 for SM-DP+s) with its certificates from the CI. */
import type { Command } from 'commander';
import { resolveSmdsConfig, type SmdsServerConfig } from '../smds/config.ts';
import type { EventRecord } from '../smds/event-store.ts';
import { startSmds } from '../smds/start.ts';
import { type AdminOptions, adminCall, withAdmin } from './admin-client.ts';
import { printResult } from './output.ts';

export function registerSmdsCommands(program: Command): Command {
  const smds = program.command('smds').description('the SM-DS server (ES11 and ES12 over HTTPS)');
  smds
    .command('start')
    .description('start the SM-DS (defaults: https://localhost:8444, certs/sgp26, DSauth issued from the CI)')
    .option('--host <host>', 'interface to listen on')
    .option('--port <port>', 'TCP port')
    .option('--address <fqdn[:port]>', 'SM-DS address eUICCs are configured with (euicc create --smds)')
    .option('--pki <dir>', 'PKI folder in the SGP.26 layout (see `rspsim pki generate`)')
    .option('--store <store>', 'sqlite:<file> | postgres://... | memory (event records and sessions)')
    .option(
      '--root-smds <address>',
      'forward events to this root SM-DS (this one is then an alternative SM-DS)',
    )
    .option('--scenarios <files>', 'test-lab scenario files or folders for ES11, comma-separated')
    .option('--admin-token <token>', 'bearer token of GET /admin/events (default: a random one)')
    .option('--log-level <level>', 'pino log level')
    .action(async (options: Record<string, string | undefined>) => {
      const flags: Partial<Record<keyof SmdsServerConfig, unknown>> = {
        host: options.host,
        port: options.port,
        address: options.address,
        pkiDir: options.pki,
        store: options.store,
        rootSmds: options.rootSmds,
        scenarios: options.scenarios,
        adminToken: options.adminToken,
        logLevel: options.logLevel,
      };
      const config = resolveSmdsConfig({ env: process.env, flags });
      const running = await startSmds(config);
      process.stderr.write(
        `SM-DS ready on ${running.url} (address ${running.address})` +
          (config.rootSmds ? `, alternative SM-DS of ${config.rootSmds}` : '') +
          `. Try: rspsim euicc create -f e.json --smds ${running.address}\n` +
          (config.adminToken ? '' : `admin token (GET /admin/events): ${running.adminToken}\n`),
      );
      const stop = () => {
        void running.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  // The SM-DS's admin API: the same client as the SM-DP+'s, another default URL.
  withAdmin(smds.command('events'))
    .description('the event records the SM-DS holds (GET /admin/events; --url https://localhost:8444)')
    .action(async (options: AdminOptions) => {
      const { events } = await adminCall(options, '/admin/events');
      printResult(options, events, () =>
        events.length === 0
          ? 'no events'
          : events
              .map(
                (e: EventRecord) =>
                  `${e.eid}  ${e.eventId}  at ${e.rspServerAddress}${e.forwardedTo ? ` (also at ${e.forwardedTo})` : ''}`,
              )
              .join('\n'),
      );
    });
  return smds;
}
