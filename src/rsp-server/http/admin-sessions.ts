/**
 * The admin page's sessions: a browser that showed the admin token gets a random session id in its cookie,
 * never the token itself, so a cookie that leaks (a copied browser profile, a proxy log) is not the token
 * and dies at logout, which revokes it. Bounded: MAX_ADMIN_SESSIONS at once (the oldest goes first), each for
 * ADMIN_SESSION_TTL_MS on the server's clock.
 *
 * Kept where the server keeps its state: in this process with the `memory` store, in the shared store
 * (SQLite, PostgreSQL) otherwise, so that behind a load balancer a login on one instance holds on every other
 * and a logout on any of them ends it everywhere. The store keeps only a SHA-256 of each id.
 */
import { createHash, randomBytes } from 'node:crypto';

export const MAX_ADMIN_SESSIONS = 32;
export const ADMIN_SESSION_TTL_MS = 12 * 3600_000;

export interface AdminSessionStore {
  /** Keeps a new session (by the hash of its id) until `expiresAt`, dropping expired and the oldest past the bound. */
  keep(idHash: Buffer, expiresAt: number, now: number): Promise<void>;
  /** Whether the session is kept and not expired at `now`. */
  isKept(idHash: Buffer, now: number): Promise<boolean>;
  forget(idHash: Buffer): Promise<void>;
}

const hashOf = (id: string) => createHash('sha256').update(id).digest();

/** Opens, checks and revokes sessions on the server's clock, wherever they are kept. */
export class AdminSessions {
  constructor(
    private readonly store: AdminSessionStore,
    private readonly now: () => number,
  ) {}

  async open(): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    const now = this.now();
    await this.store.keep(hashOf(id), now + ADMIN_SESSION_TTL_MS, now);
    return id;
  }

  isOpen(id: string): Promise<boolean> {
    return this.store.isKept(hashOf(id), this.now());
  }

  revoke(id: string): Promise<void> {
    return this.store.forget(hashOf(id));
  }
}
