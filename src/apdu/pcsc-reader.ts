/**
 * An ApduTransport over PC/SC: a card (a real test eUICC, or the emulator behind vsmartcard's vpcd) in a
 * named reader of pcscd, through the npm binding `pcsclite`. The binding is an optional dependency built
 * against PC/SC-lite, so it is loaded only when a reader is asked for, and its absence is one clear error.
 * Logical channels are opened with MANAGE CHANNEL and SELECT APDUs, as on any card (SGP.22 2.2.3).
 */
import { closeLogicalChannelBy, openLogicalChannelBy } from './logical-channel.ts';
import type { ApduTransport } from './transport.ts';

/** The part of pcsclite's CardReader used here (its own types are not needed to type-check without it). */
interface CardReader {
  readonly name: string;
  readonly SCARD_SHARE_SHARED: number;
  readonly SCARD_PROTOCOL_T0: number;
  readonly SCARD_PROTOCOL_T1: number;
  readonly SCARD_STATE_PRESENT: number;
  readonly SCARD_LEAVE_CARD: number;
  on(type: 'error', listener: (error: Error) => void): unknown;
  on(type: 'status', listener: (status: { state: number }) => void): unknown;
  once(type: 'status', listener: (status: { state: number }) => void): unknown;
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
  close(): void;
}

interface PcscLite {
  on(type: 'error', listener: (error: Error) => void): unknown;
  on(type: 'reader', listener: (reader: CardReader) => void): unknown;
  close(): void;
}

export class PcscError extends Error {
  override readonly name = 'PcscError';
}

/** Room for any response: a short APDU's 256 bytes, an extended one's 65536, and SW1 SW2. */
const MAX_RESPONSE = 65538;

// A variable specifier: tsc must not look for the optional package's types when it is not installed.
const BINDING = 'pcsclite';

async function loadPcsc(): Promise<() => PcscLite> {
  try {
    const binding: { default: () => PcscLite } = await import(BINDING);
    return binding.default;
  } catch (error) {
    throw new PcscError(
      `--reader needs the optional npm package pcsclite, which builds against PC/SC-lite: install libpcsclite-dev and pcscd (Debian: apt-get install libpcsclite-dev pcscd), then npm install (${(error as Error).message.split('\n')[0]})`,
    );
  }
}

export class PcscReader implements ApduTransport {
  private constructor(
    private readonly pcsc: PcscLite,
    private readonly reader: CardReader,
    private readonly protocol: number,
  ) {}

  /** Connects to the card in `readerName`, waiting up to `waitMs` for the reader and a card in it. */
  static async open(readerName: string, { waitMs = 5000 } = {}): Promise<PcscReader> {
    const create = await loadPcsc();
    let pcsc: PcscLite;
    try {
      pcsc = create();
    } catch (error) {
      throw new PcscError(`PC/SC: ${(error as Error).message} (is pcscd running?)`);
    }
    try {
      const reader = await withCardIn(pcsc, readerName, waitMs);
      const protocol = await new Promise<number>((resolve, reject) =>
        reader.connect(
          // Shared, so that other PC/SC applications may use the reader too; T=0 or T=1, whichever the card has.
          {
            share_mode: reader.SCARD_SHARE_SHARED,
            protocol: reader.SCARD_PROTOCOL_T0 | reader.SCARD_PROTOCOL_T1,
          },
          (error, chosen) =>
            error
              ? reject(new PcscError(`PC/SC connect to "${readerName}": ${error.message}`))
              : resolve(chosen),
        ),
      );
      return new PcscReader(pcsc, reader, protocol);
    } catch (error) {
      pcsc.close();
      throw error;
    }
  }

  transmit(apdu: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) =>
      this.reader.transmit(apdu, MAX_RESPONSE, this.protocol, (error, response) =>
        error
          ? reject(new PcscError(`PC/SC transmit to "${this.reader.name}": ${error.message}`))
          : resolve(response),
      ),
    );
  }

  openLogicalChannel(aid: Buffer): Promise<number> {
    return openLogicalChannelBy((apdu) => this.transmit(apdu), aid);
  }

  closeLogicalChannel(channel: number): Promise<void> {
    return closeLogicalChannelBy((apdu) => this.transmit(apdu), channel);
  }

  /** Leaves the card as it is (powered, its state kept) and lets go of the reader and of pcscd. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.reader.disconnect(this.reader.SCARD_LEAVE_CARD, () => resolve()),
    );
    this.reader.close();
    this.pcsc.close();
  }
}

/** The reader of that name once a card is present in it; a clear error naming the readers seen otherwise. */
function withCardIn(pcsc: PcscLite, readerName: string, waitMs: number): Promise<CardReader> {
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    let found: CardReader | undefined;
    const timer = setTimeout(
      () =>
        reject(
          new PcscError(
            found
              ? `no card in PC/SC reader "${readerName}" after ${waitMs} ms`
              : `no PC/SC reader "${readerName}" (readers: ${seen.length ? seen.map((n) => `"${n}"`).join(', ') : 'none'})`,
          ),
        ),
      waitMs,
    );
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      outcome();
    };
    pcsc.on('error', (error) => settle(() => reject(new PcscError(`PC/SC: ${error.message}`))));
    pcsc.on('reader', (reader) => {
      // Every reader gets an error listener: an 'error' event without one would end the process.
      reader.on('error', (error) => {
        if (reader === found)
          settle(() => reject(new PcscError(`PC/SC reader "${readerName}": ${error.message}`)));
      });
      if (reader.name !== readerName) {
        seen.push(reader.name);
        // Closed once its watch has begun (its first status; closed before, the binding's watching thread
        // never ends), and outside the status callback, which holds the lock close() takes.
        reader.once('status', () => setImmediate(() => reader.close()));
        return;
      }
      found = reader;
      reader.on('status', ({ state }) => {
        if (state & reader.SCARD_STATE_PRESENT) settle(() => resolve(reader));
      });
    });
  });
}
