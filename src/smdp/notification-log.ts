/**
 * The last notifications the SM-DP+ received, for tests and observers of one process. Bounded: a server
 * answering notifications for days must not keep every one of them (the profile states in the store are the
 * record that lasts; the operator hears of each through HandleDownloadProgressInfo).
 */

/** A received notification, kept for the operator side and the trace. */
export interface NotificationRecord {
  readonly receivedAt: number;
  readonly kind: 'profileInstallationResult' | 'otherSignedNotification';
  readonly eid?: string;
  readonly iccid?: string;
  readonly event: string;
  readonly success?: boolean;
  readonly transactionId?: string;
}

/** Enough to look back over the notifications of a test campaign's last downloads. */
export const NOTIFICATION_LOG_SIZE = 100;

export class NotificationLog {
  readonly #records: NotificationRecord[] = [];
  #received = 0;

  constructor(readonly capacity = NOTIFICATION_LOG_SIZE) {}

  add(record: NotificationRecord): void {
    this.#records.push(record);
    this.#received++;
    if (this.#records.length > this.capacity) this.#records.shift();
  }

  /** How many were received in all, kept or not. */
  get received(): number {
    return this.#received;
  }

  /** The one at `index` of those kept (negative: from the newest). */
  at(index: number): NotificationRecord | undefined {
    return this.#records.at(index);
  }

  /** The ones received after the first `count` (as `received` read earlier), as far as they are kept. */
  since(count: number): NotificationRecord[] {
    const dropped = this.#received - this.#records.length;
    return this.#records.slice(Math.max(0, count - dropped));
  }
}
