/**
 * The RSP sessions the eIM relays between an IPA and an SM-DP+ (SGP.32 3.2, indirect download), each under
 * the TransactionID the SM-DP+ gave in ES9+ initiateAuthentication: every later ESipa request names it, so the
 * eIM finds the SM-DP+ and the download order again whatever HTTP connection, and whatever eIM instance, the
 * request came to. They live in the eIM's store (memory, SQLite, PostgreSQL: src/store/), so several eIM
 * instances sharing one database relay one download between them, and a restart in the middle keeps it.
 *
 * An IPA makes the eIM keep these, so they are bounded: a total, a share for downloads no eIM trigger started
 * (their EID is not known: ESipa InitiateAuthentication carries none), a number per EID, one per download
 * order, and a lifetime on the injected clock after which a session is gone (the SM-DP+ ends its own: SGP.22
 * 3.1.3 leaves a session's lifetime to the server). No ES9+ client is kept with a session: each step opens
 * one to the session's SM-DP+ (SGP.22 does not bind an RSP session to a TLS connection).
 */

/** The download order the eIM's trigger started (pending-download.ts), as a session keeps it. */
export interface RelayedDownload {
  /** The eIM's id of the order. */
  readonly orderId: string;
  /** The EID the order is for (32 digits, upper case). */
  readonly eid: string;
}

export interface RelayedSession {
  /** The SM-DP+'s TransactionID, hex in upper case (SGP.22 6.5.2: as the JSON binding writes it). */
  readonly transactionId: string;
  /** The SM-DP+ (FQDN[:port]) every step of the session goes to. */
  readonly smdpAddress: string;
  /** The download order the eIM's trigger started, if one did. */
  readonly download?: RelayedDownload;
  /** When InitiateAuthentication opened it (the injected clock's milliseconds). */
  readonly openedAt: number;
  /** Set once the order's outcome is recorded: later events of the session record nothing more. */
  readonly finished: boolean;
}

export type NewRelayedSession = Omit<RelayedSession, 'finished'>;

export interface RelayLimits {
  /** Sessions open at once (default 1000). */
  readonly maxSessions: number;
  /** Of those, sessions without an eIM trigger (default a quarter). */
  readonly maxUntriggeredSessions: number;
  /**
   * Sessions of one EID's download orders (default 4): an IPA runs one procedure at a time (SGP.32 3.1.1.1),
   * and an earlier session of the same order ends when the IPA starts over.
   */
  readonly maxSessionsPerEid: number;
  /** How long a session is kept after InitiateAuthentication (default 10 minutes). */
  readonly sessionLifetimeMs: number;
}

export const DEFAULT_RELAY_LIMITS: RelayLimits = {
  maxSessions: 1000,
  maxUntriggeredSessions: 250,
  maxSessionsPerEid: 4,
  sessionLifetimeMs: 10 * 60_000,
};

/** Whether a session may open: `room`, or the bound it would pass. */
export type RelayRoom = 'room' | 'full' | 'untriggeredFull' | 'eidFull';

/** The relayed sessions of the eIM's store; every `now` is the injected clock's. */
export interface RelayedSessionStore {
  /**
   * Whether a session of this download (undefined: no trigger started it) may open, once the expired ones went
   * (the order's own earlier session does not count: it ends when the new one opens).
   */
  room(download: RelayedDownload | undefined, limits: RelayLimits, now: number): Promise<RelayRoom>;
  /**
   * Keeps a new session unless a bound is reached (`room`: kept). A session of the same TransactionID, and an
   * earlier one of the same order (the IPA started over), end first; the expired ones too.
   */
  open(session: NewRelayedSession, limits: RelayLimits, now: number): Promise<RelayRoom>;
  /** The live session of a TransactionID (hex, upper case): opened after `openedAfter`. */
  get(transactionId: string, openedAfter: number): Promise<RelayedSession | undefined>;
  /**
   * Marks the session finished; true for the one caller that did, so that its order's outcome is recorded
   * once whichever instance the session's last steps came to.
   */
  finish(transactionId: string): Promise<boolean>;
  /** Ends the session. */
  close(transactionId: string): Promise<void>;
  /** Ends the sessions opened at or before `openedBefore`; how many went. */
  purgeExpired(openedBefore: number): Promise<number>;
  /** Sessions kept (expired ones included until purged). */
  count(): Promise<number>;
}

/** How many sessions count against a new one (those of its own order excluded: they end when it opens). */
export interface RelayCounts {
  readonly total: number;
  readonly untriggered: number;
  /** Sessions of the new session's EID (0 for a session no trigger started). */
  readonly ofEid: number;
}

/** The verdict of the bounds on counts every store reads the same way. */
export function relayRoom(
  counts: RelayCounts,
  download: RelayedDownload | undefined,
  limits: RelayLimits,
): RelayRoom {
  if (counts.total >= limits.maxSessions) return 'full';
  if (!download) return counts.untriggered >= limits.maxUntriggeredSessions ? 'untriggeredFull' : 'room';
  return counts.ofEid >= limits.maxSessionsPerEid ? 'eidFull' : 'room';
}
