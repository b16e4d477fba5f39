/**
 * T=0's rule for a command that carries data and expects data back (ISO/IEC 7816-3 12.2.4, ETSI TS 102 221
 * 7.3.1.1.4, case 4): the terminal sends it without Le, as a case 3 TPDU, and the card does not answer its data
 * in that exchange: it answers '61xx' and the terminal fetches the data with GET RESPONSE ('00 C0 00 00 Le').
 * The card in vpcd's reader announces T=0 only (vpcd-card.ts), so it keeps this rule there: T=0 terminals
 * (onomondo-ipa, the osmo-ttcn3 `ipad` suite's card, which answers SELECT ISD-R '6121') wait for the 61xx, and
 * the T=0 clients that also take data at once (pySim-shell, lpac, ours) follow 61xx as well. A command that
 * gives Le (an APDU sent with a T=1 habit) is answered with its data at once, as before.
 */
import { INS, SW, withSw } from '../apdu/status-words.ts';

/** Short header CLA INS P1 P2 and P3. */
const HEADER = 5;

interface Held {
  /** Response data not fetched yet. */
  data: Buffer;
  /** SW1 SW2 the card gave with it, sent after the last of the data. */
  readonly sw: number;
}

export interface T0Responses {
  /** One command TPDU; the response the T=0 card gives. */
  transmit(apdu: Buffer): Promise<Buffer>;
  /** A reset: data not fetched is gone. */
  forget(): void;
}

/** The card's `transmit` behind T=0's 61xx / GET RESPONSE for case 4 commands; everything else unchanged. */
export function t0Responses(transmit: (apdu: Buffer) => Promise<Buffer>): T0Responses {
  let held: Held | undefined;
  const give = (from: Held, le: number): Buffer => {
    const now = from.data.subarray(0, le);
    from.data = from.data.subarray(now.length);
    if (from.data.length > 0) return withSw(now, SW.MORE_DATA | (Math.min(from.data.length, 0x100) & 0xff));
    held = undefined;
    return withSw(now, from.sw);
  };
  return {
    async transmit(apdu) {
      const caseThreeForm = apdu.length > HEADER && apdu[4] !== 0 && apdu.length === HEADER + (apdu[4] ?? 0);
      if (held && apdu.length === HEADER && apdu[1] === INS.GET_RESPONSE) return give(held, apdu[4] || 0x100);
      held = undefined;
      const response = await transmit(apdu);
      if (!caseThreeForm || response.length <= 2) return response;
      held = { data: response.subarray(0, -2), sw: response.readUInt16BE(response.length - 2) };
      return withSw(Buffer.alloc(0), SW.MORE_DATA | (Math.min(held.data.length, 0x100) & 0xff));
    },
    forget() {
      held = undefined;
    },
  };
}
