/**
 * The software eUICC as a card in vsmartcard's virtual reader (vpcd, a pcscd driver), so that PC/SC
 * applications — lpac's pcsc driver, pySim-shell, a vendor's test tool — see it in a reader. vpcd listens on
 * TCP (35963 by default); the virtual card connects to it. Each message is a 2-byte big-endian length and
 * that many bytes. A 1-byte message is a control: 0x00 power off, 0x01 power on, 0x02 reset, 0x04 "send
 * the ATR" (answered with the ATR); anything longer is a command APDU, answered with the response APDU.
 */
import { connect, type Socket } from 'node:net';
import { t0Responses } from './t0-responses.ts';

export const VPCD_PORT = 35963;

/**
 * 3B 80 80 1F C7 D8: direct convention; TD1 offers T=0, the one protocol a UICC must support (ETSI TS 102
 * 221 7.2), and TD2 = 1F opens the global interface bytes of T=15 with TA3 = C7 (clock stop: no preference;
 * classes A, B and C), as a UICC's ATR does (TS 102 221 6.3); no historical bytes; TCK D8 because T=15 is
 * indicated (ISO/IEC 7816-3 8.2.5). T=1 is not offered: pcscd picks T=1 whenever a card offers it, and a
 * PC/SC client that, like pySim-shell, connects for any protocol and then talks T=0 because the ATR lists it
 * first fails with "card protocol mismatch" (found running pySim-shell against `euicc serve-vpcd`).
 */
const EUICC_ATR = Buffer.from('3B80801FC7D8', 'hex');

const CONTROL = { powerOff: 0x00, powerOn: 0x01, reset: 0x02, atr: 0x04 } as const;

export interface VirtualCard {
  /** One command APDU; the response data and SW1 SW2. */
  transmit(apdu: Buffer): Promise<Buffer>;
  /** Power off, power on and reset: the card's volatile state (channels, selections) starts afresh. */
  reset(): void;
}

const frame = (payload: Buffer) => {
  const header = Buffer.alloc(2);
  header.writeUInt16BE(payload.length);
  return Buffer.concat([header, payload]);
};

/**
 * Serves the card on one connection to vpcd until it closes. Messages are handled one after the other, in
 * the order they came.
 */
function serveVpcdConnection(socket: Socket, card: VirtualCard, atr = EUICC_ATR): Promise<void> {
  let pending: Buffer = Buffer.alloc(0);
  let queue = Promise.resolve();
  // The ATR offers T=0 only: case 4 answers go through 61xx and GET RESPONSE (t0-responses.ts).
  const t0 = t0Responses((apdu) => card.transmit(apdu));
  const handle = async (message: Buffer) => {
    if (message.length === 1) {
      switch (message[0]) {
        case CONTROL.atr:
          socket.write(frame(atr));
          return;
        case CONTROL.powerOff:
        case CONTROL.powerOn:
        case CONTROL.reset:
          t0.forget();
          card.reset();
          return;
        default:
          return; // vpcd sends no other control; an unknown one changes nothing
      }
    }
    // Too short for a command APDU: the card's answer to a malformed command.
    const response = message.length < 4 ? Buffer.from([0x67, 0x00]) : await t0.transmit(message);
    socket.write(frame(response));
  };
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
      const message = pending.subarray(2, 2 + pending.readUInt16BE(0));
      pending = pending.subarray(2 + message.length);
      queue = queue.then(() => handle(message)).catch(() => void socket.destroy());
    }
  });
  return new Promise((resolve) => socket.once('close', () => resolve()));
}

/** Connects to vpcd, waiting for it (pcscd loads the driver when it starts), and reconnects when it goes. */
export async function serveVpcd(
  card: VirtualCard,
  options: { host?: string; port?: number; signal?: AbortSignal; onState?: (state: string) => void } = {},
): Promise<void> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? VPCD_PORT;
  let waiting = false;
  while (!options.signal?.aborted) {
    const socket = await new Promise<Socket | undefined>((resolve) => {
      const attempt = connect({ host, port }, () => resolve(attempt));
      attempt.once('error', () => resolve(undefined));
    });
    if (!socket) {
      if (!waiting) options.onState?.(`waiting for vpcd on ${host}:${port} (is pcscd running?)`);
      waiting = true;
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    waiting = false;
    options.onState?.(`card inserted in vpcd's reader (${host}:${port})`);
    const abort = () => socket.destroy();
    options.signal?.addEventListener('abort', abort, { once: true });
    await serveVpcdConnection(socket, card);
    options.signal?.removeEventListener('abort', abort);
    card.reset();
    if (!options.signal?.aborted) options.onState?.('vpcd closed the connection; reconnecting');
  }
}
