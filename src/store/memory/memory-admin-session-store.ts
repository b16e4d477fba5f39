/** The admin page's sessions of the `memory` store: in this process (one instance sees its own logins). */
import { type AdminSessionStore, MAX_ADMIN_SESSIONS } from '../../rsp-server/http/admin-sessions.ts';

export class MemoryAdminSessionStore implements AdminSessionStore {
  /** Hash of the session id (hex) → when it expires, oldest first. */
  readonly #sessions = new Map<string, number>();

  async keep(idHash: Buffer, expiresAt: number, now: number): Promise<void> {
    for (const [id, expires] of this.#sessions) if (expires <= now) this.#sessions.delete(id);
    const oldest = this.#sessions.keys().next();
    if (this.#sessions.size >= MAX_ADMIN_SESSIONS && !oldest.done) this.#sessions.delete(oldest.value);
    this.#sessions.set(idHash.toString('hex'), expiresAt);
  }

  async isKept(idHash: Buffer, now: number): Promise<boolean> {
    const expiresAt = this.#sessions.get(idHash.toString('hex'));
    return expiresAt !== undefined && expiresAt > now;
  }

  async forget(idHash: Buffer): Promise<void> {
    this.#sessions.delete(idHash.toString('hex'));
  }
}
