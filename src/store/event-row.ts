/** An SM-DS Event Record as a table row, the same columns in every SQL store. */
import type { EventRecord } from '../smds/event-store.ts';

export const EVENT_COLUMNS = 'eid, event_id, rsp_server_address, registered_at, forwarded_to, registered_by';

export interface EventRow {
  eid: string;
  event_id: string;
  rsp_server_address: string;
  /** A BIGINT arrives from PostgreSQL as a string. */
  registered_at: number | string;
  forwarded_to: string | null;
  registered_by: string | null;
}

export function eventOf(row: EventRow): EventRecord {
  return {
    eid: row.eid,
    eventId: row.event_id,
    rspServerAddress: row.rsp_server_address,
    registeredAt: Number(row.registered_at),
    ...(row.forwarded_to !== null ? { forwardedTo: row.forwarded_to } : {}),
    ...(row.registered_by !== null ? { registeredBy: row.registered_by } : {}),
  };
}

/** The column values of a record, in EVENT_COLUMNS order. */
export const eventValues = (event: EventRecord): unknown[] => [
  event.eid,
  event.eventId,
  event.rspServerAddress,
  event.registeredAt,
  event.forwardedTo ?? null,
  event.registeredBy ?? null,
];
