/** The eIM's orders and eUICC records as table rows, the same columns in every SQL store. */
import type {
  EimEuicc,
  EimOrder,
  JsonValue,
  NewEimOrder,
  OrderFacility,
  OrderStatus,
} from '../eim/eim-repository.ts';

export const EIM_ORDER_COLUMNS =
  'id, facility, eid, request, status, created_at, updated_at, eim_transaction_id, sent, outcome, debug_info';

export interface EimOrderRow {
  id: string;
  facility: string;
  eid: string;
  request: string;
  status: string;
  /** A BIGINT arrives from PostgreSQL as a string. */
  created_at: number | string;
  updated_at: number | string;
  eim_transaction_id: string | null;
  sent: string | null;
  outcome: string;
  debug_info: string | null;
}

export function eimOrderOf(row: EimOrderRow): EimOrder {
  return {
    id: row.id,
    facility: row.facility as OrderFacility,
    eid: row.eid,
    order: JSON.parse(row.request) as JsonValue,
    status: row.status as OrderStatus,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    ...(row.eim_transaction_id !== null ? { eimTransactionId: row.eim_transaction_id } : {}),
    ...(row.sent !== null ? { sent: JSON.parse(row.sent) as JsonValue } : {}),
    outcome: JSON.parse(row.outcome) as JsonValue[],
    ...(row.debug_info !== null ? { debugInfo: row.debug_info } : {}),
  };
}

/** The column values of a new order, in EIM_ORDER_COLUMNS order. */
export const newEimOrderValues = (order: NewEimOrder): unknown[] => [
  order.id,
  order.facility,
  order.eid,
  JSON.stringify(order.order),
  order.status,
  order.createdAt,
  order.createdAt,
  null,
  null,
  JSON.stringify(order.outcome),
  null,
];

export const EIM_EUICC_COLUMNS =
  'eid, counter_value, association_token, euicc_certificate, eum_certificate, updated_at';

export interface EimEuiccRow {
  eid: string;
  counter_value: number | string;
  association_token: number | string | null;
  euicc_certificate: Buffer | null;
  eum_certificate: Buffer | null;
  updated_at: number | string;
}

export function eimEuiccOf(row: EimEuiccRow): EimEuicc {
  return {
    eid: row.eid,
    counterValue: Number(row.counter_value),
    ...(row.association_token !== null ? { associationToken: Number(row.association_token) } : {}),
    ...(row.euicc_certificate !== null ? { euiccCertificate: Buffer.from(row.euicc_certificate) } : {}),
    ...(row.eum_certificate !== null ? { eumCertificate: Buffer.from(row.eum_certificate) } : {}),
    updatedAt: Number(row.updated_at),
  };
}

/** The columns a patch sets, with their values (only the fields it has). */
export function eimEuiccPatchColumns(patch: Partial<EimEuicc>): [string, unknown][] {
  const columns: [string, unknown][] = [];
  if (patch.counterValue !== undefined) columns.push(['counter_value', patch.counterValue]);
  if (patch.associationToken !== undefined) columns.push(['association_token', patch.associationToken]);
  if (patch.euiccCertificate !== undefined) columns.push(['euicc_certificate', patch.euiccCertificate]);
  if (patch.eumCertificate !== undefined) columns.push(['eum_certificate', patch.eumCertificate]);
  return columns;
}

/** The outcome an order given up gets (onomondo-eim's procedureError items). */
export const procedureError = (name: 'stuckOrder' | 'noshowOrder'): string =>
  JSON.stringify([{ procedureError: name }]);

/** Orders the queue hands out: every facility but `euicc` (applied at once). */
export const QUEUED_FACILITIES = "('download', 'psmo', 'eco', 'edr')";
