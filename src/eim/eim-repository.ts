/**
 * What the eIM keeps (SGP.32 2.11, 3.3): the operator's orders per EID, queued until the eUICC's IPA polls
 * (ESipa GetEimPackage) and answered by its results, and per eUICC what packages are signed for (the last
 * counterValue, the association token, the eUICC's certificate). One interface, one implementation per
 * store (src/store/{memory,sqlite,postgres}), injected into the server.
 *
 * An order goes `new` → `work` (a GetEimPackage took it; the package, data request or trigger is with the
 * IPA) → `done` (its outcome recorded). Orders and the operator API follow onomondo-eim's REST resources:
 * facilities, statuses, outcome items, stuck / noshow / expiry (reference §13).
 */
import type { Json } from '../protocol/json-value.ts';

/** The operator API's facilities (onomondo-eim): `euicc` orders apply to the eIM's own record at once. */
export const ORDER_FACILITIES = ['download', 'psmo', 'eco', 'edr', 'euicc'] as const;
export type OrderFacility = (typeof ORDER_FACILITIES)[number];

export type OrderStatus = 'new' | 'work' | 'done';

/** Orders and outcomes are JSON (the operator API's). */
export type JsonValue = Json;

export interface EimOrder {
  /** The resource id (a UUID), as the operator API names it. */
  readonly id: string;
  readonly facility: OrderFacility;
  /** The EID, 32 hexadecimal digits in upper case. */
  readonly eid: string;
  /** The order as the operator gave it (the `order` member of the resource). */
  readonly order: JsonValue;
  readonly status: OrderStatus;
  readonly createdAt: number;
  /** The last change of status (the onomondo `timestamp`): stuck, noshow and expiry count from it. */
  readonly updatedAt: number;
  /** What the IPA was sent carries this eimTransactionId (hex), which its result must echo. */
  readonly eimTransactionId?: string;
  /** What the eIM must know to check the answer (facility's own: counterValue, associationToken …). */
  readonly sent?: JsonValue;
  /** One item per result (onomondo's outcome list), or a procedureError. */
  readonly outcome: readonly JsonValue[];
  /** The last ESipa message of the IPA about this order (hex), bounded. */
  readonly debugInfo?: string;
}

export type NewEimOrder = Pick<EimOrder, 'id' | 'facility' | 'eid' | 'order' | 'status' | 'outcome'> & {
  readonly createdAt: number;
};

/** What the eIM knows of one eUICC. Kept for good: forgetting it would reset its counterValue. */
export interface EimEuicc {
  readonly eid: string;
  /** The last counterValue signed for it (the next package gets this + 1). */
  readonly counterValue: number;
  /** The association token it holds for this eIM; absent: nothing appended to signed data. */
  readonly associationToken?: number;
  /** CERT.EUICC (DER), registered by the operator or learnt from a data request, chain-checked to a CI. */
  readonly euiccCertificate?: Buffer;
  /** CERT.EUM (DER) that issued it. */
  readonly eumCertificate?: Buffer;
  readonly updatedAt: number;
}

export type EimEuiccPatch = Partial<
  Pick<EimEuicc, 'counterValue' | 'associationToken' | 'euiccCertificate' | 'eumCertificate'>
>;

/** Bounds on what the operator API can make the eIM keep. */
export interface EimLimits {
  /** Orders of one EID not yet deleted (any status). */
  readonly maxOrdersPerEid: number;
  /** Orders of all EIDs. */
  readonly maxOrders: number;
}

export type AddOrderOutcome = 'added' | 'eidFull' | 'ordersFull';

/** Ages after which the eIM gives an order up (onomondo-eim's stuckOrder / noshowOrder) or forgets it. */
export interface OrderTimeouts {
  /** In `work` this long: done with procedureError stuckOrder. */
  readonly stuckMs: number;
  /** In `new` this long (the IPA never polled): done with procedureError noshowOrder. */
  readonly noshowMs: number;
  /** `done` this long: removed. */
  readonly expiryMs: number;
}

export interface ExpiredOrders {
  readonly stuck: number;
  readonly noshow: number;
  readonly removed: number;
}

export interface EimRepository {
  /** Adds the order unless a bound is reached. */
  addOrder(order: NewEimOrder, limits: EimLimits): Promise<AddOrderOutcome>;
  order(id: string): Promise<EimOrder | undefined>;
  /** The ids of a facility's orders, oldest first. */
  orderIds(facility: OrderFacility): Promise<string[]>;
  /** The newest orders of all facilities (the admin view), at most `limit`, after skipping the `offset` newest. */
  recentOrders(limit: number, offset?: number): Promise<EimOrder[]>;
  /** Removes the order whatever its status; false when there was none. */
  deleteOrder(id: string): Promise<boolean>;
  /** The EID's oldest `new` order of a queued facility, now `work`; atomic (two polls never take one order). */
  takeNext(eid: string, now: number): Promise<EimOrder | undefined>;
  /** Records what was sent for an order in `work`. */
  markSent(id: string, eimTransactionId: string, sent: JsonValue, now: number): Promise<void>;
  /** The order in `work` that sent this eimTransactionId. */
  inWorkByTransactionId(eimTransactionId: string): Promise<EimOrder | undefined>;
  /** The EID's oldest order in `work` (a result without eimTransactionId). */
  oldestInWork(eid: string): Promise<EimOrder | undefined>;
  /** `work` (or `new`) → `done` with its outcome; false when it was not in one of those (already finished). */
  finish(
    id: string,
    outcome: readonly JsonValue[],
    debugInfo: string | undefined,
    now: number,
  ): Promise<boolean>;
  /** stuck / noshow → done, expired done → removed. */
  expire(now: number, timeouts: OrderTimeouts): Promise<ExpiredOrders>;
  /**
   * The EID's eUICC record, made with `initial` (counterValue 0 unless given) when it has none and fewer than
   * `maxEuiccs` exist; undefined when it has none and there is no room.
   */
  ensureEuicc(
    eid: string,
    initial: EimEuiccPatch,
    maxEuiccs: number,
    now: number,
  ): Promise<EimEuicc | undefined>;
  euicc(eid: string): Promise<EimEuicc | undefined>;
  /** eUICC records by EID (the admin view), at most `limit`, after skipping the first `offset`. */
  euiccs(limit: number, offset?: number): Promise<EimEuicc[]>;
  /** The eUICC's counterValue + 1, stored before it is returned (atomic); undefined when it has no record. */
  nextCounterValue(eid: string, now: number): Promise<number | undefined>;
  /** Changes an existing record; undefined when there is none. */
  updateEuicc(eid: string, patch: EimEuiccPatch, now: number): Promise<EimEuicc | undefined>;
}
