/**
 * An ApduTransport through lpac's stdio APDU driver protocol, from lpac's side: a command (any card
 * emulator or bridge that lpac can use with LPAC_APDU=stdio) is started, and each operation is one line
 * {"type":"apdu","payload":{"func":F,"param":HEX|null}} on its stdin, answered by one line
 * {"type":"apdu","payload":{"ecode":N,"data":HEX}} on its stdout (lpac driver/apdu/stdio.c): connect,
 * logic_channel_open (param: the AID, ecode: the channel), logic_channel_close (param: the channel byte),
 * transmit (param: the command APDU, data: response and SW1 SW2), disconnect. Other stdout lines are skipped;
 * every answer is bounded in time and size.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { ApduTransport } from './transport.ts';

export class StdioDriverError extends Error {
  override readonly name = 'StdioDriverError';
}

/** Longest wait for one answer line: a card takes a few hundred ms for a signature, a profile segment less. */
const ANSWER_TIMEOUT_MS = 30_000;
/** Longest line kept: a response APDU is at most 65538 bytes, 131076 hex digits. */
const MAX_LINE = 140_000;
const HEX = /^(?:[0-9A-Fa-f]{2})*$/;

interface Reply {
  readonly ecode: number;
  readonly data?: string;
}

export class StdioDriverTransport implements ApduTransport {
  readonly #child: ChildProcessWithoutNullStreams;
  #buffer = '';
  readonly #lines: string[] = [];
  #waiting: ((line: string | undefined) => void) | undefined;
  #ended = false;
  #stderr = '';
  /** One request at a time: the protocol has no request ids. */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly command: string) {
    this.#child = spawn(command, { shell: true, stdio: ['pipe', 'pipe', 'pipe'] });
    this.#child.stdout.setEncoding('utf8');
    this.#child.stdout.on('data', (chunk: string) => this.#receive(chunk));
    this.#child.stderr.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-2000);
    });
    const end = () => {
      this.#ended = true;
      this.#waiting?.(undefined);
    };
    this.#child.once('exit', end);
    this.#child.once('error', end);
    this.#child.stdin.on('error', () => undefined);
  }

  /** Starts the command and connects (func connect, ecode 0). */
  static async start(command: string): Promise<StdioDriverTransport> {
    const transport = new StdioDriverTransport(command);
    const { ecode } = await transport.#request('connect', null);
    if (ecode !== 0) {
      await transport.close();
      throw new StdioDriverError(`the APDU driver command refused connect (ecode ${ecode})`);
    }
    return transport;
  }

  #receive(chunk: string): void {
    this.#buffer += chunk;
    for (let end = this.#buffer.indexOf('\n'); end >= 0; end = this.#buffer.indexOf('\n')) {
      const line = this.#buffer.slice(0, end).trim();
      this.#buffer = this.#buffer.slice(end + 1);
      if (line) this.#lines.push(line);
    }
    if (this.#buffer.length > MAX_LINE) {
      this.#buffer = '';
      this.#lines.push('{"type":"apdu","payload":{"ecode":-1}}');
    }
    const waiting = this.#waiting;
    if (waiting && this.#lines.length > 0) {
      this.#waiting = undefined;
      waiting(this.#lines.shift());
    }
  }

  #nextLine(): Promise<string | undefined> {
    const line = this.#lines.shift();
    if (line !== undefined || this.#ended) return Promise.resolve(line);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiting = undefined;
        resolve(undefined);
      }, ANSWER_TIMEOUT_MS);
      this.#waiting = (next) => {
        clearTimeout(timer);
        resolve(next);
      };
    });
  }

  /** The next apdu answer line (lines of other types are the command's own output). */
  async #reply(func: string): Promise<Reply> {
    for (;;) {
      const line = await this.#nextLine();
      if (line === undefined) {
        const why = this.#ended
          ? 'the APDU driver command ended'
          : `no answer within ${ANSWER_TIMEOUT_MS / 1000} s`;
        throw new StdioDriverError(
          `${func}: ${why}${this.#stderr ? ` (stderr: ${this.#stderr.trim().slice(-300)})` : ''}`,
        );
      }
      let message: { type?: unknown; payload?: { ecode?: unknown; data?: unknown } };
      try {
        message = JSON.parse(line);
      } catch {
        continue;
      }
      if (message?.type !== 'apdu') continue;
      const ecode = message.payload?.ecode;
      const data = message.payload?.data;
      if (typeof ecode !== 'number' || !Number.isInteger(ecode))
        throw new StdioDriverError(`${func}: an answer without an integer ecode`);
      if (data !== undefined && !(typeof data === 'string' && HEX.test(data)))
        throw new StdioDriverError(`${func}: data is not hex`);
      return { ecode, ...(typeof data === 'string' ? { data } : {}) };
    }
  }

  #request(func: string, param: string | null): Promise<Reply> {
    const next = this.#queue.then(async () => {
      if (this.#ended) throw new StdioDriverError(`${func}: the APDU driver command has ended`);
      this.#child.stdin.write(`${JSON.stringify({ type: 'apdu', payload: { func, param } })}\n`);
      return this.#reply(func);
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async openLogicalChannel(aid: Buffer): Promise<number> {
    const { ecode } = await this.#request('logic_channel_open', aid.toString('hex'));
    if (ecode < 0 || ecode > 19) throw new StdioDriverError(`logic_channel_open failed (ecode ${ecode})`);
    return ecode;
  }

  async closeLogicalChannel(channel: number): Promise<void> {
    await this.#request('logic_channel_close', Buffer.from([channel]).toString('hex'));
  }

  async transmit(apdu: Buffer): Promise<Buffer> {
    const { ecode, data } = await this.#request('transmit', apdu.toString('hex'));
    if (ecode !== 0 || data === undefined || data.length < 4)
      throw new StdioDriverError(`transmit failed (ecode ${ecode})`);
    return Buffer.from(data, 'hex');
  }

  /** disconnect, then the command's stdin closed; it is killed if it has not ended a second later. */
  async close(): Promise<void> {
    if (!this.#ended) await this.#request('disconnect', null).catch(() => undefined);
    this.#child.stdin.end();
    if (this.#ended) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#child.kill('SIGTERM');
        resolve();
      }, 1000);
      this.#child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
