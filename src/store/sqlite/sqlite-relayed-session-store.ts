/**
 * The eIM's relayed download sessions in SQLite (src/eim/download/relayed-sessions.ts): opening one is one
 * transaction (expired ones out, the bounds counted, the order's earlier session ended, the new one in), so
 * processes sharing the file never pass a bound, and a restarted eIM finds the sessions it relayed before.
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
import type { SqliteDatabase } from './database.ts';

export class SqliteRelayedSessionStore implements RelayedSessionStore {
  readonly #room;
  readonly #open;

  constructor(private readonly db: SqliteDatabase) {
    const purge = db.prepare('DELETE FROM eim_relayed_sessions WHERE opened_at <= ?');
    const counts = db.prepare(RELAY_COUNTS_SELECT('?', '?'));
    const room = (download: RelayedDownload | undefined, limits: RelayLimits, now: number): RelayRoom => {
      purge.run(now - limits.sessionLifetimeMs);
      // the placeholders in the order they stand in the text: the EID's, then the order's
      const row = counts.get(download?.eid ?? '', download?.orderId ?? '') as RelayCountsRow | undefined;
      return relayRoom(relayCountsOf(row), download, limits);
    };
    this.#room = db.transaction(room);
    const endEarlier = db.prepare(
      'DELETE FROM eim_relayed_sessions WHERE transaction_id = ? OR order_id = ?',
    );
    const insert = db.prepare(
      `INSERT INTO eim_relayed_sessions (${RELAYED_SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, 0)`,
    );
    this.#open = db.transaction((session: NewRelayedSession, limits: RelayLimits, now: number): RelayRoom => {
      const verdict = room(session.download, limits, now);
      if (verdict !== 'room') return verdict;
      endEarlier.run(session.transactionId, session.download?.orderId ?? null);
      insert.run(...newRelayedSessionValues(session));
      return 'room';
    });
  }

  async room(download: RelayedDownload | undefined, limits: RelayLimits, now: number): Promise<RelayRoom> {
    return this.#room.immediate(download, limits, now);
  }

  async open(session: NewRelayedSession, limits: RelayLimits, now: number): Promise<RelayRoom> {
    return this.#open.immediate(session, limits, now);
  }

  async get(transactionId: string, openedAfter: number): Promise<RelayedSession | undefined> {
    const row = this.db
      .prepare(
        `SELECT ${RELAYED_SESSION_COLUMNS} FROM eim_relayed_sessions WHERE transaction_id = ? AND opened_at > ?`,
      )
      .get(transactionId, openedAfter) as RelayedSessionRow | undefined;
    return row ? relayedSessionOf(row) : undefined;
  }

  async finish(transactionId: string): Promise<boolean> {
    return (
      this.db
        .prepare('UPDATE eim_relayed_sessions SET finished = 1 WHERE transaction_id = ? AND finished = 0')
        .run(transactionId).changes === 1
    );
  }

  async close(transactionId: string): Promise<void> {
    this.db.prepare('DELETE FROM eim_relayed_sessions WHERE transaction_id = ?').run(transactionId);
  }

  async purgeExpired(openedBefore: number): Promise<number> {
    return this.db.prepare('DELETE FROM eim_relayed_sessions WHERE opened_at <= ?').run(openedBefore).changes;
  }

  async count(): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM eim_relayed_sessions').get() as { n: number }).n;
  }
}
