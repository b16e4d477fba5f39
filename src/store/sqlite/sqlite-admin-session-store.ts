/** The admin page's sessions in SQLite: every process on the store file sees every login. */
import type { AdminSessionStore } from '../../rsp-server/http/admin-sessions.ts';
import { adminSessionSql } from '../admin-session-sql.ts';
import type { SqliteDatabase } from './database.ts';

const SQL = adminSessionSql(() => '?');

export class SqliteAdminSessionStore implements AdminSessionStore {
  constructor(private readonly db: SqliteDatabase) {}

  async keep(idHash: Buffer, expiresAt: number, now: number): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare(SQL.purge).run(now);
      this.db.prepare(SQL.trim).run();
      this.db.prepare(SQL.insert).run(idHash, expiresAt);
    })();
  }

  async isKept(idHash: Buffer, now: number): Promise<boolean> {
    return this.db.prepare(SQL.select).get(idHash, now) !== undefined;
  }

  async forget(idHash: Buffer): Promise<void> {
    this.db.prepare(SQL.delete).run(idHash);
  }
}
