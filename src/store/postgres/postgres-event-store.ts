/**
 * The SM-DS's Event Records in PostgreSQL. A registration inserts only while its caller (in all and for the
 * EID) and the table are under their bounds, in one statement; the unique (eid, event_id) makes a second one a duplicate.
 */

import {
  EVENT_LIMITS,
  type EventRecord,
  type EventStore,
  type RegisterOutcome,
} from '../../smds/event-store.ts';
import { EVENT_COLUMNS, type EventRow, eventOf, eventValues } from '../event-row.ts';
import type { PostgresQueries } from './reconnecting-pool.ts';

export class PostgresEventStore implements EventStore {
  constructor(private readonly pool: PostgresQueries) {}

  async register(event: EventRecord): Promise<RegisterOutcome> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO smds_events (${EVENT_COLUMNS})
       SELECT $1, $2, $3, $4, $5, $6
       WHERE (SELECT COUNT(*) FROM smds_events WHERE registered_by = $6 AND eid = $1) < $7
         AND (SELECT COUNT(*) FROM smds_events WHERE registered_by = $6) < $8
         AND (SELECT COUNT(*) FROM smds_events) < $9
       ON CONFLICT (eid, event_id) DO NOTHING`,
      [...eventValues(event), EVENT_LIMITS.perCallerPerEid, EVENT_LIMITS.perCaller, EVENT_LIMITS.total],
    );
    if (rowCount === 1) return 'registered';
    const { rows } = await this.pool.query('SELECT 1 FROM smds_events WHERE eid = $1 AND event_id = $2', [
      event.eid,
      event.eventId,
    ]);
    return rows.length > 0 ? 'duplicate' : 'full';
  }

  async delete(eid: string, eventId: string): Promise<EventRecord | undefined> {
    const { rows } = await this.pool.query(
      `DELETE FROM smds_events WHERE eid = $1 AND event_id = $2 RETURNING ${EVENT_COLUMNS}`,
      [eid, eventId],
    );
    return rows[0] ? eventOf(rows[0] as EventRow) : undefined;
  }

  async forEid(eid: string): Promise<EventRecord[]> {
    const { rows } = await this.pool.query(
      `SELECT ${EVENT_COLUMNS} FROM smds_events WHERE eid = $1 ORDER BY seq`,
      [eid],
    );
    return (rows as EventRow[]).map(eventOf);
  }

  async list(): Promise<EventRecord[]> {
    const { rows } = await this.pool.query(`SELECT ${EVENT_COLUMNS} FROM smds_events ORDER BY seq`);
    return (rows as EventRow[]).map(eventOf);
  }
}
