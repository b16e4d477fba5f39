/**
 * `rspsim eim scenario list|arm|disarm`: the eIM's test-lab scenarios (src/eim/scenarios/, docs/eim.md "Error
 * injection") through its admin API (src/eim/http/scenario-routes.ts), with the admin token and TLS trust of
 * the other `rspsim eim` commands; one line per mistake. At start they are armed by the `scenarios` setting.
 */
import type { Command } from 'commander';
import { type ArmedEimScenario, type EimScenarioDeclaration, isEid } from '../eim/scenarios/eim-scenarios.ts';
import { type AdminOptions, adminCall } from './admin-client.ts';
import { eimAdmin } from './eim-operator-commands.ts';
import { printResult } from './output.ts';

interface ScenarioList {
  scenarios: EimScenarioDeclaration[];
  armed: ArmedEimScenario[];
}

const armedLine = (armed: ArmedEimScenario) => `${armed.name} for ${armed.eid ?? 'any eUICC'}`;
const path = (name: string) => `/scenarios/${encodeURIComponent(name)}`;

export function registerEimScenarioCommands(eim: Command): void {
  const scenario = eim
    .command('scenario')
    .description("the eIM's test-lab scenarios (error injection: each spoils one package)");
  eimAdmin(scenario.command('list'))
    .description('the catalogue, with what each spoils and what comes back, and what is armed')
    .action(async (options: AdminOptions) => {
      const answer = await adminCall<ScenarioList>(options, '/scenarios');
      printResult(options, answer, () =>
        [
          ...answer.scenarios.map(
            (s) => `${s.name} (${s.facilities.join(', ')}): ${s.description}\n    expected: ${s.expected}`,
          ),
          answer.armed.length > 0 ? `armed: ${answer.armed.map(armedLine).join('; ')}` : 'armed: none',
        ].join('\n'),
      );
    });
  eimAdmin(scenario.command('arm'))
    .description('arm a scenario for the next package of one eUICC (--eid) or of any eUICC')
    .argument('<name>', 'the scenario (rspsim eim scenario list)')
    .option('--eid <eid>', 'the EID (32 hexadecimal digits); none: the next package of any eUICC')
    .action(async (name: string, options: AdminOptions & { eid?: string }) => {
      if (options.eid !== undefined && !isEid(options.eid))
        throw new Error(`--eid must be 32 hexadecimal digits, not ${options.eid}`);
      const body = JSON.stringify(options.eid !== undefined ? { eid: options.eid } : {});
      const { armed } = await adminCall<{ armed: ArmedEimScenario }>(options, path(name), 'POST', body, {
        'Content-Type': 'application/json',
      });
      printResult(options, { armed }, () => `armed ${armedLine(armed)}`);
    });
  eimAdmin(scenario.command('disarm'))
    .description('disarm every armed instance of a scenario')
    .argument('<name>', 'the scenario')
    .action(async (name: string, options: AdminOptions) => {
      const answer = await adminCall<{ disarmed: number }>(options, path(name), 'DELETE');
      printResult(options, answer, () => `disarmed ${name} (${answer.disarmed} armed)`);
    });
}
