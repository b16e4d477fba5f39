/**
 * `rspsim conformance`: SGP.23-organised campaigns with verdicts and reports, one subcommand per role under
 * test: `smdp` (conformance-smdp-command.ts), `lpa` (conformance-lpa-command.ts), `euicc`
 * (conformance-euicc-command.ts).
 */
import type { Command } from 'commander';
import { registerEuiccCampaign } from './conformance-euicc-command.ts';
import { registerLpaCampaign } from './conformance-lpa-command.ts';
import { registerSmdpCampaign } from './conformance-smdp-command.ts';

export function registerConformanceCommands(program: Command): void {
  const conformance = program
    .command('conformance')
    .description('SGP.23-organised conformance campaigns with verdicts and reports');
  registerSmdpCampaign(conformance);
  registerLpaCampaign(conformance);
  registerEuiccCampaign(conformance);
}
