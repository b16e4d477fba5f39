/** `rspsim smdp start`: the SM-DP+ with its bundled test PKI and demo profiles, or your own. */
import { relative } from 'node:path';
import type { Command } from 'commander';
import { startCluster, startWorker, workerConfig } from '../smdp/cluster.ts';
import { resolveConfig, SMDP_SETTINGS } from '../smdp/config.ts';
import { startSmdp } from '../smdp/start.ts';
import { closeOnSignals } from './server-signals.ts';
import { addSettingOptions } from './setting-options.ts';

/**
 * The commands a newcomer runs next: the demo profile's activation code in single quotes (the shell would
 * take `$…` in double quotes for variables), with the command as this process was started.
 */
function firstDownload(address: string): string {
  const script = process.argv[1] ?? '';
  const shortest = relative(process.cwd(), script).startsWith('..')
    ? script
    : relative(process.cwd(), script);
  const rspsim = script.endsWith('rspsim.mjs') ? `node ${shortest}` : 'rspsim';
  return (
    `  ${rspsim} euicc create -f my-euicc.json\n` +
    `  ${rspsim} profile download -e my-euicc.json -a 'LPA:1$${address}$DEMO'\n`
  );
}

export function registerSmdpCommands(program: Command): Command {
  const smdp = program.command('smdp').description('the SM-DP+ server (ES9+ over HTTPS)');
  const start = smdp
    .command('start')
    .description(
      'start the SM-DP+ (defaults: https://localhost:8443, certs/sgp26, fixtures/profiles/catalogue.json)',
    )
    .option('-c, --config <file>', 'JSON configuration file');
  const flagsOf = addSettingOptions(start, SMDP_SETTINGS);
  start.action(async (options: Record<string, string | undefined>) => {
    const flags = flagsOf(options);
    // A cluster worker runs what its primary resolved; the primary prints what the user needs.
    const inWorker = workerConfig();
    const config = inWorker ?? resolveConfig({ file: options.config, env: process.env, flags });
    const running =
      inWorker !== undefined
        ? await startWorker(inWorker)
        : config.workers > 1
          ? await startCluster(config, config.workers)
          : await startSmdp(config);
    if (inWorker) return;
    process.stderr.write(
      `SM-DP+ ready on ${running.url} (address ${running.address})` +
        (config.workers > 1 ? `, ${config.workers} workers` : '') +
        (running.es2Url ? `; ES2+ and admin on ${running.es2Url} (TLS client certificate required)` : '') +
        `. Try, in another terminal:\n${firstDownload(running.address)}` +
        (config.adminToken
          ? ''
          : `admin token: ${running.adminToken} (the admin page asks for it; for the session, scenario and ` +
            `order commands: export RSPSIM_ADMIN_TOKEN=${running.adminToken})\n`),
    );
    // Memory measurements (npm run bench): with node --expose-gc, SIGUSR2 runs a full garbage collection.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) process.on('SIGUSR2', () => gc());
    closeOnSignals(running);
  });
  return smdp;
}
