/**
 * Expired RSP sessions leave the store: once at start (what a stopped server left) and then periodically, on
 * the server's own clock. A store that only forgets sessions when they are looked up again would keep every
 * abandoned one — a client opening sessions and walking away would fill it.
 */
import type { Logger } from 'pino';
import type { SessionStore } from './session.ts';

const SESSION_PURGE_INTERVAL_MS = 60_000;

export interface SessionPurge {
  /** Purges now; how many sessions went. */
  purge(): Promise<number>;
  stop(): void;
}

export async function startSessionPurge(options: {
  readonly sessions: SessionStore;
  readonly now: () => number;
  readonly log: Logger;
  readonly intervalMs?: number;
}): Promise<SessionPurge> {
  const { sessions, now, log } = options;
  const purge = () => sessions.purgeExpired(now());
  const logged = async () => {
    try {
      const purged = await purge();
      if (purged > 0) log.debug({ purged }, 'expired sessions purged');
    } catch (error) {
      log.warn({ err: error }, 'expired sessions not purged');
    }
  };
  await logged();
  // unref: the timer alone never keeps the process alive.
  const timer = setInterval(logged, options.intervalMs ?? SESSION_PURGE_INTERVAL_MS).unref();
  return { purge, stop: () => clearInterval(timer) };
}
