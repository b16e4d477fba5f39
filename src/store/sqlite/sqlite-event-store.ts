/** The SM-DS's Event Records in SQLite; a registration is one transaction (duplicate, caller's bounds, insert). */
import {
  EVENT_LIMITS,
  type EventRecord,
  type EventStore,
  type RegisterOutcome,
} from '../../smds/event-store.ts';
import { EVENT_COLUMNS, type EventRow, eventOf, eventValues } from '../event-row.ts';
import type { SqliteDatabase } from './database.ts';

export class SqliteEventStore implements EventStore {
  readonly #register;
  readonly #delete;
  readonly #forEid;
  readonly #list;

  constructor(db: SqliteDatabase) {
    const exists = db.prepare('SELECT 1 FROM smds_events WHERE eid = ? AND event_id = ?');
    const countForCallerEid = db.prepare(
      'SELECT COUNT(*) AS n FROM smds_events WHERE registered_by IS ? AND eid = ?',
    );
    const countForCaller = db.prepare('SELECT COUNT(*) AS n FROM smds_events WHERE registered_by IS ?');
    const count = db.prepare('SELECT COUNT(*) AS n FROM smds_events');
    const insert = db.prepare(`INSERT INTO smds_events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`);
    const n = (statement: { get(...values: unknown[]): unknown }, ...values: unknown[]) =>
      (statement.get(...values) as { n: number }).n;
    this.#register = db.transaction((event: EventRecord): RegisterOutcome => {
      if (exists.get(event.eid, event.eventId)) return 'duplicate';
      const caller = event.registeredBy ?? null;
      if (
        n(countForCallerEid, caller, event.eid) >= EVENT_LIMITS.perCallerPerEid ||
        n(countForCaller, caller) >= EVENT_LIMITS.perCaller ||
        n(count) >= EVENT_LIMITS.total
      )
        return 'full';
      insert.run(...eventValues(event));
      return 'registered';
    });
    this.#delete = db.prepare(
      `DELETE FROM smds_events WHERE eid = ? AND event_id = ? RETURNING ${EVENT_COLUMNS}`,
    );
    this.#forEid = db.prepare(`SELECT ${EVENT_COLUMNS} FROM smds_events WHERE eid = ? ORDER BY seq`);
    this.#list = db.prepare(`SELECT ${EVENT_COLUMNS} FROM smds_events ORDER BY seq`);
  }

  async register(event: EventRecord): Promise<RegisterOutcome> {
    return this.#register.immediate(event);
  }

  async delete(eid: string, eventId: string): Promise<EventRecord | undefined> {
    const row = this.#delete.get(eid, eventId) as EventRow | undefined;
    return row ? eventOf(row) : undefined;
  }

  async forEid(eid: string): Promise<EventRecord[]> {
    return (this.#forEid.all(eid) as EventRow[]).map(eventOf);
  }

  async list(): Promise<EventRecord[]> {
    return (this.#list.all() as EventRow[]).map(eventOf);
  }
}
