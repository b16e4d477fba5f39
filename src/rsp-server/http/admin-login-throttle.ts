/**
 * Failed admin logins counted per remote address: after MAX_FAILED_LOGINS wrong tokens within a minute the
 * address gets 429 (with Retry-After) until that minute is over, so a short admin token chosen by hand cannot
 * be guessed at network speed. Bounded: at most MAX_ADDRESSES addresses are remembered, the oldest forgotten
 * first. Time comes from the server's clock.
 */
export const MAX_FAILED_LOGINS = 10;
export const FAILED_LOGIN_WINDOW_MS = 60_000;
const MAX_ADDRESSES = 1024;

interface Failures {
  /** When the first failure of the current window came. */
  readonly since: number;
  count: number;
}

export class LoginThrottle {
  readonly #addresses = new Map<string, Failures>();

  constructor(private readonly now: () => number) {}

  /** Seconds until `address` may try again, or undefined when it may try now. */
  retryAfterSeconds(address: string): number | undefined {
    const failures = this.#addresses.get(address);
    if (!failures) return undefined;
    const left = failures.since + FAILED_LOGIN_WINDOW_MS - this.now();
    if (left <= 0) {
      this.#addresses.delete(address);
      return undefined;
    }
    return failures.count >= MAX_FAILED_LOGINS ? Math.ceil(left / 1000) : undefined;
  }

  failed(address: string): void {
    const now = this.now();
    const failures = this.#addresses.get(address);
    if (failures && now - failures.since < FAILED_LOGIN_WINDOW_MS) {
      failures.count++;
      return;
    }
    this.#addresses.delete(address);
    if (this.#addresses.size >= MAX_ADDRESSES) this.#forgetOldest(now);
    this.#addresses.set(address, { since: now, count: 1 });
  }

  /** The right token: the address starts afresh. */
  succeeded(address: string): void {
    this.#addresses.delete(address);
  }

  #forgetOldest(now: number): void {
    for (const [address, failures] of this.#addresses) {
      if (now - failures.since >= FAILED_LOGIN_WINDOW_MS) this.#addresses.delete(address);
    }
    const oldest = this.#addresses.keys().next();
    if (this.#addresses.size >= MAX_ADDRESSES && !oldest.done) this.#addresses.delete(oldest.value);
  }
}
