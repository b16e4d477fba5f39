/** `rspsim smdp start`: the SM-DP+ with its bundled test PKI and demo profiles, or your own. */
import type { Command } from 'commander';
import { startCluster, startWorker, workerConfig } from '../smdp/cluster.ts';
import { resolveConfig, type SmdpServerConfig } from '../smdp/config.ts';
import { startSmdp } from '../smdp/start.ts';

export function registerSmdpCommands(program: Command): Command {
  const smdp = program.command('smdp').description('the SM-DP+ server (ES9+ over HTTPS)');
  smdp
    .command('start')
    .description(
      'start the SM-DP+ (defaults: https://localhost:8443, certs/sgp26, fixtures/profiles/catalogue.json)',
    )
    .option('-c, --config <file>', 'JSON configuration file')
    .option('--host <host>', 'interface to listen on')
    .option('--port <port>', 'TCP port')
    .option('--address <fqdn[:port]>', 'SM-DP+ address given to eUICCs (activation codes)')
    .option('--pki <dir>', 'PKI folder in the SGP.26 layout (see `rspsim pki generate`)')
    .option('--catalogue <file>', 'profile catalogue (JSON)')
    .option('--store <store>', 'sqlite:<file> | postgres://... | memory (sessions and profiles)')
    .option('--scenarios <files>', 'test-lab scenario files or folders, comma-separated (JSON arrays)')
    .option(
      '--create-scenario-orders',
      'create the orders the scenarios name that the store lacks (copies of DEMO); off: ES2+ places them',
    )
    .option('--admin-token <token>', 'bearer token of the admin API and ES2+ (default: a random one)')
    .option('--operator-callback-url <url>', "the operator's ES2+ URL for HandleDownloadProgressInfo")
    .option('--operator-ca <files>', 'PEM CAs/certificates trusted for ES2+ TLS client certificates')
    .option('--workers <n>', 'worker processes sharing the port and the store (default 1)')
    .option('--log-level <level>', 'pino log level')
    .action(async (options: Record<string, string | undefined> & { createScenarioOrders?: true }) => {
      const flags: Partial<Record<keyof SmdpServerConfig, unknown>> = {
        host: options.host,
        port: options.port,
        address: options.address,
        pkiDir: options.pki,
        catalogue: options.catalogue,
        logLevel: options.logLevel,
        store: options.store,
        scenarios: options.scenarios,
        createScenarioOrders: options.createScenarioOrders,
        adminToken: options.adminToken,
        operatorCallbackUrl: options.operatorCallbackUrl,
        operatorCa: options.operatorCa,
        workers: options.workers,
      };
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
      const stop = () => {
        void running.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  return smdp;
}
