/**
 * "A card is precious": what the card held before the campaign (its profiles, their states, its pending
 * notifications), and the restoring of it after each case — the profiles a case installed disabled and
 * deleted, the profile that was enabled enabled again, the notifications the case made removed. SGP.22
 * allows each of these (5.7.16-5.7.18, 5.7.11); what it does not allow to undo (a profile of the card's
 * own deleted, a memory reset) only destructive cases do.
 */
import { type Es10Client, Es10ResultError } from '../../lpa/es10-client.ts';

/** GetProfilesInfo's tagList (SGP.22 5.7.15): ICCID '5A', ISD-P AID '4F', profileState '9F70'. */
const STATE_TAGS = Buffer.from('5A4F9F70', 'hex');

export interface CardBaseline {
  /** ICCIDs (hex) of the profiles on the card. */
  readonly iccids: ReadonlySet<string>;
  /** ICCID (hex) of the enabled profile, if one was. */
  readonly enabled: string | undefined;
  /** seqNumbers of the pending notifications. */
  readonly notifications: ReadonlySet<number>;
}

export async function readBaseline(card: Es10Client): Promise<CardBaseline> {
  const profiles = await card.listProfiles({ tagList: STATE_TAGS });
  const notifications = await card.listNotifications();
  return {
    iccids: new Set(profiles.flatMap((p) => (p.iccid ? [p.iccid.toString('hex')] : []))),
    enabled: profiles.find((p) => p.profileState === 1)?.iccid?.toString('hex'),
    notifications: new Set(notifications.map((n) => n.seqNumber)),
  };
}

/** Puts the card back as the baseline says; returns what it did (notes for the report). */
export async function restoreBaseline(card: Es10Client, baseline: CardBaseline): Promise<string[]> {
  const done: string[] = [];
  const profiles = await card.listProfiles({ tagList: STATE_TAGS });
  const added = profiles.filter((p) => p.iccid && !baseline.iccids.has(p.iccid.toString('hex')));
  const enabledNow = profiles.find((p) => p.profileState === 1)?.iccid?.toString('hex');
  if (enabledNow !== baseline.enabled) {
    if (baseline.enabled && profiles.some((p) => p.iccid?.toString('hex') === baseline.enabled)) {
      await card.enableProfile(Buffer.from(baseline.enabled, 'hex'));
      done.push(`enabled ${baseline.enabled} again`);
    } else if (enabledNow) {
      await card.disableProfile(Buffer.from(enabledNow, 'hex'));
      done.push(`disabled ${enabledNow}`);
    }
  }
  for (const p of added) {
    const iccid = p.iccid ?? Buffer.alloc(0);
    try {
      await card.deleteProfile(iccid);
      done.push(`deleted ${iccid.toString('hex')}`);
    } catch (error) {
      if (!(error instanceof Es10ResultError)) throw error;
      done.push(`could not delete ${iccid.toString('hex')}: ${error.message}`);
    }
  }
  const made = (await card.listNotifications()).filter((n) => !baseline.notifications.has(n.seqNumber));
  for (const n of made) await card.removeNotification(n.seqNumber);
  if (made.length > 0) done.push(`removed notification(s) ${made.map((n) => n.seqNumber).join(', ')}`);
  return done;
}
