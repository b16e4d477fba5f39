/**
 * The eUICC a command or a campaign drives, whichever way it is reached: the software eUICC (made afresh in
 * memory, or from its state file), a card in a PC/SC reader (a test eUICC, or any card behind vpcd), or a
 * command speaking lpac's stdio APDU driver protocol (any emulator lpac can use). Each is an ApduTransport
 * with a close; the CLI's eUICC commands and the eUICC campaign both open it here.
 */
import { PcscReader } from '../apdu/pcsc-reader.ts';
import { StdioDriverTransport } from '../apdu/stdio-driver.ts';
import type { ApduTransport } from '../apdu/transport.ts';
import type { Curve } from '../crypto/curve.ts';
import { EuiccEmulator } from './emulator.ts';
import type { EuiccScenario } from './es10/scenarios.ts';

export interface CardAccess {
  readonly transport: ApduTransport;
  /** How reports and messages name the card. */
  readonly name: string;
  close(): Promise<void>;
}

export type CardChoice =
  | {
      /** A software eUICC made for this run, in memory. */
      readonly kind: 'builtin';
      readonly curve: Curve;
      readonly pkiDir?: string;
      readonly scenarios?: readonly EuiccScenario[];
    }
  | {
      /** The software eUICC of a state file (each change is written back to it). */
      readonly kind: 'file';
      readonly file: string;
      readonly scenarios?: readonly EuiccScenario[];
    }
  | { readonly kind: 'reader'; readonly reader: string }
  | { readonly kind: 'driver'; readonly command: string };

const softwareEuicc = (transport: EuiccEmulator, name: string): CardAccess => ({
  transport,
  name,
  close: async () => undefined,
});

export async function openCard(choice: CardChoice): Promise<CardAccess> {
  switch (choice.kind) {
    case 'builtin': {
      const emulator = await EuiccEmulator.create({
        curve: choice.curve,
        ...(choice.pkiDir ? { pkiDir: choice.pkiDir } : {}),
        ...(choice.scenarios ? { scenarios: choice.scenarios } : {}),
      });
      return softwareEuicc(emulator, `builtin software eUICC (${choice.curve})`);
    }
    case 'file': {
      const emulator = await EuiccEmulator.open(
        choice.file,
        choice.scenarios ? { scenarios: choice.scenarios } : {},
      );
      return softwareEuicc(emulator, `software eUICC ${choice.file}`);
    }
    case 'reader': {
      const reader = await PcscReader.open(choice.reader);
      return { transport: reader, name: `PC/SC reader "${choice.reader}"`, close: () => reader.close() };
    }
    case 'driver': {
      const driver = await StdioDriverTransport.start(choice.command);
      return {
        transport: driver,
        name: `APDU driver command "${choice.command}"`,
        close: () => driver.close(),
      };
    }
  }
}

/** Runs `use` with the card; it is let go afterwards, whatever happened. */
export async function withCard<T>(choice: CardChoice, use: (card: ApduTransport) => Promise<T>): Promise<T> {
  const card = await openCard(choice);
  try {
    return await use(card.transport);
  } finally {
    await card.close();
  }
}
