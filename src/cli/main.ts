#!/usr/bin/env node
/**
 * rspsim command line. Each area registers its own commands; errors reach the user as one clear line.
 */
import { Command } from 'commander';
import { registerConformanceCommands } from './conformance-command.ts';
import { registerDecodeCommand } from './decode-command.ts';
import { registerEuiccCommands } from './euicc-command.ts';
import { registerLpaCommands } from './lpa-command.ts';
import { registerOperatorCommands } from './operator-command.ts';
import { registerPkiCommands } from './pki-command.ts';
import { registerScenarioCommands, registerSessionCommands } from './session-command.ts';
import { registerSmdpCommands } from './smdp-command.ts';
import { registerSmdsCommands } from './smds-command.ts';

export function buildProgram(): Command {
  const program = new Command('rspsim')
    .description('GSMA SGP.22 SM-DP+ and SM-DS simulator, software eUICC and LPA')
    .showHelpAfterError();
  registerSmdpCommands(program);
  registerSmdsCommands(program);
  registerPkiCommands(program);
  registerEuiccCommands(program);
  registerLpaCommands(program);
  registerDecodeCommand(program);
  registerSessionCommands(program);
  registerScenarioCommands(program);
  registerOperatorCommands(program);
  registerConformanceCommands(program);
  return program;
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('main.ts');
if (isMain) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      console.error(`rspsim: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}
