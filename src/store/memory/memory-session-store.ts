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
  /**
   * The sessions in phase `initiated` by source, each set in creation order (a Set keeps insertion order),
   * so that counting them does not walk every session and the oldest of a source is the first.
   */
  readonly #initiated = new Map<string, Set<string>>();

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
  async countInitiated(now: number, source?: string): Promise<number> {
    const sources = source === undefined ? [...this.#initiated.keys()] : [source];
    return sources.reduce((sum, key) => sum + this.#liveInitiated(key, now).length, 0);
  }
  async busiestInitiatedSource(now: number): Promise<{ source: string; count: number } | undefined> {
    let busiest: { source: string; count: number } | undefined;
    for (const source of [...this.#initiated.keys()]) {
      const count = this.#liveInitiated(source, now).length;
      if (count > 0 && count > (busiest?.count ?? 0)) busiest = { source, count };
    }
    return busiest;
  }
  async deleteOldestInitiated(now: number, source: string): Promise<void> {
    const oldest = this.#liveInitiated(source, now)[0];
    if (oldest !== undefined) this.#remove(oldest);
  }
  /** The live initiated sessions of a source, oldest first (expired ones wait for purgeExpired). */
  #liveInitiated(source: string, now: number): string[] {
    return [...(this.#initiated.get(source) ?? [])].filter(
      (id) => (this.#sessions.get(id)?.expiresAt ?? 0) > now,
    );
  }
  #set(session: RspSession): void {
    this.#sessions.set(session.transactionId, ownMemory(session));
    const source = session.source ?? '';
    const ids = this.#initiated.get(source);
    if (session.phase === 'initiated') {
      if (ids) ids.add(session.transactionId);
      else this.#initiated.set(source, new Set([session.transactionId]));
    } else this.#forget(source, session.transactionId);
  }
  #remove(transactionId: string): void {
    const session = this.#sessions.get(transactionId);
    this.#sessions.delete(transactionId);
    if (session) this.#forget(session.source ?? '', transactionId);
  }
  #forget(source: string, transactionId: string): void {
    const ids = this.#initiated.get(source);
    if (!ids?.delete(transactionId)) return;
    if (ids.size === 0) this.#initiated.delete(source);
  }
}
