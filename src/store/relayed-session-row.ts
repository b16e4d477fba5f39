/** The eIM's relayed download sessions as table rows, the same columns in every SQL store. */
import type { NewRelayedSession, RelayedSession } from '../eim/download/relayed-sessions.ts';

export const RELAYED_SESSION_COLUMNS = 'transaction_id, smdp_address, order_id, eid, opened_at, finished';

export interface RelayedSessionRow {
  transaction_id: string;
  smdp_address: string;
  order_id: string | null;
  eid: string | null;
  /** A BIGINT arrives from PostgreSQL as a string. */
  opened_at: number | string;
  /** SQLite's 0 / 1, PostgreSQL's BOOLEAN. */
  finished: number | boolean;
}

export function relayedSessionOf(row: RelayedSessionRow): RelayedSession {
  return {
    transactionId: row.transaction_id,
    smdpAddress: row.smdp_address,
    ...(row.order_id !== null && row.eid !== null
      ? { download: { orderId: row.order_id, eid: row.eid } }
      : {}),
    openedAt: Number(row.opened_at),
    finished: Boolean(row.finished),
  };
}

/** The column values of a new session, in RELAYED_SESSION_COLUMNS order but `finished` (its default). */
export const newRelayedSessionValues = (session: NewRelayedSession): unknown[] => [
  session.transactionId,
  session.smdpAddress,
  session.download?.orderId ?? null,
  session.download?.eid ?? null,
  session.openedAt,
];

/** The counts a new session's bounds read (relayRoom): `$order` / `$eid` are the new session's, or ''. */
export const RELAY_COUNTS_SELECT = (order: string, eid: string) =>
  `SELECT COUNT(*) AS total,
          COALESCE(SUM(CASE WHEN order_id IS NULL THEN 1 ELSE 0 END), 0) AS untriggered,
          COALESCE(SUM(CASE WHEN eid = ${eid} THEN 1 ELSE 0 END), 0) AS of_eid
   FROM eim_relayed_sessions WHERE order_id IS NULL OR order_id <> ${order}`;

export interface RelayCountsRow {
  total: number | string;
  untriggered: number | string;
  of_eid: number | string;
}

export const relayCountsOf = (row: RelayCountsRow | undefined) => ({
  total: Number(row?.total ?? 0),
  untriggered: Number(row?.untriggered ?? 0),
  ofEid: Number(row?.of_eid ?? 0),
});
