/** The eIM's orders and eUICC records of the `memory` store, held in this process (src/eim/eim-repository.ts). */
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

const definedFields = (patch: EimEuiccPatch): EimEuiccPatch =>
  Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));

export class MemoryEimRepository implements EimRepository {
  /** Orders by id, in insertion order (oldest first). */
  readonly #orders = new Map<string, EimOrder>();
  readonly #euiccs = new Map<string, EimEuicc>();

  async addOrder(order: NewEimOrder, limits: EimLimits): Promise<AddOrderOutcome> {
    if (this.#orders.has(order.id)) throw new Error(`order ${order.id} exists`);
    if (this.#orders.size >= limits.maxOrders) return 'ordersFull';
    const ofEid = [...this.#orders.values()].filter((o) => o.eid === order.eid).length;
    if (ofEid >= limits.maxOrdersPerEid) return 'eidFull';
    this.#orders.set(order.id, { ...order, updatedAt: order.createdAt });
    return 'added';
  }

  async order(id: string): Promise<EimOrder | undefined> {
    return this.#orders.get(id);
  }

  async orderIds(facility: OrderFacility): Promise<string[]> {
    return [...this.#orders.values()].filter((o) => o.facility === facility).map((o) => o.id);
  }

  async recentOrders(limit: number, offset = 0): Promise<EimOrder[]> {
    return [...this.#orders.values()].reverse().slice(offset, offset + limit);
  }

  async deleteOrder(id: string): Promise<boolean> {
    return this.#orders.delete(id);
  }

  async takeNext(eid: string, now: number): Promise<EimOrder | undefined> {
    const next = [...this.#orders.values()].find(
      (o) => o.eid === eid && o.status === 'new' && o.facility !== 'euicc',
    );
    if (!next) return undefined;
    const taken: EimOrder = { ...next, status: 'work', updatedAt: now };
    this.#orders.set(next.id, taken);
    return taken;
  }

  async markSent(id: string, eimTransactionId: string, sent: JsonValue, now: number): Promise<void> {
    const order = this.#orders.get(id);
    if (order?.status === 'work') this.#orders.set(id, { ...order, eimTransactionId, sent, updatedAt: now });
  }

  async inWorkByTransactionId(eimTransactionId: string): Promise<EimOrder | undefined> {
    return [...this.#orders.values()].find(
      (o) => o.status === 'work' && o.eimTransactionId === eimTransactionId,
    );
  }

  async oldestInWork(eid: string): Promise<EimOrder | undefined> {
    return [...this.#orders.values()].find((o) => o.status === 'work' && o.eid === eid);
  }

  async finish(
    id: string,
    outcome: readonly JsonValue[],
    debugInfo: string | undefined,
    now: number,
  ): Promise<boolean> {
    const order = this.#orders.get(id);
    if (!order || order.status === 'done') return false;
    this.#orders.set(id, {
      ...order,
      status: 'done',
      outcome,
      ...(debugInfo !== undefined ? { debugInfo } : {}),
      updatedAt: now,
    });
    return true;
  }

  async expire(now: number, timeouts: OrderTimeouts): Promise<ExpiredOrders> {
    let stuck = 0;
    let noshow = 0;
    let removed = 0;
    for (const order of [...this.#orders.values()]) {
      const age = now - order.updatedAt;
      const giveUp = (procedureError: string) =>
        this.#orders.set(order.id, {
          ...order,
          status: 'done',
          outcome: [{ procedureError }],
          updatedAt: now,
        });
      if (order.status === 'work' && age >= timeouts.stuckMs) {
        giveUp('stuckOrder');
        stuck++;
      } else if (order.status === 'new' && age >= timeouts.noshowMs) {
        giveUp('noshowOrder');
        noshow++;
      } else if (order.status === 'done' && age >= timeouts.expiryMs) {
        this.#orders.delete(order.id);
        removed++;
      }
    }
    return { stuck, noshow, removed };
  }

  async ensureEuicc(
    eid: string,
    initial: EimEuiccPatch,
    maxEuiccs: number,
    now: number,
  ): Promise<EimEuicc | undefined> {
    const known = this.#euiccs.get(eid);
    if (known) return known;
    if (this.#euiccs.size >= maxEuiccs) return undefined;
    const made: EimEuicc = { eid, counterValue: 0, ...definedFields(initial), updatedAt: now };
    this.#euiccs.set(eid, made);
    return made;
  }

  async euicc(eid: string): Promise<EimEuicc | undefined> {
    return this.#euiccs.get(eid);
  }

  async euiccs(limit: number, offset = 0): Promise<EimEuicc[]> {
    // by EID, as the SQL stores give them (a page of the admin view is the same in every store)
    return [...this.#euiccs.values()].sort((a, b) => (a.eid < b.eid ? -1 : 1)).slice(offset, offset + limit);
  }

  async nextCounterValue(eid: string, now: number): Promise<number | undefined> {
    const known = this.#euiccs.get(eid);
    if (!known) return undefined;
    const counterValue = known.counterValue + 1;
    this.#euiccs.set(eid, { ...known, counterValue, updatedAt: now });
    return counterValue;
  }

  async updateEuicc(eid: string, patch: EimEuiccPatch, now: number): Promise<EimEuicc | undefined> {
    const known = this.#euiccs.get(eid);
    if (!known) return undefined;
    const updated: EimEuicc = { ...known, ...definedFields(patch), updatedAt: now };
    this.#euiccs.set(eid, updated);
    return updated;
  }
}
