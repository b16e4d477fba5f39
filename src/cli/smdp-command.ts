/** `rspsim smdp start`: the SM-DP+ with its bundled test PKI and demo profiles, or your own. */
import type { Command } from 'commander';
import { startCluster, startWorker, workerConfig } from '../smdp/cluster.ts';
import { resolveConfig, SMDP_SETTINGS } from '../smdp/config.ts';
import { startSmdp } from '../smdp/start.ts';
import { closeOnSignals } from './server-signals.ts';
import { addSettingOptions } from './setting-options.ts';

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
        `. Try: LPA:1$${running.address}$DEMO\n` +
        (config.adminToken ? '' : `admin token (rspsim session ... --token): ${running.adminToken}\n`),
    );
    // Memory measurements (npm run bench): with node --expose-gc, SIGUSR2 runs a full garbage collection.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) process.on('SIGUSR2', () => gc());
    closeOnSignals(running);
  });
  return smdp;
}
