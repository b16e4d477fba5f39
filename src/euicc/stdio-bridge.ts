/**
 * lpac's stdio APDU driver protocol (LPAC_APDU=stdio): one JSON object per line. lpac writes
 * {"type":"apdu","payload":{"func":F,"param":HEX|null}} and reads {"type":"apdu","payload":{"ecode":N,"data":HEX}}
 * back. F is connect, disconnect, logic_channel_open (param: AID; ecode: the channel), logic_channel_close
 * (param: the channel) or transmit (param: the command APDU; data: response and SW1 SW2). Lines of other
 * types (lpac's own progress and result lines share its stdout) are left to the caller, byte for byte.
 */
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
/** A request line is a few hundred bytes; past this, bytes without a newline are passed on as they are. */
const MAX_LINE_BYTES = 1 << 20;

/** Answers one lpac APDU request with the eUICC. Errors become a negative ecode, never an exception. */
async function answerApduRequest(euicc: ApduTransport, request: ApduRequest): Promise<ApduReply> {
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

/** The lines of a byte stream as written, each with its '\n' (the last one may have none). */
async function* rawLines(input: Readable): AsyncGenerator<Buffer> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of input as AsyncIterable<Buffer>) {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let start = 0;
    for (let end = pending.indexOf(0x0a); end !== -1; end = pending.indexOf(0x0a, start)) {
      yield pending.subarray(start, end + 1);
      start = end + 1;
    }
    pending = pending.subarray(start);
    if (pending.length > MAX_LINE_BYTES) {
      yield pending;
      pending = Buffer.alloc(0);
    }
  }
  if (pending.length > 0) yield pending;
}

/** The APDU request a line carries, if it is one. */
function apduRequestOf(line: Buffer): ApduRequest | undefined {
  if (line.length > 4096) return undefined;
  try {
    const message = JSON.parse(line.toString('utf8')) as { type?: unknown; payload?: ApduRequest } | null;
    if (message?.type === 'apdu' && typeof message.payload?.func === 'string') return message.payload;
  } catch {
    // not JSON: one of lpac's own lines (its usage text, for one)
  }
  return undefined;
}

/**
 * Serves the protocol on a pair of streams until the input ends. `onOtherLine` receives every other line
 * exactly as written, newline included (lpac's progress, result and usage lines, when the streams are
 * lpac's).
 */
export async function runStdioBridge(
  input: Readable,
  output: Writable,
  euicc: ApduTransport,
  onOtherLine?: (line: Buffer) => void,
): Promise<void> {
  for await (const line of rawLines(input)) {
    const request = apduRequestOf(line);
    if (!request) {
      onOtherLine?.(line);
      continue;
    }
    const reply = await answerApduRequest(euicc, request);
    output.write(`${JSON.stringify({ type: 'apdu', payload: reply })}\n`);
  }
}
