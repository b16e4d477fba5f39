/**
 * The eUICC a command drives: a software eUICC's state file, or the card in a PC/SC reader (a test eUICC,
 * or the emulator behind vpcd). The `profile`, `notification` and `euicc info` commands share it.
 */
import type { ApduTransport } from '../apdu/transport.ts';
import { type CardChoice, withCard } from '../euicc/card-access.ts';
import { EuiccEmulator } from '../euicc/emulator.ts';
import { loadEuiccScenarios } from '../euicc/es10/scenarios.ts';
import { Es10Client } from '../lpa/es10-client.ts';

/** A software eUICC from its state file, with the eUICC scenarios of a file if one is given. */
export async function openEmulator(file: string, scenarios?: string): Promise<EuiccEmulator> {
  return EuiccEmulator.open(file, scenarios ? { scenarios: await loadEuiccScenarios(scenarios) } : {});
}

export const SCENARIOS_OPTION = [
  '--scenarios <file>',
  'eUICC test-lab scenarios (JSON): ES10 functions that answer with an error',
] as const;

export const READER_OPTION = [
  '--reader <name>',
  'or the card in this PC/SC reader (a test eUICC; "Virtual PCD 00 00": serve-vpcd)',
] as const;

export const DRIVER_COMMAND_OPTION = [
  '--driver-command <command>',
  'or a command speaking lpac\'s stdio APDU driver protocol (LPAC_APDU=stdio), e.g. "rspsim euicc serve-stdio -f e.json"',
] as const;

export interface EuiccTarget {
  /** The state file (`-e` on the LPA's commands, `-f` on `euicc …`: `fileFlag` names it in errors). */
  readonly file?: string | undefined;
  readonly reader?: string | undefined;
  /** A command speaking lpac's stdio APDU driver protocol (commands that offer DRIVER_COMMAND_OPTION). */
  readonly driverCommand?: string | undefined;
  readonly scenarios?: string | undefined;
}

/** Runs `use` with the target's eUICC; a reader is let go afterwards, whatever happened. */
export async function withTransport<T>(
  target: EuiccTarget,
  use: (euicc: ApduTransport) => Promise<T>,
  fileFlag = '-e',
): Promise<T> {
  const { file, reader: name, driverCommand } = target;
  const ways = [file, name, driverCommand].filter((way) => way !== undefined).length;
  if (ways !== 1)
    throw new Error(
      `give the eUICC as either ${fileFlag} <state.json> or --reader <PC/SC reader name>` +
        ('driverCommand' in target ? ' or --driver-command <command>' : ''),
    );
  let choice: CardChoice;
  if (file !== undefined)
    choice = {
      kind: 'file',
      file,
      ...(target.scenarios ? { scenarios: await loadEuiccScenarios(target.scenarios) } : {}),
    };
  else if (target.scenarios)
    throw new Error(`--scenarios applies to a software eUICC (${fileFlag}), not a card in a reader`);
  else if (driverCommand !== undefined) choice = { kind: 'driver', command: driverCommand };
  else choice = { kind: 'reader', reader: name ?? '' };
  return withCard(choice, use);
}

/** An Es10Client on the target's eUICC, its ISD-R channel closed afterwards. */
export const withEs10 = <T>(
  target: EuiccTarget,
  use: (es10: Es10Client) => Promise<T>,
  fileFlag?: string,
): Promise<T> =>
  withTransport(
    target,
    async (euicc) => {
      const es10 = new Es10Client(euicc);
      const result = await use(es10);
      await es10.close();
      return result;
    },
    fileFlag,
  );
