/**
 * Notifications (SGP.22 3.5): made when a profile operation asks for one, kept until the LPA has delivered
 * them. ES10b ListNotification (5.7.9), RetrieveNotificationsList (5.7.10), RemoveNotificationFromList (5.7.11).
 */
import {
  ListNotificationRequest,
  ListNotificationResponse,
  type NotificationEventName,
  NotificationMetadata,
  NotificationSentRequest,
  NotificationSentResponse,
  OtherSignedNotification,
  PendingNotification,
  RetrieveNotificationsListRequest,
  RetrieveNotificationsListResponse,
  StoreMetadataRequest,
} from '../../asn1/rsp/index.ts';
import { ecdsaSign } from '../../crypto/ecdsa.ts';
import type { CardContext } from '../card-context.ts';
import type { InstalledProfile, PendingNotificationRecord } from '../state.ts';

export function nextSeqNumber(card: CardContext): number {
  const seqNumber = card.state.nextSeqNumber;
  card.state.nextSeqNumber = seqNumber + 1;
  return seqNumber;
}

/** Where the profile's metadata wants notifications of this event sent, if anywhere (SGP.22 4.4). */
function notificationAddressFor(profile: InstalledProfile, event: NotificationEventName): string | undefined {
  const metadata = StoreMetadataRequest.decode(Buffer.from(profile.metadata, 'base64'));
  return metadata.notificationConfigurationInfo?.find((info) =>
    info.profileManagementOperation.includes(event),
  )?.notificationAddress;
}

export function storeNotification(card: CardContext, record: PendingNotificationRecord): void {
  card.state.notifications.push(record);
  card.dirty = true;
}

/** An OtherSignedNotification for an enable / disable / delete, when the profile's metadata asks for it. */
export function notifyProfileOperation(
  card: CardContext,
  profile: InstalledProfile,
  event: NotificationEventName,
): void {
  const notificationAddress = notificationAddressFor(profile, event);
  if (!notificationAddress) return;
  const seqNumber = nextSeqNumber(card);
  const iccid = Buffer.from(profile.iccid, 'hex');
  const tbs = NotificationMetadata.encode({
    seqNumber,
    profileManagementOperation: [event],
    notificationAddress,
    iccid,
  });
  const notification = OtherSignedNotification.encode({
    tbsOtherNotification: NotificationMetadata.decode(tbs),
    euiccNotificationSignature: ecdsaSign(card.privateKey, tbs),
    euiccCertificate: card.euiccCertificate,
    eumCertificate: card.eumCertificate,
  });
  storeNotification(card, {
    seqNumber,
    event,
    notificationAddress,
    iccid: profile.iccid,
    pendingNotification: notification.toString('base64'),
  });
}

const metadataOf = (record: PendingNotificationRecord) => ({
  seqNumber: record.seqNumber,
  profileManagementOperation: [record.event],
  notificationAddress: record.notificationAddress,
  ...(record.iccid ? { iccid: Buffer.from(record.iccid, 'hex') } : {}),
});

export function listNotification(card: CardContext, requestDer: Buffer): Buffer {
  const { profileManagementOperation } = ListNotificationRequest.decode(requestDer);
  const wanted = profileManagementOperation ?? [];
  const records = card.state.notifications.filter((n) => wanted.length === 0 || wanted.includes(n.event));
  return ListNotificationResponse.encode({ notificationMetadataList: records.map(metadataOf) });
}

export function retrieveNotificationsList(card: CardContext, requestDer: Buffer): Buffer {
  const { searchCriteria } = RetrieveNotificationsListRequest.decode(requestDer);
  const records = card.state.notifications.filter((n) => {
    if (!searchCriteria) return true;
    if ('seqNumber' in searchCriteria) return n.seqNumber === searchCriteria.seqNumber;
    return searchCriteria.profileManagementOperation.includes(n.event);
  });
  if (searchCriteria && records.length === 0) {
    return RetrieveNotificationsListResponse.encode({ notificationsListResultError: 1 });
  }
  return RetrieveNotificationsListResponse.encode({
    notificationList: records.map((n) =>
      PendingNotification.decode(Buffer.from(n.pendingNotification, 'base64')),
    ),
  });
}

export function removeNotificationFromList(card: CardContext, requestDer: Buffer): Buffer {
  const { seqNumber } = NotificationSentRequest.decode(requestDer);
  const before = card.state.notifications.length;
  card.state.notifications = card.state.notifications.filter((n) => n.seqNumber !== seqNumber);
  const removed = card.state.notifications.length < before;
  if (removed) card.dirty = true;
  return NotificationSentResponse.encode({ deleteNotificationStatus: removed ? 0 : 1 });
}
