/**
 * The eIM's work queue as the download relay (src/eim/download/) sees it (its DownloadOrders): a `download`
 * order in work, found by the eimTransactionId its trigger carried, and done with the relay's outcome in
 * onomondo-eim's item shape.
 */

import { parseDownloadOrder } from '../download/download-order.ts';
import { outcomeItem } from '../download/download-outcome.ts';
import type { DownloadOrders, EuiccCertificates, PendingDownload } from '../download/pending-download.ts';
import type { EimRepository, JsonValue } from '../eim-repository.ts';
import { EuiccCertificateError } from '../orders/euicc-certificates.ts';
import { objectAt } from '../orders/order-fields.ts';
import { bounded } from '../orders/outcome.ts';

export function downloadOrders(
  repository: EimRepository,
  now: () => number,
  maxResultBytes: number,
  checkCertificates: (eid: string, certificates: EuiccCertificates) => void,
): DownloadOrders {
  return {
    byEimTransactionId: async (eimTransactionId) => {
      const order = await repository.inWorkByTransactionId(eimTransactionId.toString('hex'));
      if (order?.facility !== 'download' || !order.eimTransactionId) return undefined;
      return pendingDownload(order.id, order.eid, order.order, Buffer.from(order.eimTransactionId, 'hex'));
    },
    finish: async (download, outcome) => {
      const item = outcomeItem(outcome) as JsonValue;
      await repository.finish(download.orderId, bounded([item], maxResultBytes), undefined, now());
    },
    certificatesSeen: async (download, certificates) => {
      const known = await repository.euicc(download.eid);
      if (!known || known.euiccCertificate) return;
      try {
        checkCertificates(download.eid, certificates);
      } catch (error) {
        // a chain the eIM's own CIs do not verify is not kept; the download itself goes on
        if (error instanceof EuiccCertificateError) return;
        throw error;
      }
      await repository.updateEuicc(download.eid, certificates, now());
    },
  };
}

/** A download order of the queue as the relay takes it. */
export function pendingDownload(
  orderId: string,
  eid: string,
  order: JsonValue,
  eimTransactionId: Buffer,
): PendingDownload {
  return {
    orderId,
    eid,
    order: parseDownloadOrder(objectAt(order, 'order').download),
    eimTransactionId,
  };
}
