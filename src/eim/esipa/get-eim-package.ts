/**
 * ESipa.GetEimPackage (SGP.32 6.3.2.6, 3.3.1 step 1): the IPA polls with its EID and gets the oldest order
 * queued for that eUICC as an eUICC Package, a data request or a download trigger (prepare-order.ts), or
 * `eimPackageError noEimPackageAvailable` (`BF4F 03 02 01 01`, not an empty body) when there is none (an EID
 * the eIM never heard of included, as onomondo-eim answers). notifyStateChange, stateChangeCause and rPLMN
 * are logged, not acted on (onomondo-eim ignores them too).
 */

import { OrderError } from '../orders/order-error.ts';
import { expireOrders } from '../orders/order-expiry.ts';
import { procedureError } from '../orders/outcome.ts';
import { prepareOrder } from '../orders/prepare-order.ts';
import type { EimContext } from '../server/context.ts';
import { pendingDownload } from '../server/download-orders.ts';
import { EncodedEsipaAnswer, type EsipaHandler } from './esipa-function.ts';

export const eidText = (eidValue: Buffer): string => eidValue.toString('hex').toUpperCase();

export function getEimPackage(eim: EimContext): EsipaHandler<'getEimPackageRequest'> {
  return async (request, call) => {
    const eid = eidText(request.eidValue);
    if (request.notifyStateChange !== undefined)
      call.log.info({ eid, stateChangeCause: request.stateChangeCause }, 'the IPA notifies a state change');
    await expireOrders(eim);
    // Each pass takes one order off the queue: an order that cannot be prepared is done and the next one tried.
    for (;;) {
      const order = await eim.repository.takeNext(eid, eim.now());
      if (!order) return { getEimPackageResponse: { eimPackageError: 1 } };
      try {
        const prepared = await prepareOrder(eim, order);
        await eim.repository.markSent(
          order.id,
          prepared.eimTransactionId.toString('hex'),
          prepared.sent,
          eim.now(),
        );
        if (order.facility === 'download')
          // an InitiateAuthentication on this connection without eimTransactionId belongs to this trigger
          eim.download?.relay.triggerSent(
            call.connection,
            pendingDownload(order.id, order.eid, order.order, prepared.eimTransactionId),
          );
        call.log.info({ eid, order: order.id, facility: order.facility }, 'eIM order handed to the IPA');
        // a test-lab scenario's malformed package goes out as its bytes (src/eim/scenarios/)
        return prepared.spoilt
          ? new EncodedEsipaAnswer(prepared.spoilt)
          : { getEimPackageResponse: prepared.response };
      } catch (error) {
        if (!(error instanceof OrderError)) throw error;
        call.log.warn({ eid, order: order.id, detail: error.message }, 'eIM order cannot be sent');
        await eim.repository.finish(order.id, [procedureError('badOrder')], undefined, eim.now());
      }
    }
  };
}
