/** RSP sessions in PostgreSQL: any instance can continue a session another one started. */

import type { RspSession, SessionStore } from '../../rsp-server/session.ts';
import { fromStoredJson, toStoredJson } from '../buffer-json.ts';
import type { PostgresQueries } from './reconnecting-pool.ts';

/** Sessions stored before sources were recorded have none (NULL); the store interface calls that source ''. */
const storedSource = (source: string) => (source === '' ? null : source);

export class PostgresSessionStore implements SessionStore {
  constructor(private readonly pool: PostgresQueries) {}

  async create(session: RspSession): Promise<void> {
    await this.pool.query(
      'INSERT INTO sessions (transaction_id, phase, expires_at, data, source) VALUES ($1, $2, $3, $4, $5)',
      [
        session.transactionId,
        session.phase,
        session.expiresAt,
        toStoredJson(session),
        session.source ?? null,
      ],
    );
  }

  async get(transactionId: string, now: number): Promise<RspSession | undefined> {
    const { rows } = await this.pool.query(
      'SELECT data FROM sessions WHERE transaction_id = $1 AND expires_at > $2',
      [transactionId, now],
    );
    return rows[0] ? fromStoredJson<RspSession>(rows[0].data) : undefined;
  }

  async update(session: RspSession): Promise<void> {
    await this.pool.query(
      'UPDATE sessions SET phase = $1, expires_at = $2, data = $3 WHERE transaction_id = $4',
      [session.phase, session.expiresAt, toStoredJson(session), session.transactionId],
    );
  }

  async delete(transactionId: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE transaction_id = $1', [transactionId]);
  }

  async list(now: number): Promise<RspSession[]> {
    await this.purgeExpired(now);
    const { rows } = await this.pool.query(
      'SELECT data FROM sessions WHERE expires_at > $1 ORDER BY created',
      [now],
    );
    return rows.map((row) => fromStoredJson<RspSession>(row.data));
  }

  async purgeExpired(now: number): Promise<number> {
    const result = await this.pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
    return result.rowCount ?? 0;
  }

  async countInitiated(now: number, source?: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      source === undefined
        ? "SELECT COUNT(*) AS n FROM sessions WHERE phase = 'initiated' AND expires_at > $1"
        : `SELECT COUNT(*) AS n FROM sessions
           WHERE phase = 'initiated' AND source IS NOT DISTINCT FROM $2 AND expires_at > $1`,
      source === undefined ? [now] : [now, storedSource(source)],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async busiestInitiatedSource(now: number): Promise<{ source: string; count: number } | undefined> {
    const { rows } = await this.pool.query<{ source: string | null; n: string }>(
      `SELECT source, COUNT(*) AS n FROM sessions WHERE phase = 'initiated' AND expires_at > $1
       GROUP BY source ORDER BY n DESC LIMIT 1`,
      [now],
    );
    const row = rows[0];
    return row ? { source: row.source ?? '', count: Number(row.n) } : undefined;
  }

  async deleteOldestInitiated(now: number, source: string): Promise<void> {
    await this.pool.query(
      `DELETE FROM sessions WHERE transaction_id = (SELECT transaction_id FROM sessions
       WHERE phase = 'initiated' AND source IS NOT DISTINCT FROM $2 AND expires_at > $1
       ORDER BY expires_at, created LIMIT 1)`,
      [now, storedSource(source)],
    );
  }
}
