/** Notifications: SGP.22 3.5, 5.7.9 ListNotification, 5.7.10 RetrieveNotificationsList, 5.7.11 NotificationSent. */
import { choice, explicit, type Infer, integer, optional, sequence, sequenceOf } from '../schema.ts';
import { ProfileInstallationResult } from './bound-profile-package.ts';
import { Certificate, notificationEvent, signature } from './common.ts';
import { NotificationMetadata } from './notification-metadata.ts';

/**
 * ```asn
 * ListNotificationRequest ::= [40] SEQUENCE { -- Tag 'BF28'
 *     profileManagementOperation [1] NotificationEvent OPTIONAL
 * }
 * ```
 */
export const ListNotificationRequest = sequence(0xbf28, {
  profileManagementOperation: optional(notificationEvent(0x81)),
});
export type ListNotificationRequest = Infer<typeof ListNotificationRequest>;

/** The named values of the INTEGER in ListNotificationResponse. */
export const ListNotificationErrors = { undefinedError: 127 } as const;
/**
 * ```asn
 * ListNotificationResponse ::= [40] CHOICE { -- Tag 'BF28'
 *     notificationMetadataList SEQUENCE OF NotificationMetadata,
 *     listNotificationsResultError INTEGER {undefinedError(127)}
 * }
 * ```
 */
export const ListNotificationResponse = explicit(
  0xbf28,
  choice({
    notificationMetadataList: sequenceOf(0xa0, NotificationMetadata),
    listNotificationsResultError: integer(0x81, ListNotificationErrors),
  }),
);
export type ListNotificationResponse = Infer<typeof ListNotificationResponse>;

/**
 * ```asn
 * OtherSignedNotification ::= SEQUENCE {
 *     tbsOtherNotification NotificationMetadata,
 *     euiccNotificationSignature [APPLICATION 55] OCTET STRING,   -- eUICC signature of tbsOtherNotification, Tag '5F37'
 *     euiccCertificate Certificate,   -- eUICC Certificate (CERT.EUICC.ECDSA) signed by the EUM
 *     eumCertificate Certificate  -- EUM Certificate (CERT.EUM.ECDSA) signed by the requested CI
 * }
 * ```
 */
export const OtherSignedNotification = sequence(0x30, {
  tbsOtherNotification: NotificationMetadata,
  euiccNotificationSignature: signature(),
  euiccCertificate: Certificate,
  eumCertificate: Certificate,
});
export type OtherSignedNotification = Infer<typeof OtherSignedNotification>;

/**
 * ```asn
 * PendingNotification ::= CHOICE {
 *     profileInstallationResult [55] ProfileInstallationResult, -- tag 'BF37'
 *     otherSignedNotification OtherSignedNotification
 * }
 * ```
 */
export const PendingNotification = choice({
  profileInstallationResult: ProfileInstallationResult,
  otherSignedNotification: OtherSignedNotification,
});
export type PendingNotification = Infer<typeof PendingNotification>;

/**
 * ```asn
 * RetrieveNotificationsListRequest ::= [43] SEQUENCE { -- Tag 'BF2B'
 *     searchCriteria CHOICE {
 *         seqNumber [0] INTEGER,
 *         profileManagementOperation [1] NotificationEvent
 *     } OPTIONAL
 * }
 * ```
 */
export const RetrieveNotificationsListRequest = sequence(0xbf2b, {
  searchCriteria: optional(
    explicit(0xa0, choice({ seqNumber: integer(0x80), profileManagementOperation: notificationEvent(0x81) })),
  ),
});
export type RetrieveNotificationsListRequest = Infer<typeof RetrieveNotificationsListRequest>;

/** The named values of the INTEGER in RetrieveNotificationsListResponse. */
export const RetrieveNotificationsListErrors = { noResultAvailable: 1, undefinedError: 127 } as const;
/**
 * ```asn
 * RetrieveNotificationsListResponse ::= [43] CHOICE { -- Tag 'BF2B'
 *     notificationList SEQUENCE OF PendingNotification,
 *     notificationsListResultError INTEGER {noResultAvailable(1), undefinedError(127)}
 * }
 * ```
 */
export const RetrieveNotificationsListResponse = explicit(
  0xbf2b,
  choice({
    notificationList: sequenceOf(0xa0, PendingNotification),
    notificationsListResultError: integer(0x81, RetrieveNotificationsListErrors),
  }),
);
export type RetrieveNotificationsListResponse = Infer<typeof RetrieveNotificationsListResponse>;

/**
 * ```asn
 * NotificationSentRequest ::= [48] SEQUENCE { -- Tag 'BF30'
 *     seqNumber [0] INTEGER
 * }
 * ```
 */
export const NotificationSentRequest = sequence(0xbf30, { seqNumber: integer(0x80) });

/** The named values of the INTEGER in NotificationSentResponse. */
export const DeleteNotificationStatuses = { ok: 0, nothingToDelete: 1, undefinedError: 127 } as const;
/**
 * ```asn
 * NotificationSentResponse ::= [48] SEQUENCE { -- Tag 'BF30'
 *     deleteNotificationStatus INTEGER {ok(0), nothingToDelete(1), undefinedError(127)}
 * }
 * ```
 */
export const NotificationSentResponse = sequence(0xbf30, {
  deleteNotificationStatus: integer(0x80, DeleteNotificationStatuses),
});
