/**
 * Files a user names (configuration, catalogue, profile packages, scenarios, eUICC state, orders, keys and
 * certificates) are read only when they are regular files, and only up to a size limit: `--config /dev/zero`
 * read for ever (1.1 GB in 15 s), and a FIFO would block the open. Every reader goes
 * through `readInputFile` / `readInputFileSync`, which say in one line what is wrong.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

const MiB = 1024 * 1024;

/** The largest file of each kind; `RSPSIM_MAX_FILE_BYTES` in the environment replaces them all. */
export const INPUT_FILE_LIMITS = {
  /** A settings file (--config): a few dozen keys. */
  settings: 1 * MiB,
  /** JSON documents: profile catalogue, scenarios, orders, eUICC state (profiles' metadata, not packages). */
  json: 16 * MiB,
  /** A profile package (TS.48 test profiles are 12–110 KB; the admin import takes 8 MiB of base64). */
  profilePackage: 6 * MiB,
  /** Certificates and keys (PEM or DER), tokens, StoreMetadata, DER to decode. */
  small: 1 * MiB,
} as const;

export type InputFileKind = keyof typeof INPUT_FILE_LIMITS;

/** The limit for `kind`, or the environment's override (a positive whole number of bytes). */
export function inputFileLimit(kind: InputFileKind, env: NodeJS.ProcessEnv = process.env): number {
  const override = env.RSPSIM_MAX_FILE_BYTES;
  if (override !== undefined && /^[1-9]\d{0,15}$/.test(override)) return Number(override);
  return INPUT_FILE_LIMITS[kind];
}

/** Why a file cannot be read (each message is the end of one line: `cannot read <what> <file>: <why>`). */
export class InputFileError extends Error {
  override readonly name = 'InputFileError';
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function sizeText(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}

/** Refuses what is not a regular file or is larger than `limit`. */
function checkStats(stats: Stats, limit: number): void {
  if (!stats.isFile()) throw new InputFileError(`${kindOf(stats)}, not a regular file`);
  if (stats.size > limit) throw new InputFileError(tooLarge(limit));
}

function tooLarge(limit: number): string {
  return `larger than ${sizeText(limit)} (the limit; RSPSIM_MAX_FILE_BYTES raises it)`;
}

/** A FIFO opened without O_NONBLOCK waits for a writer; with it, the open returns and fstat tells. */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/**
 * Reads the `size` bytes fstat gave with `read` (sync or async); one byte more is asked for, so that a file
 * that grew after fstat is refused rather than cut short.
 */
function* readWhole(size: number): Generator<{ buffer: Buffer; offset: number }, Buffer, number> {
  const buffer = Buffer.alloc(size + 1);
  let length = 0;
  for (;;) {
    const read = yield { buffer, offset: length };
    if (read === 0) return buffer.subarray(0, length);
    length += read;
    if (length > size) throw new InputFileError('it changed while it was read');
  }
}

/** The file's bytes, if it is a regular file within the limit of its kind. */
export function readInputFileSync(file: string | URL, kind: InputFileKind): Buffer {
  const fd = openSync(file, OPEN_FLAGS);
  try {
    const stats = fstatSync(fd);
    checkStats(stats, inputFileLimit(kind));
    const reading = readWhole(stats.size);
    for (let next = reading.next(0); ; ) {
      if (next.done) return next.value;
      const { buffer, offset } = next.value;
      next = reading.next(readSync(fd, buffer, offset, buffer.length - offset, null));
    }
  } finally {
    closeSync(fd);
  }
}

/** readInputFileSync without blocking the event loop. */
export async function readInputFile(file: string | URL, kind: InputFileKind): Promise<Buffer> {
  const handle = await open(file, OPEN_FLAGS);
  try {
    const stats = await handle.stat();
    checkStats(stats, inputFileLimit(kind));
    const reading = readWhole(stats.size);
    for (let next = reading.next(0); ; ) {
      if (next.done) return next.value;
      const { buffer, offset } = next.value;
      next = reading.next((await handle.read(buffer, offset, buffer.length - offset, null)).bytesRead);
    }
  } finally {
    await handle.close();
  }
}
