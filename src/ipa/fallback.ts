/**
 * The Fallback Mechanism as the IPA starts it (SGP.32 5.9.20; reference §9): when the enabled profile gives
 * no connectivity and it is not the Fallback Profile, the IPA calls ES10b.ExecuteFallbackMechanism, and at its
 * next GetEimPackage tells the eIM `notifyStateChange` with `stateChangeCause fallback(1)` so that it reads
 * the eUICC again. Which profile gives connectivity is the device's to say (the connectivity check, e.g.
 * `rspsim ipa run --connectivity-check`); without one the IPA never falls back. Our reading where SGP.32's
 * state rules were not available: docs/sgp32-readings.md (IPA).
 */
import { ProfileStates } from '../asn1/rsp/common.ts';
import { ExecuteFallbackMechanismResults, StateChangeCauses } from '../asn1/sgp32/index.ts';
import type { IpaCard } from './start-up.ts';

export type ConnectivityCheck = (enabledIccid: Buffer) => Promise<boolean>;

/** The stateChangeCause to tell the eIM when the IPA fell back; undefined when it did not. */
export async function fallBackIfOffline(
  card: IpaCard,
  check: ConnectivityCheck | undefined,
): Promise<number | undefined> {
  if (!check) return undefined;
  const { value } = await card.iot.call('getProfilesInfo', {});
  if (!('profileInfoListOk' in value)) return undefined;
  const enabled = value.profileInfoListOk.find((profile) => profile.profileState === ProfileStates.enabled);
  if (!enabled?.iccid || enabled.fallbackAttribute || (await check(enabled.iccid))) return undefined;
  const { value: answer } = await card.iot.executeFallbackMechanism();
  return answer.executeFallbackMechanismResult === ExecuteFallbackMechanismResults.ok
    ? StateChangeCauses.fallback
    : undefined;
}
