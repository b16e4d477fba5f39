/** SGP.22 4.4 / 5.7.10: the metadata every notification carries. */
import { type Infer, integer, optional, sequence, utf8String } from '../schema.ts';
import { Iccid, notificationEvent } from './common.ts';

/**
 * ```asn
 * NotificationMetadata ::= [47] SEQUENCE { -- Tag 'BF2F'
 *     seqNumber [0] INTEGER,
 *     profileManagementOperation [1] NotificationEvent, --Only one bit set to 1
 *     notificationAddress UTF8String, -- FQDN to forward the notification
 *     iccid Iccid OPTIONAL
 * }
 * ```
 */
export const NotificationMetadata = sequence(0xbf2f, {
  seqNumber: integer(0x80),
  profileManagementOperation: notificationEvent(0x81),
  notificationAddress: utf8String(0x0c),
  iccid: optional(Iccid),
});
export type NotificationMetadata = Infer<typeof NotificationMetadata>;
