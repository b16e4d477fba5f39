/**
 * `rspsim profile ...`, assembled here from its parts: profile packages (`make`, `inspect`:
 * profile-package-command.ts), the SM-DP+ inventory (`import`: operator-command.ts) and the built-in LPA on
 * an eUICC (`download`, `discover`, `list`, `enable`, `disable`, `delete`, `nickname`: lpa-command.ts).
 */
import type { Command } from 'commander';
import { registerLpaProfileCommands } from './lpa-command.ts';
import { registerProfileImport } from './operator-command.ts';
import { registerProfilePackageCommands } from './profile-package-command.ts';

export function registerProfileCommands(program: Command): void {
  const profile = program
    .command('profile')
    .description(
      'profile packages (make, inspect), the SM-DP+ inventory (import), an eUICC through the LPA (the rest)',
    );
  registerProfilePackageCommands(profile);
  registerProfileImport(profile);
  registerLpaProfileCommands(profile);
}
