/**
 * Where the SM-DP+'s pino log goes (the SM-DS's goes through plain pino): stdout, written in batches.
 * pino's default destination writes every line to stdout synchronously; with a dozen lines per
 * download that was ~2 ms of server CPU per download when stdout is a file. Lines are gathered and written
 * together when 16 KB have gathered or 100 ms after the first of them; a line at error level or above is
 * written at once with everything before it, and what is left is written when the process exits, so no
 * error line is ever lost or reordered.
 */
import { isatty } from 'node:tty';
import pino, {
  type DestinationStream,
  type LevelWithSilentOrString,
  type Logger,
  type LoggerOptions,
} from 'pino';
import { prettyLine } from './pretty-log.ts';

const BATCH_BYTES = 16 * 1024;
const BATCH_DELAY_MS = 100;
const ERROR_LEVEL = 50;

class BatchedLines implements DestinationStream {
  readonly #out: ReturnType<typeof pino.destination>;
  #lines: string[] = [];
  #bytes = 0;
  #timer: NodeJS.Timeout | undefined;

  /** A person at a terminal reads the lines (pretty-log.ts); files and pipes get pino's JSON. */
  readonly #pretty: boolean;

  constructor(fd: number) {
    this.#out = pino.destination({ dest: fd, sync: true });
    this.#pretty = isatty(fd);
    process.on('exit', () => this.flush());
  }

  write(json: string): void {
    const line = this.#pretty ? prettyLine(json) : json;
    this.#lines.push(line);
    this.#bytes += line.length;
    if (this.#bytes >= BATCH_BYTES) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), BATCH_DELAY_MS).unref();
  }

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#lines.length === 0) return;
    const text = this.#lines.join('');
    this.#lines = [];
    this.#bytes = 0;
    this.#out.write(text);
  }
}

/** A pino logger writing to `fd` (stdout) in batches: error and fatal lines are written before the call returns. */
export function batchedLogger(level: LevelWithSilentOrString, options: LoggerOptions = {}, fd = 1): Logger {
  const stdout = new BatchedLines(fd);
  return pino(
    {
      ...options,
      level,
      hooks: {
        logMethod(args, method, methodLevel) {
          method.apply(this, args);
          if (methodLevel >= ERROR_LEVEL) stdout.flush();
        },
      },
    },
    stdout,
  );
}
