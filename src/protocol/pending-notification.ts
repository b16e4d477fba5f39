/**
 * The seqNumber of an SGP.32 v1.2 PendingNotification in any of its forms (SGP.32 5.9.11; SGP.22 4.4 for
 * the full ones): what the IPA removes and the eIM acknowledges.
 */
import type { Sgp32PendingNotification } from '../asn1/sgp32/index.ts';

export function seqNumberOfNotification(notification: Sgp32PendingNotification): number {
  if ('profileInstallationResult' in notification)
    return notification.profileInstallationResult.profileInstallationResultData.notificationMetadata
      .seqNumber;
  if ('otherSignedNotification' in notification)
    return notification.otherSignedNotification.tbsOtherNotification.seqNumber;
  if ('compactOtherSignedNotification' in notification)
    return notification.compactOtherSignedNotification.tbsOtherNotification.seqNumber;
  return notification.compactProfileInstallationResult.compactProfileInstallationResultData.seqNumber;
}
