/**
 * An operator's order taken in (onomondo-eim's `create`, reference §13): the resource `{"eidValue": "<EID>",
 * "order": {"<facility>": …}}` checked whole (a wrong order is refused now, not when the IPA polls), the EID's
 * eUICC record made if it has none, and the order queued `new`; a `euicc` order is applied to that record at
 * once and kept `done`.
 */
import { randomUUID } from 'node:crypto';
import { DownloadOrderError, parseDownloadOrder } from '../download/download-order.ts';
import type { EimOrder, JsonValue, OrderFacility } from '../eim-repository.ts';
import type { EimContext } from '../server/context.ts';
import { ecosOf } from './eco-order.ts';
import { dataRequestOf } from './edr-order.ts';
import { checkEuiccCertificates, EuiccCertificateError } from './euicc-certificates.ts';
import { euiccOrderOf } from './euicc-order.ts';
import { OrderError } from './order-error.ts';
import { expireOrders } from './order-expiry.ts';
import { objectAt, onlyKeys } from './order-fields.ts';
import { psmosOf } from './psmo-order.ts';

/** A bound the order would pass: the operator API answers 429. */
export class OrderRefused extends Error {
  override readonly name = 'OrderRefused';
}

const EID = /^[0-9A-Fa-f]{32}$/;

/** The download relay's reading of a `download` order (src/eim/download/), its errors as OrderError. */
function downloadOrderOf(value: JsonValue): void {
  try {
    parseDownloadOrder(value);
  } catch (error) {
    if (error instanceof DownloadOrderError) throw new OrderError(`order.download: ${error.message}`);
    throw error;
  }
}

/** Checks the facility's order, throwing OrderError: what prepareOrder will build from it later. */
function checkOrder(facility: OrderFacility, order: JsonValue): void {
  const body = objectAt(order, 'order');
  onlyKeys(body, 'order', [facility]);
  if (body[facility] === undefined) throw new OrderError(`order must be {"${facility}": …}`);
  if (facility === 'psmo') psmosOf(order);
  else if (facility === 'eco') ecosOf(order);
  else if (facility === 'edr') dataRequestOf(order);
  else if (facility === 'download') downloadOrderOf(body.download ?? null);
  else euiccOrderOf(order);
}

/** Applies a `euicc` order to the eIM's record of that eUICC; its outcome says what was set. */
async function applyEuiccOrder(eim: EimContext, eid: string, order: JsonValue): Promise<JsonValue[]> {
  const { patch, certificates } = euiccOrderOf(order);
  if (certificates) {
    try {
      checkEuiccCertificates(eim, eid, certificates);
    } catch (error) {
      if (error instanceof EuiccCertificateError) throw new OrderError(error.message);
      throw error;
    }
  }
  await eim.repository.updateEuicc(eid, { ...patch, ...certificates }, eim.now());
  return [...Object.keys(patch), ...(certificates ? Object.keys(certificates) : [])].map((name) => ({
    [name]: 'ok',
  }));
}

export async function createOrder(
  eim: EimContext,
  facility: OrderFacility,
  resource: JsonValue,
): Promise<EimOrder> {
  const body = objectAt(resource, 'the resource');
  onlyKeys(body, 'the resource', ['eidValue', 'order']);
  const eidValue = body.eidValue;
  if (typeof eidValue !== 'string' || !EID.test(eidValue))
    throw new OrderError('eidValue must be the EID, 32 hexadecimal digits');
  const eid = eidValue.toUpperCase();
  const order = body.order ?? null;
  checkOrder(facility, order);
  await expireOrders(eim);
  const now = eim.now();
  const euicc = await eim.repository.ensureEuicc(
    eid,
    { associationToken: eim.config.defaultAssociationToken },
    eim.config.maxEuiccs,
    now,
  );
  if (!euicc) throw new OrderRefused(`the eIM keeps ${eim.config.maxEuiccs} eUICCs at most`);
  const applied = facility === 'euicc' ? await applyEuiccOrder(eim, eid, order) : undefined;
  const created = {
    id: randomUUID(),
    facility,
    eid,
    order,
    status: applied ? ('done' as const) : ('new' as const),
    outcome: applied ?? [],
    createdAt: now,
  };
  const added = await eim.repository.addOrder(created, eim.config.limits);
  if (added === 'eidFull')
    throw new OrderRefused(
      `EID ${eid} has ${eim.config.limits.maxOrdersPerEid} orders: delete finished ones first`,
    );
  if (added === 'ordersFull')
    throw new OrderRefused(`the eIM keeps ${eim.config.limits.maxOrders} orders at most`);
  return { ...created, updatedAt: now };
}
