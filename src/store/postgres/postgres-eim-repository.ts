/**
 * The eIM's orders and eUICC records in PostgreSQL (src/eim/eim-repository.ts), for several eIM instances
 * sharing one state. Each operation is one statement: taking an order locks the row it takes and skips rows
 * another instance holds (FOR UPDATE SKIP LOCKED), so two polls never take one order; a bound is checked in the
 * INSERT that would pass it.
 */
import type {
  AddOrderOutcome,
  EimEuicc,
  EimEuiccPatch,
  EimLimits,
  EimOrder,
  EimRepository,
  ExpiredOrders,
  JsonValue,
  NewEimOrder,
  OrderFacility,
  OrderTimeouts,
} from '../../eim/eim-repository.ts';
import {
  EIM_EUICC_COLUMNS,
  EIM_ORDER_COLUMNS,
  type EimEuiccRow,
  type EimOrderRow,
  eimEuiccOf,
  eimEuiccPatchColumns,
  eimOrderOf,
  newEimOrderValues,
  procedureError,
  QUEUED_FACILITIES,
} from '../eim-row.ts';
import type { PostgresQueries } from './reconnecting-pool.ts';

const marks = (from: number, n: number) => Array.from({ length: n }, (_, i) => `$${from + i}`).join(', ');

export class PostgresEimRepository implements EimRepository {
  constructor(private readonly pool: PostgresQueries) {}

  async #orderRow(where: string, params: unknown[]): Promise<EimOrder | undefined> {
    const { rows } = await this.pool.query<EimOrderRow>(
      `SELECT ${EIM_ORDER_COLUMNS} FROM eim_orders WHERE ${where} ORDER BY seq LIMIT 1`,
      params,
    );
    return rows[0] ? eimOrderOf(rows[0]) : undefined;
  }

  async addOrder(order: NewEimOrder, limits: EimLimits): Promise<AddOrderOutcome> {
    const values = newEimOrderValues(order);
    const n = values.length;
    const { rowCount } = await this.pool.query(
      `INSERT INTO eim_orders (${EIM_ORDER_COLUMNS})
       SELECT ${marks(1, n)}
       WHERE (SELECT COUNT(*) FROM eim_orders) < $${n + 1}
         AND (SELECT COUNT(*) FROM eim_orders WHERE eid = $3) < $${n + 2}`,
      [...values, limits.maxOrders, limits.maxOrdersPerEid],
    );
    if (rowCount === 1) return 'added';
    const { rows } = await this.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM eim_orders');
    return Number(rows[0]?.n ?? 0) >= limits.maxOrders ? 'ordersFull' : 'eidFull';
  }

  async order(id: string): Promise<EimOrder | undefined> {
    return this.#orderRow('id = $1', [id]);
  }

  async orderIds(facility: OrderFacility): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      'SELECT id FROM eim_orders WHERE facility = $1 ORDER BY seq',
      [facility],
    );
    return rows.map((row) => row.id);
  }

  async recentOrders(limit: number, offset = 0): Promise<EimOrder[]> {
    const { rows } = await this.pool.query<EimOrderRow>(
      `SELECT ${EIM_ORDER_COLUMNS} FROM eim_orders ORDER BY seq DESC LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return rows.map(eimOrderOf);
  }

  async deleteOrder(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM eim_orders WHERE id = $1', [id]);
    return rowCount === 1;
  }

  async takeNext(eid: string, now: number): Promise<EimOrder | undefined> {
    const { rows } = await this.pool.query<EimOrderRow>(
      `UPDATE eim_orders SET status = 'work', updated_at = $2
       WHERE seq = (SELECT seq FROM eim_orders
                    WHERE eid = $1 AND status = 'new' AND facility IN ${QUEUED_FACILITIES}
                    ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED)
         AND status = 'new'
       RETURNING ${EIM_ORDER_COLUMNS}`,
      [eid, now],
    );
    return rows[0] ? eimOrderOf(rows[0]) : undefined;
  }

  async markSent(id: string, eimTransactionId: string, sent: JsonValue, now: number): Promise<void> {
    await this.pool.query(
      `UPDATE eim_orders SET eim_transaction_id = $2, sent = $3, updated_at = $4 WHERE id = $1 AND status = 'work'`,
      [id, eimTransactionId, JSON.stringify(sent), now],
    );
  }

  async inWorkByTransactionId(eimTransactionId: string): Promise<EimOrder | undefined> {
    return this.#orderRow("status = 'work' AND eim_transaction_id = $1", [eimTransactionId]);
  }

  async oldestInWork(eid: string): Promise<EimOrder | undefined> {
    return this.#orderRow("status = 'work' AND eid = $1", [eid]);
  }

  async finish(
    id: string,
    outcome: readonly JsonValue[],
    debugInfo: string | undefined,
    now: number,
  ): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE eim_orders SET status = 'done', outcome = $2, debug_info = COALESCE($3, debug_info), updated_at = $4
       WHERE id = $1 AND status IN ('new', 'work')`,
      [id, JSON.stringify(outcome), debugInfo ?? null, now],
    );
    return rowCount === 1;
  }

  async expire(now: number, timeouts: OrderTimeouts): Promise<ExpiredOrders> {
    const giveUp = async (status: string, outcome: string, olderThan: number) =>
      (
        await this.pool.query(
          `UPDATE eim_orders SET status = 'done', outcome = $1, updated_at = $2 WHERE status = $3 AND updated_at <= $4`,
          [outcome, now, status, olderThan],
        )
      ).rowCount ?? 0;
    const stuck = await giveUp('work', procedureError('stuckOrder'), now - timeouts.stuckMs);
    const noshow = await giveUp('new', procedureError('noshowOrder'), now - timeouts.noshowMs);
    const { rowCount } = await this.pool.query(
      `DELETE FROM eim_orders WHERE status = 'done' AND updated_at <= $1`,
      [now - timeouts.expiryMs],
    );
    return { stuck, noshow, removed: rowCount ?? 0 };
  }

  async ensureEuicc(
    eid: string,
    initial: EimEuiccPatch,
    maxEuiccs: number,
    now: number,
  ): Promise<EimEuicc | undefined> {
    const known = await this.euicc(eid);
    if (known) return known;
    const columns: [string, unknown][] = [
      ['eid', eid],
      ...eimEuiccPatchColumns(initial),
      ['updated_at', now],
    ];
    await this.pool.query(
      `INSERT INTO eim_euiccs (${columns.map(([c]) => c).join(', ')})
       SELECT ${marks(1, columns.length)}
       WHERE (SELECT COUNT(*) FROM eim_euiccs) < $${columns.length + 1}
       ON CONFLICT (eid) DO NOTHING`,
      [...columns.map(([, v]) => v), maxEuiccs],
    );
    return this.euicc(eid);
  }

  async euicc(eid: string): Promise<EimEuicc | undefined> {
    const { rows } = await this.pool.query<EimEuiccRow>(
      `SELECT ${EIM_EUICC_COLUMNS} FROM eim_euiccs WHERE eid = $1`,
      [eid],
    );
    return rows[0] ? eimEuiccOf(rows[0]) : undefined;
  }

  async euiccs(limit: number, offset = 0): Promise<EimEuicc[]> {
    const { rows } = await this.pool.query<EimEuiccRow>(
      `SELECT ${EIM_EUICC_COLUMNS} FROM eim_euiccs ORDER BY eid LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return rows.map(eimEuiccOf);
  }

  async nextCounterValue(eid: string, now: number): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ counter_value: string }>(
      'UPDATE eim_euiccs SET counter_value = counter_value + 1, updated_at = $2 WHERE eid = $1 RETURNING counter_value',
      [eid, now],
    );
    return rows[0] ? Number(rows[0].counter_value) : undefined;
  }

  async updateEuicc(eid: string, patch: EimEuiccPatch, now: number): Promise<EimEuicc | undefined> {
    const columns: [string, unknown][] = [...eimEuiccPatchColumns(patch), ['updated_at', now]];
    const { rows } = await this.pool.query<EimEuiccRow>(
      `UPDATE eim_euiccs SET ${columns.map(([c], i) => `${c} = $${i + 2}`).join(', ')}
       WHERE eid = $1 RETURNING ${EIM_EUICC_COLUMNS}`,
      [eid, ...columns.map(([, v]) => v)],
    );
    return rows[0] ? eimEuiccOf(rows[0]) : undefined;
  }
}
