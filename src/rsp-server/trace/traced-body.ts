/**
 * What a trace keeps of a body. A body up to the limit is kept as received (text); a larger one only as
 * its size, SHA-256 and first bytes: the JSON binding accepts bodies far larger than any ES9+ request (an
 * authenticateClient with its certificates is a few KB), and a client repeating 1 MB bodies naming one
 * transactionId would otherwise make the trace keep every one of them.
 */
import { createHash } from 'node:crypto';

/** The part of a large body the trace keeps: enough to recognise it and to check it against a capture. */
export class TruncatedBody {
  constructor(
    readonly bytes: number,
    /** SHA-256 of the whole body as received, hex. */
    readonly sha256: string,
    /** The body's first characters. */
    readonly head: string,
  ) {}

  describe(): string {
    return `${this.bytes} bytes, SHA-256 ${this.sha256}, first ${this.head.length} characters: ${this.head}`;
  }
}

/** How much of a large body the trace keeps as its head (characters). */
const TRUNCATED_HEAD_LENGTH = 512;

export function tracedBody(text: string | undefined, maxBytes: number): string | TruncatedBody | undefined {
  if (text === undefined) return undefined;
  const bytes = Buffer.byteLength(text);
  if (bytes <= maxBytes) return text;
  const sha256 = createHash('sha256').update(text).digest('hex');
  // A copy, not a slice: V8 keeps a sliced string's whole parent alive.
  const head = Buffer.from(text.slice(0, TRUNCATED_HEAD_LENGTH)).toString('utf8');
  return new TruncatedBody(bytes, sha256, head);
}

/** How much of a large binary body (DER) the trace keeps as its head (bytes, shown in hex). */
const TRUNCATED_HEAD_BYTES = 256;

/**
 * The same for a binary body (ESipa's DER, SGP.32 6.1): up to the limit a copy of its own (never a view of
 * the request's buffer, which would keep that alive), beyond it size, SHA-256 and the first bytes in hex.
 */
export function tracedBytes(bytes: Buffer, maxBytes: number): Buffer | TruncatedBody {
  if (bytes.length <= maxBytes) return Buffer.from(bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const head = bytes.subarray(0, TRUNCATED_HEAD_BYTES).toString('hex').toUpperCase();
  return new TruncatedBody(bytes.length, sha256, head);
}
