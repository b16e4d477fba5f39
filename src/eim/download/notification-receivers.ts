/**
 * The Notification Receivers the eIM forwards notifications to (SGP.32 3.7, 6.3.2.4; SGP.22 5.6.4): the
 * notificationAddress of a notification is whatever the IPA sent, so without a bound the eIM would open a
 * connection to any host and port an IPA names. It forwards only to
 *
 * - the receivers of the `notificationReceivers` setting: `host` (any port), `host:port`, `*.domain` (its
 *   subdomains, any port) or `*` (any receiver, as before this list existed);
 * - the SM-DP+ addresses this eIM was ordered with: the activation code of each download order whose trigger it
 *   handed out (the install notification and later enable / disable / delete notifications go there), the
 *   most recent MAX_LEARNT of them, kept in this process.
 *
 * Names are compared without case (DNS). No HTTP here; the handlers answer a refusal (download-handlers.ts).
 */
import { isServerAddress } from '../../rsp-server/server-address.ts';

/** SM-DP+ addresses learnt from orders kept at most (the oldest is forgotten first). */
export const MAX_LEARNT = 1000;

/** One entry of the setting: '*', '*.domain', 'host' or 'host:port'. */
function checkedEntry(entry: string): string {
  const text = entry.toLowerCase();
  if (text === '*') return text;
  const address = text.startsWith('*.') ? text.slice(2) : text;
  if (!isServerAddress(address))
    throw new Error(`${entry} is not a receiver: host, host:port, *.domain or * (SGP.22 4.1 FQDN[:port])`);
  return text;
}

/** The setting's entries, checked; an Error naming the first wrong one. */
export const receiverEntriesOf = (setting: string): string[] =>
  setting
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map(checkedEntry);

const hostOf = (address: string) => address.replace(/:\d+$/, '');

export class NotificationReceivers {
  readonly #entries: readonly string[];
  readonly #learnt = new Set<string>();

  constructor(setting: string) {
    this.#entries = receiverEntriesOf(setting);
  }

  /** An SM-DP+ address this eIM was ordered with (a download order's activation code). */
  learn(smdpAddress: string): void {
    const address = smdpAddress.toLowerCase();
    this.#learnt.delete(address);
    this.#learnt.add(address);
    if (this.#learnt.size > MAX_LEARNT) {
      const [oldest] = this.#learnt;
      if (oldest !== undefined) this.#learnt.delete(oldest);
    }
  }

  /** Whether a notification may be forwarded to this notificationAddress. */
  allows(notificationAddress: string): boolean {
    const address = notificationAddress.toLowerCase();
    if (this.#learnt.has(address)) return true;
    const host = hostOf(address);
    return this.#entries.some(
      (entry) =>
        entry === '*' ||
        entry === address ||
        entry === host ||
        (entry.startsWith('*.') && host.endsWith(entry.slice(1))),
    );
  }
}
