/**
 * The admin page's sessions: a browser that showed the admin token gets a random session id in its cookie,
 * never the token itself, so a cookie that leaks (a copied browser profile, a proxy log) is not the token
 * and dies at logout, which revokes it here. Bounded: MAX_ADMIN_SESSIONS at once (the oldest goes first),
 * each for ADMIN_SESSION_TTL_MS on the server's clock.
 */
import { randomBytes } from 'node:crypto';

export const MAX_ADMIN_SESSIONS = 32;
export const ADMIN_SESSION_TTL_MS = 12 * 3600_000;

export class AdminSessions {
  /** Session id → when it expires. */
  readonly #sessions = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  open(): string {
    const now = this.now();
    for (const [id, expiresAt] of this.#sessions) if (expiresAt <= now) this.#sessions.delete(id);
    if (this.#sessions.size >= MAX_ADMIN_SESSIONS) this.#sessions.delete(this.#sessions.keys().next().value!);
    const id = randomBytes(32).toString('base64url');
    this.#sessions.set(id, now + ADMIN_SESSION_TTL_MS);
    return id;
  }

  isOpen(id: string): boolean {
    const expiresAt = this.#sessions.get(id);
    if (expiresAt === undefined) return false;
    if (expiresAt > this.now()) return true;
    this.#sessions.delete(id);
    return false;
  }

  revoke(id: string): void {
    this.#sessions.delete(id);
  }
}
