/**
 * ESipa.HandleNotification (SGP.32 6.3.2.4, 3.7): a pendingNotification goes to its Notification Receiver by
 * ES9+.HandleNotification (SGP.22 5.6.4) at the notificationAddress of its metadata (SGP.22 4.4), the same
 * receiver an LPA would deliver it to; a provideEimPackageResult is the eIM's own (its package result path).
 * The `A0` wrapper of pendingNotification is removed: ES9+ takes the PendingNotification as ES10b gave it
 * ('BF37' or '30'). A ProfileInstallationResult that ends a relayed download, once its receiver took it,
 * also records the order's outcome (indirect-download-relay.ts); one that could not be delivered records
 * nothing yet: the IPA keeps it and sends it again. A receiver the eIM does not forward to
 * (notification-receivers.ts) is never connected to. No HTTP here; HandleNotification has no response data.
 */
import { PendingNotification } from '../../asn1/rsp/index.ts';
import { HandleNotificationEsipa } from '../../asn1/sgp32/index.ts';
import { readChildren, readTlv } from '../../asn1/tlv.ts';
import { isServerAddress } from '../../rsp-server/server-address.ts';
import { readEsipaRequest } from './esipa-request.ts';
import { EsipaRequestError } from './esipa-request-error.ts';
import type { Es9Connector, IndirectDownloadRelay } from './indirect-download-relay.ts';
import type { NotificationReceivers } from './notification-receivers.ts';

export type HandledNotification =
  /** Forwarded to its receiver, which took it (HTTP 204): the IPA may remove it. */
  | { readonly kind: 'delivered'; readonly address: string; readonly seqNumber: number }
  /** Its receiver could not be reached or refused it: the IPA should keep it and try again later. */
  | {
      readonly kind: 'undelivered';
      readonly address: string;
      readonly seqNumber: number;
      readonly error: string;
    }
  /** Its receiver is none the eIM forwards to (notification-receivers.ts): nothing was sent. */
  | { readonly kind: 'refused'; readonly address: string; readonly seqNumber: number }
  /** A ProvideEimPackageResult ('BF50', as sent): for the eIM's package result path. */
  | { readonly kind: 'packageResult'; readonly provideEimPackageResult: Buffer };

export async function handleNotificationEsipa(
  body: Buffer,
  relay: IndirectDownloadRelay,
  connect: Es9Connector,
  /** The HTTP connection it came on: a PIR names its session by TransactionID, else by connection. */
  connection?: object,
  /** The receivers the eIM forwards to; none: any (a test's relay). */
  receivers?: NotificationReceivers,
): Promise<HandledNotification> {
  const request = readEsipaRequest(HandleNotificationEsipa, body);
  // The one component of the CHOICE under 'BF3D', as sent.
  const [component] = readChildren(readTlv(body, 0).value);
  if ('provideEimPackageResult' in request && component)
    return { kind: 'packageResult', provideEimPackageResult: component.bytes };
  if (!('pendingNotification' in request) || !component) throw new EsipaRequestError('no notification');
  const notification = request.pendingNotification;
  if (!('profileInstallationResult' in notification) && !('otherSignedNotification' in notification))
    throw new EsipaRequestError('compact notifications (minimizeEsipaBytes) are not relayed by this eIM');
  const [pending] = readChildren(component.value);
  if (!pending) throw new EsipaRequestError('empty pendingNotification');
  // Decoding the unwrapped TLV as SGP.22's PendingNotification checks it is exactly what ES9+ takes.
  PendingNotification.decode(pending.bytes);
  const metadata =
    'profileInstallationResult' in notification
      ? notification.profileInstallationResult.profileInstallationResultData.notificationMetadata
      : notification.otherSignedNotification.tbsOtherNotification;
  const { notificationAddress: address, seqNumber } = metadata;
  // The address goes into a URL: only an FQDN[:port] (SGP.22 4.1), never a path or credentials.
  if (!isServerAddress(address))
    return { kind: 'undelivered', address, seqNumber, error: 'notificationAddress is not an FQDN[:port]' };
  if (receivers && !receivers.allows(address)) return { kind: 'refused', address, seqNumber };
  const es9 = connect(address);
  try {
    await es9.call('handleNotification', { pendingNotification: pending.bytes.toString('base64') });
  } catch (error) {
    return {
      kind: 'undelivered',
      address,
      seqNumber,
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    es9.close();
  }
  // Taken by its receiver (for a PIR, the SM-DP+ that verified euiccSignPIR): now it is the order's outcome.
  if ('profileInstallationResult' in notification)
    await relay.installationReported(
      notification.profileInstallationResult.profileInstallationResultData,
      connection,
    );
  return { kind: 'delivered', address, seqNumber };
}
