/** RSP sessions in SQLite: what one SM-DP+ process wrote, another sharing the file can continue. */
import type { RspSession, SessionStore } from '../../rsp-server/session.ts';
import { fromStoredJson, toStoredJson } from '../buffer-json.ts';
import type { SqliteDatabase } from './database.ts';

/** Sessions stored before sources were recorded have none (NULL); the store interface calls that source ''. */
const storedSource = (source: string) => (source === '' ? null : source);

export class SqliteSessionStore implements SessionStore {
  readonly #insert;
  readonly #select;
  readonly #update;
  readonly #delete;
  readonly #deleteExpired;
  readonly #list;
  readonly #countInitiated;
  readonly #countInitiatedOf;
  readonly #busiest;
  readonly #deleteOldest;

  constructor(db: SqliteDatabase) {
    this.#insert = db.prepare(
      'INSERT INTO sessions (transaction_id, phase, expires_at, data, source) VALUES (?, ?, ?, ?, ?)',
    );
    this.#select = db.prepare('SELECT data FROM sessions WHERE transaction_id = ? AND expires_at > ?');
    this.#update = db.prepare(
      'UPDATE sessions SET phase = ?, expires_at = ?, data = ? WHERE transaction_id = ?',
    );
    this.#delete = db.prepare('DELETE FROM sessions WHERE transaction_id = ?');
    this.#deleteExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
    this.#list = db.prepare('SELECT data FROM sessions WHERE expires_at > ? ORDER BY rowid');
    this.#countInitiated = db.prepare(
      "SELECT COUNT(*) AS n FROM sessions WHERE phase = 'initiated' AND expires_at > ?",
    );
    this.#countInitiatedOf = db.prepare(
      "SELECT COUNT(*) AS n FROM sessions WHERE phase = 'initiated' AND source IS ? AND expires_at > ?",
    );
    this.#busiest = db.prepare(
      `SELECT source, COUNT(*) AS n FROM sessions WHERE phase = 'initiated' AND expires_at > ?
       GROUP BY source ORDER BY n DESC LIMIT 1`,
    );
    this.#deleteOldest = db.prepare(
      `DELETE FROM sessions WHERE transaction_id = (SELECT transaction_id FROM sessions
       WHERE phase = 'initiated' AND source IS ? AND expires_at > ? ORDER BY expires_at, rowid LIMIT 1)`,
    );
  }

  async create(session: RspSession): Promise<void> {
    this.#insert.run(
      session.transactionId,
      session.phase,
      session.expiresAt,
      toStoredJson(session),
      session.source ?? null,
    );
  }

  async get(transactionId: string, now: number): Promise<RspSession | undefined> {
    const row = this.#select.get(transactionId, now) as { data: string } | undefined;
    return row ? fromStoredJson<RspSession>(row.data) : undefined;
  }

  async update(session: RspSession): Promise<void> {
    this.#update.run(session.phase, session.expiresAt, toStoredJson(session), session.transactionId);
  }

  async delete(transactionId: string): Promise<void> {
    this.#delete.run(transactionId);
  }

  async list(now: number): Promise<RspSession[]> {
    await this.purgeExpired(now);
    return (this.#list.all(now) as { data: string }[]).map((row) => fromStoredJson<RspSession>(row.data));
  }

  async purgeExpired(now: number): Promise<number> {
    return this.#deleteExpired.run(now).changes;
  }

  async countInitiated(now: number, source?: string): Promise<number> {
    const row =
      source === undefined
        ? this.#countInitiated.get(now)
        : this.#countInitiatedOf.get(storedSource(source), now);
    return (row as { n: number }).n;
  }

  async busiestInitiatedSource(now: number): Promise<{ source: string; count: number } | undefined> {
    const row = this.#busiest.get(now) as { source: string | null; n: number } | undefined;
    return row ? { source: row.source ?? '', count: row.n } : undefined;
  }

  async deleteOldestInitiated(now: number, source: string): Promise<void> {
    this.#deleteOldest.run(storedSource(source), now);
  }
}
