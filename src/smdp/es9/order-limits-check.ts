/**
 * The order limits authenticateClient enforces (SGP.22 5.6.3): an order past its time to live answers
 * 8.8.5/4.10, one whose download attempts are used up 8.8.5/6.4. Either way the order is over: it goes to
 * Error (SGP.22 5.3: the failed order waits there for the operator's CancelOrder, which returns the profile
 * to Available or makes it Unavailable), and the operator hears it at notification point 1.
 */
import { RspError } from '../../errors/rsp-error.ts';
import type { ProfileRecord, ProfileRepository } from '../profile-repository.ts';

export async function checkOrderLifetime(
  profiles: ProfileRepository,
  profile: ProfileRecord,
  now: number,
): Promise<void> {
  const expiresAt = profile.orderLimits?.expiresAt;
  if (expiresAt === undefined || now < expiresAt) return;
  await profiles.transition(profile.id, [profile.state], 'error');
  throw new RspError('downloadOrderExpired', `the order expired at ${new Date(expiresAt).toISOString()}`);
}

/** Counts this attempt when the order limits them; the profile as counted. */
export async function countDownloadAttempt(
  profiles: ProfileRepository,
  profile: ProfileRecord,
): Promise<ProfileRecord> {
  const max = profile.orderLimits?.maxDownloadAttempts;
  if (max === undefined) return profile;
  const counted = await profiles.countDownloadAttempt(profile.id, [profile.state]);
  if (!counted) throw new RspError('iccidNotAvailable', 'the order changed state meanwhile');
  if (counted.downloadAttempts <= max) return counted;
  await profiles.transition(profile.id, [profile.state], 'error');
  throw new RspError('downloadOrderRetriesExceeded', `the order allows ${max} download attempts`);
}
