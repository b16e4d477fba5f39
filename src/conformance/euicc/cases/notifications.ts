/**
 * Notifications (SGP.22 3.5; ES10b ListNotification 5.7.9, RetrieveNotificationsList 5.7.10,
 * RemoveNotificationFromList 5.7.11): the installation's ProfileInstallationResult and the enable, disable
 * and delete notifications the metadata asks for are each listed, retrievable byte for byte, signed by the
 * card (checked with its chain), and kept until removed; a second removal finds nothing.
 */
import {
  NotificationSentRequest,
  NotificationSentResponse,
  PendingNotification,
  RetrieveNotificationsListRequest,
} from '../../../asn1/rsp/index.ts';
import { readTlv } from '../../../asn1/tlv.ts';
import { check, checkThat, precondition, shall } from '../../verdict.ts';
import { checkNotificationSignature, READINGS } from '../card-checks.ts';
import type { EuiccCase, EuiccCaseContext } from '../euicc-case.ts';
import { checkSwitchable, disable, enable, remove } from './profile-management.ts';

const LISTED = shall(
  'SGP.22 5.7.9, 3.5',
  'ListNotification lists each pending notification with its seqNumber, event, address and ICCID',
);
const RETRIEVED = shall(
  'SGP.22 5.7.10',
  'RetrieveNotificationsList by seqNumber returns that pending notification, as signed',
);
const KEPT = shall(
  'SGP.22 3.5, 5.7.11',
  'a notification is kept until RemoveNotificationFromList, which answers ok; a second removal answers nothingToDelete',
);
const MADE = shall(
  'SGP.22 3.5, 4.4',
  "an enable, disable or delete makes a notification when the profile's notificationConfigurationInfo asks for it",
);

/** The pending notification of this seqNumber, as the card returns it (DER of the one list element). */
async function retrieve(context: EuiccCaseContext, seqNumber: number): Promise<Buffer | undefined> {
  const der = await context.card.storeData(
    RetrieveNotificationsListRequest.encode({ searchCriteria: { seqNumber } }),
  );
  const choice = readTlv(readTlv(der, 0).value, 0);
  if (choice.tag !== 0xa0 || choice.value.length === 0) return undefined;
  return readTlv(choice.value, 0).bytes;
}

async function removed(context: EuiccCaseContext, seqNumber: number): Promise<number> {
  const der = await context.card.storeData(NotificationSentRequest.encode({ seqNumber }));
  return NotificationSentResponse.decode(der).deleteNotificationStatus;
}

/** Checks the notification of `event` for `iccid`: listed, retrieved, signed, removed once. */
async function checkNotification(
  context: EuiccCaseContext,
  event: string,
  iccid: Buffer,
  publicKey: Parameters<typeof checkNotificationSignature>[0],
  expectedDer?: Buffer,
): Promise<void> {
  const listed = await context.card.listNotifications();
  const metadata = listed.find(
    (n) => n.profileManagementOperation.includes(event as never) && n.iccid?.equals(iccid),
  );
  checkThat(
    `${event} notification`,
    metadata !== undefined,
    `listed for ${iccid.toString('hex')}`,
    listed.map((n) => `${n.seqNumber}:${n.profileManagementOperation.join('+')}`).join(', ') || 'none',
    event === 'notificationInstall' ? LISTED : MADE,
  );
  if (!metadata) return;
  check(`${event} notificationAddress`, context.lab.address, metadata.notificationAddress, LISTED);
  const der = await retrieve(context, metadata.seqNumber);
  checkThat(
    `RetrieveNotificationsList seqNumber ${metadata.seqNumber}`,
    der !== undefined,
    'the notification',
    'none',
    RETRIEVED,
  );
  if (!der) return;
  if (expectedDer)
    check(
      'the pending ProfileInstallationResult',
      expectedDer.toString('hex'),
      der.toString('hex'),
      RETRIEVED,
    );
  checkNotificationSignature(publicKey, PendingNotification.decode(der));
  check(
    `RemoveNotificationFromList ${metadata.seqNumber}`,
    0,
    await removed(context, metadata.seqNumber),
    KEPT,
  );
  check(
    `RemoveNotificationFromList ${metadata.seqNumber} again`,
    1,
    await removed(context, metadata.seqNumber),
    KEPT,
  );
}

export const NOTIFICATION_CASES: readonly EuiccCase[] = [
  {
    id: 'EB-NOTIF-INSTALL',
    area: 'ES10b.Notifications',
    title: 'the installation result: listed, retrieved as returned, signed, kept until removed',
    reference: 'SGP.22 3.5, 5.7.9, 5.7.10, 5.7.11',
    readings: [LISTED, RETRIEVED, KEPT, READINGS.notificationSignature],
    async run(context) {
      const installed = await context.install(await context.profile());
      const publicKey = installed.card.chain.euiccPublicKey;
      await checkNotification(
        context,
        'notificationInstall',
        installed.profile.iccid,
        publicKey,
        installed.result,
      );
    },
  },
  {
    id: 'EB-NOTIF-MANAGEMENT',
    area: 'ES10b.Notifications',
    title: 'enable, disable and delete notifications: each listed, signed, removed',
    reference: 'SGP.22 3.5, 4.4, 5.7.9-5.7.11, 5.7.16-5.7.18',
    readings: [MADE, LISTED, RETRIEVED, KEPT, READINGS.notificationSignature],
    async run(context) {
      const installed = await context.install(await context.profile());
      const { iccid } = installed.profile;
      const publicKey = installed.card.chain.euiccPublicKey;
      await checkSwitchable(context);
      await context.card.removeNotification(installed.seqNumber);
      // Each operation is the set-up of its notification (its own case judges it).
      const operation = (name: string, run: () => Promise<string>) =>
        precondition(name, async () => check(name, 'ok', await run()));
      await operation('EnableProfile', () => enable(context, { iccid }));
      await checkNotification(context, 'notificationEnable', iccid, publicKey);
      await operation('DisableProfile', () => disable(context, { iccid }));
      await checkNotification(context, 'notificationDisable', iccid, publicKey);
      await operation('DeleteProfile', () => remove(context, { iccid }));
      await checkNotification(context, 'notificationDelete', iccid, publicKey);
    },
  },
];
