/** `rspsim smds start`: the SM-DS (ES11 for LPAs, ES12 for SM-DP+s) with its certificates from the CI. */
import type { Command } from 'commander';
import { resolveSmdsConfig, SMDS_SETTINGS } from '../smds/config.ts';
import type { EventRecord } from '../smds/event-store.ts';
import { startSmds } from '../smds/start.ts';
import { type AdminOptions, adminCall, withAdmin } from './admin-client.ts';
import { printList } from './output.ts';
import { closeOnSignals } from './server-signals.ts';
import { addSettingOptions } from './setting-options.ts';

export function registerSmdsCommands(program: Command): Command {
  const smds = program.command('smds').description('the SM-DS server (ES11 and ES12 over HTTPS)');
  const start = smds
    .command('start')
    .description(
      'start the SM-DS (defaults: https://localhost:8444, certs/sgp26, DSauth issued from the CI)',
    );
  const flagsOf = addSettingOptions(start, SMDS_SETTINGS);
  start.action(async (options: Record<string, string | undefined>) => {
    const flags = flagsOf(options);
    const config = resolveSmdsConfig({ env: process.env, flags });
    const running = await startSmds(config);
    process.stderr.write(
      `SM-DS ready on ${running.url} (address ${running.address})` +
        (config.rootSmds ? `, alternative SM-DS of ${config.rootSmds}` : '') +
        `. Try: rspsim euicc create -f e.json --smds ${running.address}\n` +
        (config.adminToken ? '' : `admin token (GET /admin/events): ${running.adminToken}\n`),
    );
    closeOnSignals(running);
  });
  // The SM-DS's admin API: the same client as the SM-DP+'s, another default URL.
  withAdmin(smds.command('events'))
    .description('the event records the SM-DS holds (GET /admin/events; --url https://localhost:8444)')
    .action(async (options: AdminOptions) => {
      const { events } = await adminCall<{ events: EventRecord[] }>(options, '/admin/events');
      printList(
        options,
        events,
        'no events',
        (e: EventRecord) =>
          `${e.eid}  ${e.eventId}  at ${e.rspServerAddress}${e.forwardedTo ? ` (also at ${e.forwardedTo})` : ''}`,
      );
    });
  return smds;
}
