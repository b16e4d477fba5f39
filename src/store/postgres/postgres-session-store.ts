/** RSP sessions in PostgreSQL: any instance can continue a session another one started. */

import type { RspSession, SessionStore } from '../../rsp-server/session.ts';
import { fromStoredJson, toStoredJson } from '../buffer-json.ts';
import type { PostgresQueries } from './reconnecting-pool.ts';

export class PostgresSessionStore implements SessionStore {
  constructor(private readonly pool: PostgresQueries) {}

  async create(session: RspSession): Promise<void> {
    await this.pool.query(
      'INSERT INTO sessions (transaction_id, phase, expires_at, data) VALUES ($1, $2, $3, $4)',
      [session.transactionId, session.phase, session.expiresAt, toStoredJson(session)],
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

  async countInitiated(now: number): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      "SELECT COUNT(*) AS n FROM sessions WHERE phase = 'initiated' AND expires_at > $1",
      [now],
    );
    return Number(rows[0]!.n);
  }
}
