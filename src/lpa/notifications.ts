/** Delivering the eUICC's pending notifications to the SM-DP+ (SGP.22 3.5, 5.6.4 / 5.7.10 / 5.7.11). */

import type { ApduTransport } from '../apdu/transport.ts';
import { PendingNotification } from '../asn1/rsp/index.ts';
import { Es9Client, type Es9Options } from './es9-client.ts';
import { Es10Client } from './es10-client.ts';

export interface ProcessedNotification {
  readonly seqNumber: number;
  readonly address: string;
  readonly delivered: boolean;
  readonly error?: string;
}

export async function processNotifications(
  euicc: ApduTransport,
  options: { es9?: Es9Options; remove?: boolean } = {},
): Promise<ProcessedNotification[]> {
  const es10 = new Es10Client(euicc);
  const results: ProcessedNotification[] = [];
  try {
    for (const der of await es10.retrieveNotifications()) {
      const notification = PendingNotification.decode(der);
      const metadata =
        'profileInstallationResult' in notification
          ? notification.profileInstallationResult.profileInstallationResultData.notificationMetadata
          : notification.otherSignedNotification.tbsOtherNotification;
      const es9 = new Es9Client(metadata.notificationAddress, options.es9);
      try {
        await es9.call('handleNotification', { pendingNotification: der.toString('base64') });
        if (options.remove ?? true) await es10.removeNotification(metadata.seqNumber);
        results.push({
          seqNumber: metadata.seqNumber,
          address: metadata.notificationAddress,
          delivered: true,
        });
      } catch (error) {
        results.push({
          seqNumber: metadata.seqNumber,
          address: metadata.notificationAddress,
          delivered: false,
          error: (error as Error).message,
        });
      } finally {
        es9.close();
      }
    }
  } finally {
    await es10.close();
  }
  return results;
}
