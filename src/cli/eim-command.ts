/** `rspsim eim start`: the eIM (SGP.32): ESipa over HTTPS for IPAs, eUICC Packages signed with its key. */
import type { Command } from 'commander';
import { EIM_SETTINGS, resolveEimConfig } from '../eim/config.ts';
import { startEim } from '../eim/start.ts';
import { registerEimOperatorCommands } from './eim-operator-commands.ts';
import { registerEimScenarioCommands } from './eim-scenario-commands.ts';
import { closeOnSignals } from './server-signals.ts';
import { addSettingOptions } from './setting-options.ts';

export function registerEimCommands(program: Command): Command {
  const eim = program.command('eim').description('the eIM (SGP.32 ESipa over HTTPS, eUICC Packages)');
  const start = eim
    .command('start')
    .description(
      'start the eIM (defaults: https://localhost:8445, eimId rspsim-eim, the bundled test eIM key)',
    );
  const flagsOf = addSettingOptions(start, EIM_SETTINGS);
  start.action(async (options: Record<string, string | undefined>) => {
    const config = resolveEimConfig({ env: process.env, flags: flagsOf(options) });
    const running = await startEim(config);
    const identity = running.context.identity;
    process.stderr.write(
      `eIM ${identity.eimId} ready on ${running.url} (ESipa ${running.url}/gsma/rsp2/asn1, eimFqdn ${running.address}, ${identity.curve} key)\n` +
        `operator API: ${running.url}/ (onomondo-eim's REST API, bearer token)` +
        (running.operatorUrl ? `, and without token on ${running.operatorUrl}/` : '') +
        '\n' +
        (config.adminToken ? '' : `admin token (operator API): ${running.adminToken}\n`) +
        (config.scenarios ? `test-lab scenarios armed: ${config.scenarios}\n` : ''),
    );
    closeOnSignals(running);
  });
  registerEimOperatorCommands(eim);
  registerEimScenarioCommands(eim);
  return eim;
}
