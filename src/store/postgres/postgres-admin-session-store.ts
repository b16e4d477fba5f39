/** The admin page's sessions in PostgreSQL: a login on one instance holds on every other, so does a logout. */
import type { AdminSessionStore } from '../../rsp-server/http/admin-sessions.ts';
import { adminSessionSql } from '../admin-session-sql.ts';
import type { PostgresQueries } from './reconnecting-pool.ts';

const SQL = adminSessionSql((n) => `$${n}`);

export class PostgresAdminSessionStore implements AdminSessionStore {
  constructor(private readonly pool: PostgresQueries) {}

  async keep(idHash: Buffer, expiresAt: number, now: number): Promise<void> {
    await this.pool.query(SQL.purge, [now]);
    await this.pool.query(SQL.trim);
    await this.pool.query(SQL.insert, [idHash, expiresAt]);
  }

  async isKept(idHash: Buffer, now: number): Promise<boolean> {
    return (await this.pool.query(SQL.select, [idHash, now])).rowCount === 1;
  }

  async forget(idHash: Buffer): Promise<void> {
    await this.pool.query(SQL.delete, [idHash]);
  }
}
