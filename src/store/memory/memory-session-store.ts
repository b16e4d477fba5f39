/** The session store of the `memory` store: RSP sessions held in this process (SGP.22 3.1.3). */
import type { RspSession, SessionStore } from '../../rsp-server/session.ts';

/**
 * A small Buffer is usually a slice of one of Node's shared 8 KB allocation slabs, and keeps that whole slab
 * alive. A session held for minutes would pin two or three slabs (16 KB and more) for a few hundred bytes, so
 * the memory store gives every Buffer of a session memory of its own.
 */
function ownMemory(session: RspSession): RspSession {
  const fields = session as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) {
    if (Buffer.isBuffer(value) && value.byteLength !== value.buffer.byteLength) {
      const copy = new Uint8Array(value); // a new ArrayBuffer of exactly this size (Buffer.from would pool)
      fields[key] = Buffer.from(copy.buffer, 0, copy.byteLength);
    }
  }
  return session;
}

/** Sessions held in this process; expired ones are swept as they are met. */
export class MemorySessionStore implements SessionStore {
  readonly #sessions = new Map<string, RspSession>();
  /** The sessions in phase `initiated`, so that counting them does not walk every session. */
  readonly #initiated = new Set<string>();

  async create(session: RspSession): Promise<void> {
    this.#set(session);
  }
  async get(transactionId: string, now: number): Promise<RspSession | undefined> {
    const session = this.#sessions.get(transactionId);
    if (session && session.expiresAt <= now) {
      this.#remove(transactionId);
      return undefined;
    }
    return session;
  }
  async update(session: RspSession): Promise<void> {
    this.#set(session);
  }
  async delete(transactionId: string): Promise<void> {
    this.#remove(transactionId);
  }
  async list(now: number): Promise<RspSession[]> {
    await this.purgeExpired(now);
    return [...this.#sessions.values()];
  }
  async purgeExpired(now: number): Promise<number> {
    let purged = 0;
    for (const [id, s] of this.#sessions) {
      if (s.expiresAt > now) continue;
      this.#remove(id);
      purged++;
    }
    return purged;
  }
  async countInitiated(now: number): Promise<number> {
    let count = 0;
    for (const id of this.#initiated) if (this.#sessions.get(id)!.expiresAt > now) count++;
    return count;
  }
  #set(session: RspSession): void {
    this.#sessions.set(session.transactionId, ownMemory(session));
    if (session.phase === 'initiated') this.#initiated.add(session.transactionId);
    else this.#initiated.delete(session.transactionId);
  }
  #remove(transactionId: string): void {
    this.#sessions.delete(transactionId);
    this.#initiated.delete(transactionId);
  }
}
