/**
 * The eIM's relayed download sessions in PostgreSQL (src/eim/download/relayed-sessions.ts), shared by every
 * eIM instance on the database: a download whose InitiateAuthentication went to one instance continues on
 * another. Each operation is one statement at a time; the bounds are checked in the INSERT that would pass
 * them, and `finish` is one conditional UPDATE, so only one instance records a session's outcome.
 */
import {
  type NewRelayedSession,
  type RelayedDownload,
  type RelayedSession,
  type RelayedSessionStore,
  type RelayLimits,
  type RelayRoom,
  relayRoom,
} from '../../eim/download/relayed-sessions.ts';
import {
  newRelayedSessionValues,
  RELAY_COUNTS_SELECT,
  RELAYED_SESSION_COLUMNS,
  type RelayCountsRow,
  type RelayedSessionRow,
  relayCountsOf,
  relayedSessionOf,
} from '../relayed-session-row.ts';
import type { PostgresQueries } from './reconnecting-pool.ts';

export class PostgresRelayedSessionStore implements RelayedSessionStore {
  constructor(private readonly pool: PostgresQueries) {}

  async room(download: RelayedDownload | undefined, limits: RelayLimits, now: number): Promise<RelayRoom> {
    await this.purgeExpired(now - limits.sessionLifetimeMs);
    const { rows } = await this.pool.query<RelayCountsRow>(RELAY_COUNTS_SELECT('$1', '$2'), [
      download?.orderId ?? '',
      download?.eid ?? '',
    ]);
    return relayRoom(relayCountsOf(rows[0]), download, limits);
  }

  async open(session: NewRelayedSession, limits: RelayLimits, now: number): Promise<RelayRoom> {
    const { download } = session;
    const verdict = await this.room(download, limits, now);
    if (verdict !== 'room') return verdict;
    await this.pool.query('DELETE FROM eim_relayed_sessions WHERE transaction_id = $1 OR order_id = $2', [
      session.transactionId,
      download?.orderId ?? null,
    ]);
    // The bounds again in the INSERT itself: another instance may have opened sessions since the count.
    const bound = download
      ? '(SELECT COUNT(*) FROM eim_relayed_sessions WHERE eid = $4) < $7'
      : '(SELECT COUNT(*) FROM eim_relayed_sessions WHERE order_id IS NULL) < $7';
    const { rowCount } = await this.pool.query(
      `INSERT INTO eim_relayed_sessions (${RELAYED_SESSION_COLUMNS})
       SELECT $1, $2, $3, $4, $5, FALSE
       WHERE (SELECT COUNT(*) FROM eim_relayed_sessions) < $6 AND ${bound}
       ON CONFLICT (transaction_id) DO NOTHING`,
      [
        ...newRelayedSessionValues(session),
        limits.maxSessions,
        download ? limits.maxSessionsPerEid : limits.maxUntriggeredSessions,
      ],
    );
    if (rowCount === 1) return 'room';
    // Refused by the INSERT's own count (or the TransactionID is kept already): the bound it met.
    const met = await this.room(download, limits, now);
    return met === 'room' ? 'full' : met;
  }

  async get(transactionId: string, openedAfter: number): Promise<RelayedSession | undefined> {
    const { rows } = await this.pool.query<RelayedSessionRow>(
      `SELECT ${RELAYED_SESSION_COLUMNS} FROM eim_relayed_sessions WHERE transaction_id = $1 AND opened_at > $2`,
      [transactionId, openedAfter],
    );
    return rows[0] ? relayedSessionOf(rows[0]) : undefined;
  }

  async finish(transactionId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE eim_relayed_sessions SET finished = TRUE WHERE transaction_id = $1 AND NOT finished',
      [transactionId],
    );
    return rowCount === 1;
  }

  async close(transactionId: string): Promise<void> {
    await this.pool.query('DELETE FROM eim_relayed_sessions WHERE transaction_id = $1', [transactionId]);
  }

  async purgeExpired(openedBefore: number): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM eim_relayed_sessions WHERE opened_at <= $1', [
      openedBefore,
    ]);
    return rowCount ?? 0;
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM eim_relayed_sessions');
    return Number(rows[0]?.n ?? 0);
  }
}
