/**
 * The RSP sessions the eIM relays between an IPA and an SM-DP+ (SGP.32 3.2, indirect download), each under
 * the TransactionID the SM-DP+ gave in ES9+ initiateAuthentication: every later ESipa request names it, so the
 * eIM finds the SM-DP+ and the download order again whatever HTTP connection the request came on. An IPA makes
 * the eIM keep these, so they are bounded: a total, a share for downloads no eIM trigger started, one per
 * download order, and a lifetime on the injected clock. Kept in this process only (our reading: a relayed
 * session lives no longer than its HTTP exchanges; an eIM restart ends it, and the SM-DP+ lets it expire).
 */
import type { Es9Transport } from '../../lpa/es9-client.ts';
import type { PendingDownload } from './pending-download.ts';

export interface RelayedSession {
  /** The SM-DP+'s TransactionID, hex in upper case (SGP.22 6.5.2: as the JSON binding writes it). */
  readonly transactionId: string;
  readonly smdpAddress: string;
  /** The ES9+ client of this session's SM-DP+, closed with the session. */
  readonly es9: Es9Transport;
  /** The download order the eIM's trigger started, if one did. */
  readonly download: PendingDownload | undefined;
  readonly openedAt: number;
  /** Set once the order's outcome is recorded: later events of the session record nothing more. */
  finished: boolean;
}

export interface RelayLimits {
  /** Sessions open at once (default 1000). */
  readonly maxSessions: number;
  /** Of those, sessions without an eIM trigger (default a quarter). */
  readonly maxUntriggeredSessions: number;
  /** How long a session is kept after InitiateAuthentication (default 10 minutes). */
  readonly sessionLifetimeMs: number;
}

export const DEFAULT_RELAY_LIMITS: RelayLimits = {
  maxSessions: 1000,
  maxUntriggeredSessions: 250,
  sessionLifetimeMs: 10 * 60_000,
};

export class RelayedSessions {
  readonly #sessions = new Map<string, RelayedSession>();

  constructor(
    readonly limits: RelayLimits,
    private readonly now: () => number,
  ) {}

  get size(): number {
    return this.#sessions.size;
  }

  /** Ends the sessions past their lifetime; how many went. */
  purgeExpired(): number {
    const oldest = this.now() - this.limits.sessionLifetimeMs;
    let purged = 0;
    for (const session of [...this.#sessions.values()]) {
      if (session.openedAt <= oldest) {
        this.close(session.transactionId);
        purged++;
      }
    }
    return purged;
  }

  /** Whether one more session may open (after the expired ones went); `triggered`: an order started it. */
  hasRoom(triggered: boolean): boolean {
    this.purgeExpired();
    if (this.#sessions.size >= this.limits.maxSessions) return false;
    if (triggered) return true;
    let untriggered = 0;
    for (const session of this.#sessions.values()) if (!session.download) untriggered++;
    return untriggered < this.limits.maxUntriggeredSessions;
  }

  /** Keeps a new session; an earlier one of the same order (the IPA started over) ends. */
  open(session: Omit<RelayedSession, 'openedAt' | 'finished'>): RelayedSession {
    const { download } = session;
    if (download)
      for (const other of [...this.#sessions.values()])
        if (other.download?.orderId === download.orderId) this.close(other.transactionId);
    this.close(session.transactionId);
    const kept: RelayedSession = { ...session, openedAt: this.now(), finished: false };
    this.#sessions.set(session.transactionId, kept);
    return kept;
  }

  /** The live session of a TransactionID (hex, any case). */
  get(transactionId: string): RelayedSession | undefined {
    const key = transactionId.toUpperCase();
    const session = this.#sessions.get(key);
    if (!session) return undefined;
    if (session.openedAt <= this.now() - this.limits.sessionLifetimeMs) {
      this.close(key);
      return undefined;
    }
    return session;
  }

  close(transactionId: string): void {
    const key = transactionId.toUpperCase();
    this.#sessions.get(key)?.es9.close();
    this.#sessions.delete(key);
  }

  closeAll(): void {
    for (const key of [...this.#sessions.keys()]) this.close(key);
  }
}
