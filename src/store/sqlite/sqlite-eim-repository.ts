/**
 * The eIM's orders and eUICC records in SQLite (src/eim/eim-repository.ts). Taking an order and counting a
 * bound are one transaction each, so two processes sharing the file never take one order twice nor pass a bound.
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
import type { SqliteDatabase } from './database.ts';

const count = (row: unknown) => (row as { n: number }).n;

export class SqliteEimRepository implements EimRepository {
  readonly #addOrder;
  readonly #takeNext;
  readonly #ensureEuicc;

  constructor(private readonly db: SqliteDatabase) {
    const all = db.prepare('SELECT COUNT(*) AS n FROM eim_orders');
    const ofEid = db.prepare('SELECT COUNT(*) AS n FROM eim_orders WHERE eid = ?');
    const insert = db.prepare(
      `INSERT INTO eim_orders (${EIM_ORDER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#addOrder = db.transaction((order: NewEimOrder, limits: EimLimits): AddOrderOutcome => {
      if (count(all.get()) >= limits.maxOrders) return 'ordersFull';
      if (count(ofEid.get(order.eid)) >= limits.maxOrdersPerEid) return 'eidFull';
      insert.run(...newEimOrderValues(order));
      return 'added';
    });
    const oldestNew = db.prepare(
      `SELECT seq FROM eim_orders WHERE eid = ? AND status = 'new' AND facility IN ${QUEUED_FACILITIES}
       ORDER BY seq LIMIT 1`,
    );
    const take = db.prepare(
      `UPDATE eim_orders SET status = 'work', updated_at = ? WHERE seq = ? RETURNING ${EIM_ORDER_COLUMNS}`,
    );
    this.#takeNext = db.transaction((eid: string, now: number) => {
      const next = oldestNew.get(eid) as { seq: number } | undefined;
      return next ? (take.get(now, next.seq) as EimOrderRow) : undefined;
    });
    const euicc = db.prepare(`SELECT ${EIM_EUICC_COLUMNS} FROM eim_euiccs WHERE eid = ?`);
    const euiccCount = db.prepare('SELECT COUNT(*) AS n FROM eim_euiccs');
    this.#ensureEuicc = db.transaction(
      (eid: string, initial: EimEuiccPatch, maxEuiccs: number, now: number) => {
        const known = euicc.get(eid) as EimEuiccRow | undefined;
        if (known) return known;
        if (count(euiccCount.get()) >= maxEuiccs) return undefined;
        const columns = [['eid', eid], ...eimEuiccPatchColumns(initial), ['updated_at', now]];
        db.prepare(
          `INSERT INTO eim_euiccs (${columns.map(([c]) => c).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        ).run(...columns.map(([, v]) => v));
        return euicc.get(eid) as EimEuiccRow;
      },
    );
  }

  #orderRow(where: string, ...params: unknown[]): EimOrder | undefined {
    const row = this.db
      .prepare(`SELECT ${EIM_ORDER_COLUMNS} FROM eim_orders WHERE ${where} ORDER BY seq LIMIT 1`)
      .get(...params) as EimOrderRow | undefined;
    return row ? eimOrderOf(row) : undefined;
  }

  async addOrder(order: NewEimOrder, limits: EimLimits): Promise<AddOrderOutcome> {
    return this.#addOrder.immediate(order, limits);
  }

  async order(id: string): Promise<EimOrder | undefined> {
    return this.#orderRow('id = ?', id);
  }

  async orderIds(facility: OrderFacility): Promise<string[]> {
    const rows = this.db
      .prepare('SELECT id FROM eim_orders WHERE facility = ? ORDER BY seq')
      .all(facility) as { id: string }[];
    return rows.map((row) => row.id);
  }

  async recentOrders(limit: number, offset = 0): Promise<EimOrder[]> {
    const rows = this.db
      .prepare(`SELECT ${EIM_ORDER_COLUMNS} FROM eim_orders ORDER BY seq DESC LIMIT ? OFFSET ?`)
      .all(limit, offset) as EimOrderRow[];
    return rows.map(eimOrderOf);
  }

  async deleteOrder(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM eim_orders WHERE id = ?').run(id).changes === 1;
  }

  async takeNext(eid: string, now: number): Promise<EimOrder | undefined> {
    const row = this.#takeNext.immediate(eid, now);
    return row ? eimOrderOf(row) : undefined;
  }

  async markSent(id: string, eimTransactionId: string, sent: JsonValue, now: number): Promise<void> {
    this.db
      .prepare(
        `UPDATE eim_orders SET eim_transaction_id = ?, sent = ?, updated_at = ? WHERE id = ? AND status = 'work'`,
      )
      .run(eimTransactionId, JSON.stringify(sent), now, id);
  }

  async inWorkByTransactionId(eimTransactionId: string): Promise<EimOrder | undefined> {
    return this.#orderRow("status = 'work' AND eim_transaction_id = ?", eimTransactionId);
  }

  async oldestInWork(eid: string): Promise<EimOrder | undefined> {
    return this.#orderRow("status = 'work' AND eid = ?", eid);
  }

  async finish(
    id: string,
    outcome: readonly JsonValue[],
    debugInfo: string | undefined,
    now: number,
  ): Promise<boolean> {
    const { changes } = this.db
      .prepare(
        `UPDATE eim_orders SET status = 'done', outcome = ?, debug_info = COALESCE(?, debug_info), updated_at = ?
         WHERE id = ? AND status IN ('new', 'work')`,
      )
      .run(JSON.stringify(outcome), debugInfo ?? null, now, id);
    return changes === 1;
  }

  async expire(now: number, timeouts: OrderTimeouts): Promise<ExpiredOrders> {
    const giveUp = this.db.prepare(
      `UPDATE eim_orders SET status = 'done', outcome = ?, updated_at = ? WHERE status = ? AND updated_at <= ?`,
    );
    const stuck = giveUp.run(procedureError('stuckOrder'), now, 'work', now - timeouts.stuckMs).changes;
    const noshow = giveUp.run(procedureError('noshowOrder'), now, 'new', now - timeouts.noshowMs).changes;
    const removed = this.db
      .prepare(`DELETE FROM eim_orders WHERE status = 'done' AND updated_at <= ?`)
      .run(now - timeouts.expiryMs).changes;
    return { stuck, noshow, removed };
  }

  async ensureEuicc(
    eid: string,
    initial: EimEuiccPatch,
    maxEuiccs: number,
    now: number,
  ): Promise<EimEuicc | undefined> {
    const row = this.#ensureEuicc.immediate(eid, initial, maxEuiccs, now);
    return row ? eimEuiccOf(row) : undefined;
  }

  async euicc(eid: string): Promise<EimEuicc | undefined> {
    const row = this.db.prepare(`SELECT ${EIM_EUICC_COLUMNS} FROM eim_euiccs WHERE eid = ?`).get(eid) as
      | EimEuiccRow
      | undefined;
    return row ? eimEuiccOf(row) : undefined;
  }

  async euiccs(limit: number, offset = 0): Promise<EimEuicc[]> {
    const rows = this.db
      .prepare(`SELECT ${EIM_EUICC_COLUMNS} FROM eim_euiccs ORDER BY eid LIMIT ? OFFSET ?`)
      .all(limit, offset) as EimEuiccRow[];
    return rows.map(eimEuiccOf);
  }

  async nextCounterValue(eid: string, now: number): Promise<number | undefined> {
    const row = this.db
      .prepare(
        'UPDATE eim_euiccs SET counter_value = counter_value + 1, updated_at = ? WHERE eid = ? RETURNING counter_value',
      )
      .get(now, eid) as { counter_value: number } | undefined;
    return row ? Number(row.counter_value) : undefined;
  }

  async updateEuicc(eid: string, patch: EimEuiccPatch, now: number): Promise<EimEuicc | undefined> {
    const columns = [...eimEuiccPatchColumns(patch), ['updated_at', now] as [string, unknown]];
    const row = this.db
      .prepare(
        `UPDATE eim_euiccs SET ${columns.map(([c]) => `${c} = ?`).join(', ')} WHERE eid = ? RETURNING ${EIM_EUICC_COLUMNS}`,
      )
      .get(...columns.map(([, v]) => v), eid) as EimEuiccRow | undefined;
    return row ? eimEuiccOf(row) : undefined;
  }
}
