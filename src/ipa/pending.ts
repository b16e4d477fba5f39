/**
 * Notifications outside a package (SGP.32 3.7; reference §8): the eUICC's pending notifications, each sent to
 * the eIM with ESipa.HandleNotification (`BF3D { A0 <PendingNotification> }`) and removed from the eUICC once
 * the eIM took it; eUICC Package Results still kept on the eUICC (a result the eIM never acknowledged, e.g.
 * the IPA stopped between steps 10 and 15) go the same way as `BF3D { BF50 … }`. The IPA does this at
 * start-up, before it asks for new work. A notification the eIM refuses stays for the next start.
 */
import { HandleNotificationEsipa } from '../asn1/sgp32/index.ts';
import { seqNumberOfNotification } from '../protocol/pending-notification.ts';
import type { EsipaClient } from './esipa-client.ts';
import type { IpaCard } from './start-up.ts';

export interface PendingDelivery {
  readonly seqNumber: number;
  readonly kind: 'notification' | 'euiccPackageResult';
  readonly delivered: boolean;
  readonly error?: string;
}

export async function deliverPending(card: IpaCard, esipa: EsipaClient): Promise<PendingDelivery[]> {
  const deliveries: PendingDelivery[] = [];
  const deliver = async (seqNumber: number, kind: PendingDelivery['kind'], body: Buffer) => {
    try {
      await esipa.send('handleNotification', body);
      await card.iot.removeNotificationFromList(seqNumber);
      deliveries.push({ seqNumber, kind, delivered: true });
    } catch (error) {
      deliveries.push({ seqNumber, kind, delivered: false, error: (error as Error).message });
    }
  };
  const listed = (await card.iot.retrieveNotifications()).value;
  for (const notification of 'notificationList' in listed ? listed.notificationList : []) {
    const body = HandleNotificationEsipa.encode({ pendingNotification: notification });
    await deliver(seqNumberOfNotification(notification), 'notification', body);
  }
  const kept = (await card.iot.retrievePackageResults()).value;
  for (const euiccPackageResult of 'euiccPackageResultList' in kept ? kept.euiccPackageResultList : []) {
    if (!('euiccPackageResultSigned' in euiccPackageResult)) continue;
    const { seqNumber } = euiccPackageResult.euiccPackageResultSigned.euiccPackageResultDataSigned;
    const body = HandleNotificationEsipa.encode({
      provideEimPackageResult: { eidValue: card.eid, eimPackageResult: { euiccPackageResult } },
    });
    await deliver(seqNumber, 'euiccPackageResult', body);
  }
  return deliveries;
}
