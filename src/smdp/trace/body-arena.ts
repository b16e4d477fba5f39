/**
 * Where the session trace keeps the answers it records. Each download leaves its answers in the
 * trace (a getBoundProfilePackage answer is the whole package, ~17 KB for a 12 KB profile) until 200 newer
 * sessions push it out: a steady stream of long-lived memory that, as one Buffer per answer, made V8 run a
 * full mark-compact every ~150 downloads. Here answers are copied into large chunks, and a chunk no kept
 * answer refers to any more is reused instead of freed: the trace's memory stays put.
 */

/** Chunk size: a chunk holds the answers of dozens of downloads (7 of the ~150 KB ones). */
const CHUNK_BYTES = 1024 * 1024;
/** An answer larger than this gets memory of its own (it would waste most of a chunk). */
const LARGEST_IN_CHUNK = CHUNK_BYTES / 4;
/** Free chunks kept for reuse; beyond these, free chunks are left to the GC. */
const SPARE_CHUNKS = 8;
/**
 * Chunks at most (32 MB): one kept answer keeps its whole chunk, so sessions that stay in the trace while
 * their neighbours in a chunk leave could hold many; past this, answers get memory of their own, as before.
 */
const MAX_CHUNKS = 32;

class Chunk {
  readonly bytes = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  used = 0;
  /** Kept answers in this chunk. */
  holders = 0;
}

/** Bytes kept in the arena until released. */
export interface KeptBytes {
  /** The bytes (a view of a chunk, or memory of their own); not to be read once released. */
  readonly bytes: Buffer;
  release(): void;
}

const ownMemory = (bytes: Buffer): KeptBytes => ({ bytes: Buffer.from(bytes), release: () => {} });

export class BodyArena {
  #current: Chunk | undefined;
  readonly #spare: Chunk[] = [];
  /** Chunks not left to the GC (in use or spare). */
  #chunks = 0;

  /** A copy of `bytes`, held until `release()`. */
  keep(bytes: Buffer): KeptBytes {
    if (bytes.length > LARGEST_IN_CHUNK) return ownMemory(bytes);
    let chunk = this.#current;
    if (!chunk || chunk.used + bytes.length > CHUNK_BYTES) {
      if (chunk) this.#leave(chunk);
      chunk = this.#spare.pop() ?? this.#newChunk();
      if (!chunk) return ownMemory(bytes);
      this.#current = chunk;
    }
    const start = chunk.used;
    bytes.copy(chunk.bytes, start);
    chunk.used += bytes.length;
    chunk.holders++;
    const held = chunk;
    let released = false;
    return {
      bytes: chunk.bytes.subarray(start, start + bytes.length),
      release: () => {
        if (released) return;
        released = true;
        held.holders--;
        if (held.holders === 0 && held !== this.#current) this.#recycle(held);
      },
    };
  }

  /** The current chunk is full: it is recycled at once if nothing in it is kept any more. */
  #leave(chunk: Chunk): void {
    this.#current = undefined;
    if (chunk.holders === 0) this.#recycle(chunk);
  }

  #newChunk(): Chunk | undefined {
    if (this.#chunks >= MAX_CHUNKS) return undefined;
    this.#chunks++;
    return new Chunk();
  }

  #recycle(chunk: Chunk): void {
    if (this.#spare.length >= SPARE_CHUNKS) {
      this.#chunks--;
      return;
    }
    chunk.used = 0;
    this.#spare.push(chunk);
  }
}
