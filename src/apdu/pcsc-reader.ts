/**
 * An ApduTransport over PC/SC: a card (a real test eUICC, or the emulator behind vsmartcard's vpcd) in a
 * named reader of pcscd, through the npm binding `pcsclite`. The binding is an optional dependency built
 * against PC/SC-lite, so it is loaded only when a reader is asked for, and its absence is one clear error.
 * Logical channels are opened with MANAGE CHANNEL and SELECT APDUs, as on any card (SGP.22 2.2.3).
 *
 * The binding's reader objects are made here directly, not through its `pcsclite()` watcher: that watcher
 * starts a thread per reader (SCardGetStatusChange) whose close() can lose the race with the thread's own
 * loop, and then the binding never closes the thread's libuv handle, so the process never exits (seen about
 * once in 30 runs of `euicc info --reader`). Connecting needs no watch: SCardConnect says whether the reader
 * exists and holds a card, and is simply tried again until the wait is over. (Listing the readers would take
 * the binding's PnP watch, whose close() can block on the same race: the error names none.)
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { closeLogicalChannelBy, openLogicalChannelBy } from './logical-channel.ts';
import type { ApduTransport } from './transport.ts';

/** The part of pcsclite's CardReader used here (its own types are not needed to type-check without it). */
interface CardReader {
  readonly name: string;
  readonly SCARD_SHARE_SHARED: number;
  readonly SCARD_PROTOCOL_T0: number;
  readonly SCARD_PROTOCOL_T1: number;
  readonly SCARD_LEAVE_CARD: number;
  connect(
    options: { share_mode: number; protocol: number },
    callback: (error: Error | null | undefined, protocol: number) => void,
  ): void;
  transmit(
    data: Buffer,
    responseLength: number,
    protocol: number,
    callback: (error: Error | null | undefined, response: Buffer) => void,
  ): void;
  disconnect(disposition: number, callback: (error: Error | null | undefined) => void): void;
}

interface Binding {
  readonly CardReader: new (name: string) => CardReader;
}

export class PcscError extends Error {
  override readonly name = 'PcscError';
}

/** Room for any response: a short APDU's 256 bytes, an extended one's 65536, and SW1 SW2. */
const MAX_RESPONSE = 65538;

// A variable specifier: tsc must not look for the optional package's types when it is not installed.
const BINDING = 'pcsclite';

async function loadBinding(): Promise<Binding> {
  try {
    // The package's script adds connect/transmit/disconnect to the native CardReader's prototype.
    await import(BINDING);
    const entry = createRequire(import.meta.url).resolve(BINDING);
    const bindings: (options: { bindings: string; module_root: string }) => Binding =
      createRequire(entry)('bindings');
    return bindings({ bindings: BINDING, module_root: dirname(entry) });
  } catch (error) {
    throw new PcscError(
      `--reader needs the optional npm package pcsclite, which builds against PC/SC-lite: install libpcsclite-dev and pcscd (Debian: apt-get install libpcsclite-dev pcscd), then npm install (${(error as Error).message.split('\n')[0]})`,
    );
  }
}

/** PC/SC-lite's codes (pcsclite.h) that mean "not yet": no such reader, or no card (or one being reset) in it. */
const SCARD_E_UNKNOWN_READER = 0x80100009;
const NOT_YET = new Set([
  SCARD_E_UNKNOWN_READER,
  0x8010000c, // SCARD_E_NO_SMARTCARD
  0x80100017, // SCARD_E_READER_UNAVAILABLE
  0x80100066, // SCARD_W_UNRESPONSIVE_CARD
  0x80100067, // SCARD_W_UNPOWERED_CARD
  0x80100068, // SCARD_W_RESET_CARD
  0x80100069, // SCARD_W_REMOVED_CARD
]);
/** The binding's messages end with the code: "SCardConnect error: No smart card inserted.(0x8010000c)". */
const codeOf = (error: Error) => Number.parseInt(/\(0x([0-9a-f]{8})\)$/i.exec(error.message)?.[1] ?? '0', 16);

/** How often SCardConnect is tried while a reader or card is awaited. */
const RETRY_MS = 100;

/** `work` with its callback, or `onTimeout`'s error once `ms` have passed (the callback is then ignored). */
function bounded<T>(
  ms: number,
  onTimeout: () => Error,
  work: (done: (error: Error | null | undefined, value: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    work((error, value) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(value);
    });
  });
}

export interface PcscWaits {
  /** How long to wait for the reader and a card in it. */
  readonly waitMs?: number;
  /** How long one command APDU may take the card to answer (an eUICC signs, installs: seconds, not minutes). */
  readonly transmitMs?: number;
}

export class PcscReader implements ApduTransport {
  private constructor(
    private readonly reader: CardReader,
    private readonly protocol: number,
    private readonly transmitMs: number,
  ) {}

  /** Connects to the card in `readerName`, waiting up to `waitMs` for the reader and a card in it. */
  static async open(
    readerName: string,
    { waitMs = 5000, transmitMs = 60_000 }: PcscWaits = {},
  ): Promise<PcscReader> {
    const binding = await loadBinding();
    const reader = new binding.CardReader(readerName);
    const deadline = Date.now() + waitMs;
    const notThere = (code: number) =>
      new PcscError(
        code === SCARD_E_UNKNOWN_READER
          ? `no PC/SC reader "${readerName}" in pcscd after ${waitMs} ms (pcsc_scan, of pcsc-tools, lists its readers)`
          : `no card in PC/SC reader "${readerName}" after ${waitMs} ms`,
      );
    // What pcscd last said (reader unknown, no card): when the last try runs out of time on a busy machine,
    // that is still the reason, not "no answer from pcscd" (it did answer, every time before).
    let lastCode: number | undefined;
    for (;;) {
      const left = deadline - Date.now();
      try {
        const protocol = await bounded<number>(
          Math.max(left, 0),
          () =>
            lastCode === undefined
              ? new PcscError(`PC/SC connect to "${readerName}": no answer from pcscd after ${waitMs} ms`)
              : notThere(lastCode),
          (done) =>
            reader.connect(
              // Shared, so that other PC/SC applications may use the reader too; T=0 or T=1, whichever the card has.
              {
                share_mode: reader.SCARD_SHARE_SHARED,
                protocol: reader.SCARD_PROTOCOL_T0 | reader.SCARD_PROTOCOL_T1,
              },
              done,
            ),
        );
        return new PcscReader(reader, protocol, transmitMs);
      } catch (error) {
        if (error instanceof PcscError) throw error;
        const code = codeOf(error as Error);
        if (!NOT_YET.has(code))
          throw new PcscError(
            `PC/SC connect to "${readerName}": ${(error as Error).message} (is pcscd running?)`,
          );
        lastCode = code;
        if (Date.now() + RETRY_MS > deadline) throw notThere(code);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  transmit(apdu: Buffer): Promise<Buffer> {
    const name = this.reader.name;
    return bounded<Buffer>(
      this.transmitMs,
      () => new PcscError(`PC/SC transmit to "${name}": no answer from the card after ${this.transmitMs} ms`),
      (done) => this.reader.transmit(apdu, MAX_RESPONSE, this.protocol, done),
    ).catch((error: Error) => {
      throw error instanceof PcscError
        ? error
        : new PcscError(`PC/SC transmit to "${name}": ${error.message}`);
    });
  }

  openLogicalChannel(aid: Buffer): Promise<number> {
    return openLogicalChannelBy((apdu) => this.transmit(apdu), aid);
  }

  closeLogicalChannel(channel: number): Promise<void> {
    return closeLogicalChannelBy((apdu) => this.transmit(apdu), channel);
  }

  /**
   * Leaves the card as it is (powered, its state kept) and lets go of the reader. A card already removed
   * has nothing to let go: its error is no failure of the command that used it.
   */
  async close(): Promise<void> {
    await bounded<void>(
      this.transmitMs,
      () => new PcscError(`PC/SC disconnect from "${this.reader.name}": no answer from pcscd`),
      (done) => this.reader.disconnect(this.reader.SCARD_LEAVE_CARD, () => done(null, undefined)),
    );
  }
}
