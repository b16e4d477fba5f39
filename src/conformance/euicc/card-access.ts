/**
 * The three ways the campaign reaches a card: our software eUICC in this process (--builtin), a card in a
 * PC/SC reader (--reader, a test eUICC or any card behind vpcd), or a command speaking lpac's stdio APDU
 * driver protocol (--driver-command, any emulator lpac can use). Each is an ApduTransport with a close.
 */
import { PcscReader } from '../../apdu/pcsc-reader.ts';
import { StdioDriverTransport } from '../../apdu/stdio-driver.ts';
import type { ApduTransport } from '../../apdu/transport.ts';
import type { Curve } from '../../crypto/curve.ts';
import { EuiccEmulator } from '../../euicc/emulator.ts';
import type { EuiccScenario } from '../../euicc/es10/scenarios.ts';

export interface CardAccess {
  readonly transport: ApduTransport;
  /** How the reports name the card under test. */
  readonly name: string;
  close(): Promise<void>;
}

export type CardChoice =
  | {
      readonly kind: 'builtin';
      readonly curve: Curve;
      readonly pkiDir?: string;
      readonly scenarios?: readonly EuiccScenario[];
    }
  | { readonly kind: 'reader'; readonly reader: string }
  | { readonly kind: 'driver'; readonly command: string };

export async function openCard(choice: CardChoice): Promise<CardAccess> {
  if (choice.kind === 'builtin') {
    const emulator = await EuiccEmulator.create({
      curve: choice.curve,
      ...(choice.pkiDir ? { pkiDir: choice.pkiDir } : {}),
      ...(choice.scenarios ? { scenarios: choice.scenarios } : {}),
    });
    return {
      transport: emulator,
      name: `builtin software eUICC (${choice.curve})`,
      close: async () => undefined,
    };
  }
  if (choice.kind === 'reader') {
    const reader = await PcscReader.open(choice.reader);
    return { transport: reader, name: `PC/SC reader "${choice.reader}"`, close: () => reader.close() };
  }
  const driver = await StdioDriverTransport.start(choice.command);
  return { transport: driver, name: `APDU driver command "${choice.command}"`, close: () => driver.close() };
}
