/**
 * lpac's stdio APDU driver protocol (LPAC_APDU=stdio): one JSON object per line. lpac writes
 * {"type":"apdu","payload":{"func":F,"param":HEX|null}} and reads {"type":"apdu","payload":{"ecode":N,"data":HEX}}
 * back. F is connect, disconnect, logic_channel_open (param: AID; ecode: the channel), logic_channel_close
 * (param: the channel) or transmit (param: the command APDU; data: response and SW1 SW2). Lines of other
 * types (lpac's own progress and result lines share its stdout) are left to the caller.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ApduTransport } from '../apdu/transport.ts';

export interface ApduRequest {
  readonly func: string;
  readonly param?: string | null;
}

export interface ApduReply {
  readonly ecode: number;
  readonly data?: string;
}

const HEX = /^(?:[0-9A-Fa-f]{2})*$/;

/** Answers one lpac APDU request with the eUICC. Errors become a negative ecode, never an exception. */
export async function answerApduRequest(euicc: ApduTransport, request: ApduRequest): Promise<ApduReply> {
  const param = typeof request.param === 'string' ? request.param : '';
  try {
    switch (request.func) {
      case 'connect':
      case 'disconnect':
        return { ecode: 0 };
      case 'logic_channel_open':
        if (!HEX.test(param) || param.length === 0) return { ecode: -1 };
        return { ecode: await euicc.openLogicalChannel(Buffer.from(param, 'hex')) };
      case 'logic_channel_close':
        await euicc.closeLogicalChannel(Number.parseInt(param || '0', 16));
        return { ecode: 0 };
      case 'transmit': {
        if (!HEX.test(param) || param.length < 8) return { ecode: -1 };
        const response = await euicc.transmit(Buffer.from(param, 'hex'));
        return { ecode: 0, data: response.toString('hex').toUpperCase() };
      }
      default:
        return { ecode: -1 };
    }
  } catch {
    return { ecode: -1 };
  }
}

/**
 * Serves the protocol on a pair of streams until the input ends. `onOtherLine` receives every line that is
 * not an APDU request (lpac's progress and result lines, when the streams are lpac's).
 */
export async function runStdioBridge(
  input: Readable,
  output: Writable,
  euicc: ApduTransport,
  onOtherLine?: (line: string, parsed: unknown) => void,
): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let message: any;
    try {
      message = JSON.parse(line);
    } catch {
      onOtherLine?.(line, undefined);
      continue;
    }
    if (message?.type !== 'apdu' || typeof message.payload?.func !== 'string') {
      onOtherLine?.(line, message);
      continue;
    }
    const reply = await answerApduRequest(euicc, message.payload);
    output.write(`${JSON.stringify({ type: 'apdu', payload: reply })}\n`);
  }
}
