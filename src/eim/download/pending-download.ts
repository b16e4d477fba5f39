/**
 * A download order the eIM has sent as a Profile Download Trigger and not yet seen the end of (SGP.32 3.2.1),
 * and the eIM's work queue as the download relay sees it: find an order by the eimTransactionId its trigger
 * carried, record its outcome. The eIM server implements this over its per-EID work queue and store.
 */
import type { DownloadOrder } from './download-order.ts';
import type { DownloadOutcome } from './download-outcome.ts';
import type { RelayedDownload } from './relayed-sessions.ts';

export interface PendingDownload {
  /** The eIM's id of the order (the operator API's resource id). */
  readonly orderId: string;
  /** The EID the order is for (32 digits). */
  readonly eid: string;
  readonly order: DownloadOrder;
  /** The eimTransactionId of the trigger ('BF54' 82). */
  readonly eimTransactionId: Buffer;
}

export interface DownloadOrders {
  /** The order whose trigger carried this eimTransactionId, if it is still open. */
  byEimTransactionId(eimTransactionId: Buffer): Promise<PendingDownload | undefined>;
  /** Records the order's outcome; the order is done. */
  finish(download: RelayedDownload, outcome: DownloadOutcome): Promise<void>;
  /**
   * The eUICC's CERT.EUICC and CERT.EUM, as its AuthenticateServerResponse carried them to an SM-DP+ that
   * accepted them: the eIM keeps them for the EID when it has none yet, after its own chain check (so the
   * package results of that eUICC can be verified without a data request first; onomondo-eim does the same).
   */
  certificatesSeen?(download: RelayedDownload, certificates: EuiccCertificates): Promise<void>;
}

export interface EuiccCertificates {
  readonly euiccCertificate: Buffer;
  readonly eumCertificate: Buffer;
}
