/**
 * ES10c local profile management (SGP.22 5.7.15-5.7.21) on profiles the campaign installs: GetProfilesInfo
 * with search criteria and tag lists, Enable/Disable/Delete by ICCID and by ISD-P AID in each state, SetNickname,
 * two profiles switched back and forth, and (destructive) eUICCMemoryReset. The card's own enabled profile
 * is enabled again afterwards by the campaign.
 */
import {
  DeleteProfileRequest,
  DeleteProfileResponse,
  DeleteResults,
  DisableProfileRequest,
  DisableProfileResponse,
  DisableResults,
  EnableProfileRequest,
  EnableProfileResponse,
  EnableResults,
  EuiccMemoryResetRequest,
  EuiccMemoryResetResponse,
  SetNicknameRequest,
  SetNicknameResponse,
} from '../../../asn1/rsp/index.ts';
import { check, checkThat, Inconclusive, shall } from '../../verdict.ts';
import type { EuiccCase, EuiccCaseContext } from '../euicc-case.ts';

const nameOf = (table: Readonly<Record<string, number>>, value: number) =>
  Object.entries(table).find(([, v]) => v === value)?.[0] ?? `${value}`;

type Id = { iccid: Buffer } | { isdpAid: Buffer };

export async function enable(context: EuiccCaseContext, id: Id): Promise<string> {
  const der = await context.card.storeData(
    EnableProfileRequest.encode({ profileIdentifier: id, refreshFlag: false }),
  );
  return nameOf(EnableResults, EnableProfileResponse.decode(der).enableResult);
}
export async function disable(context: EuiccCaseContext, id: Id): Promise<string> {
  const der = await context.card.storeData(
    DisableProfileRequest.encode({ profileIdentifier: id, refreshFlag: false }),
  );
  return nameOf(DisableResults, DisableProfileResponse.decode(der).disableResult);
}
export async function remove(context: EuiccCaseContext, id: Id): Promise<string> {
  const der = await context.card.storeData(DeleteProfileRequest.encode(id));
  return nameOf(DeleteResults, DeleteProfileResponse.decode(der).deleteResult);
}
export async function stateOf(context: EuiccCaseContext, iccid: Buffer): Promise<string> {
  const [info] = await context.card.listProfiles({
    searchCriteria: { iccid },
    tagList: Buffer.from('5A9F70', 'hex'),
  });
  return info === undefined ? 'absent' : info.profileState === 1 ? 'enabled' : 'disabled';
}

/**
 * A precondition of every case that enables a test profile: the profile enabled now (the card's own) may be
 * disabled. SGP.22 2.9.1 PPR1 forbids it; such a card is right to refuse, so the case cannot be run on it.
 */
export async function checkSwitchable(context: EuiccCaseContext): Promise<void> {
  const enabled = (await context.card.listProfiles({ tagList: Buffer.from('5A9F7099', 'hex') })).find(
    (p) => p.profileState === 1,
  );
  if (enabled?.profilePolicyRules?.includes('ppr1'))
    throw new Inconclusive(
      `the enabled profile ${enabled.iccid?.toString('hex') ?? ''} has PPR1 (SGP.22 2.9.1: it cannot be disabled), so no test profile can be enabled`,
      'enable a test profile',
    );
}

const TAG_LIST = shall(
  'SGP.22 5.7.15',
  'GetProfilesInfo with a tagList returns only the data objects it names, for the profiles the searchCriteria select',
);
const ENABLE = shall(
  'SGP.22 5.7.16',
  'EnableProfile of a disabled profile answers ok and enables it, disabling the one enabled before; of an enabled one profileNotInDisabledState; of an unknown one iccidOrAidNotFound',
);
const DISABLE = shall(
  'SGP.22 5.7.17',
  'DisableProfile of the enabled profile answers ok; of a disabled one profileNotInEnabledState',
);
const DELETE = shall(
  'SGP.22 5.7.18',
  'DeleteProfile of a disabled profile answers ok and removes it; of the enabled one profileNotInDisabledState; of an unknown one iccidOrAidNotFound',
);
const ONE_ENABLED = shall('SGP.22 2.4.5, 5.7.16', 'at most one profile is enabled at a time');
const NICKNAME = shall(
  'SGP.22 5.7.21',
  'SetNickname answers ok and GetProfilesInfo then gives the nickname; an unknown ICCID answers iccidNotFound',
);
const MEMORY_RESET = shall(
  'SGP.22 5.7.19',
  'eUICCMemoryReset deleteOperationalProfiles answers ok and deletes the operational profiles',
);

const UNKNOWN_ICCID = Buffer.from('98001032547698103214', 'hex');

export const PROFILE_MANAGEMENT_CASES: readonly EuiccCase[] = [
  {
    id: 'EC-PI-TAGLIST',
    area: 'ES10c.GetProfilesInfo',
    title: 'GetProfilesInfo by ICCID, by ISD-P AID and by class, with tag lists',
    reference: 'SGP.22 5.7.15',
    readings: [TAG_LIST],
    async run(context) {
      const installed = await context.install(await context.profile());
      const { iccid } = installed.profile;
      const byIccid = await context.card.listProfiles({
        searchCriteria: { iccid },
        tagList: Buffer.from('5A9F70', 'hex'),
      });
      check('profiles found by ICCID', 1, byIccid.length, TAG_LIST);
      const [only] = byIccid;
      check(
        'data objects for tagList 5A 9F70',
        'iccid,profileState',
        Object.keys(only ?? {})
          .filter((k) => (only as Record<string, unknown>)[k] !== undefined && k !== 'profileClass')
          .join(','),
        TAG_LIST,
      );
      check('ICCID', iccid.toString('hex'), only?.iccid?.toString('hex'), TAG_LIST);
      const byAid = await context.card.listProfiles({
        searchCriteria: { isdpAid: installed.isdpAid },
        tagList: Buffer.from([0x5a]),
      });
      check(
        'profile found by ISD-P AID',
        iccid.toString('hex'),
        byAid.map((p) => p.iccid?.toString('hex')).join(','),
        TAG_LIST,
      );
      const byClass = await context.card.listProfiles({
        searchCriteria: { profileClass: 2 },
        tagList: Buffer.from([0x5a]),
      });
      checkThat(
        'operational profiles',
        byClass.some((p) => p.iccid?.equals(iccid)),
        `include ${iccid.toString('hex')}`,
        byClass.map((p) => p.iccid?.toString('hex')).join(',') || 'none',
        TAG_LIST,
      );
      const none = await context.card.listProfiles({ searchCriteria: { iccid: UNKNOWN_ICCID } });
      check('profiles of an unknown ICCID', 0, none.length, TAG_LIST);
    },
  },
  {
    id: 'EC-ENABLE',
    area: 'ES10c.ProfileManagement',
    title: 'Enable by ICCID, Disable by ISD-P AID, each in the wrong state and for an unknown profile',
    reference: 'SGP.22 5.7.16, 5.7.17',
    readings: [ENABLE, DISABLE, DELETE, ONE_ENABLED],
    async run(context) {
      await checkSwitchable(context);
      const installed = await context.install(await context.profile());
      const iccid = { iccid: installed.profile.iccid };
      const aid = { isdpAid: installed.isdpAid };
      check('EnableProfile (ICCID) of the disabled profile', 'ok', await enable(context, iccid), ENABLE);
      check(
        'profile state after EnableProfile',
        'enabled',
        await stateOf(context, installed.profile.iccid),
        ENABLE,
      );
      const enabled = (await context.card.listProfiles({ tagList: Buffer.from('5A9F70', 'hex') })).filter(
        (p) => p.profileState === 1,
      );
      check('enabled profiles', 1, enabled.length, ONE_ENABLED);
      check(
        'EnableProfile of the enabled profile',
        'profileNotInDisabledState',
        await enable(context, iccid),
        ENABLE,
      );
      check(
        'DeleteProfile of the enabled profile',
        'profileNotInDisabledState',
        await remove(context, aid),
        DELETE,
      );
      check('DisableProfile (ISD-P AID) of the enabled profile', 'ok', await disable(context, aid), DISABLE);
      check(
        'profile state after DisableProfile',
        'disabled',
        await stateOf(context, installed.profile.iccid),
        DISABLE,
      );
      check(
        'DisableProfile of the disabled profile',
        'profileNotInEnabledState',
        await disable(context, iccid),
        DISABLE,
      );
      check(
        'EnableProfile of an unknown ICCID',
        'iccidOrAidNotFound',
        await enable(context, { iccid: UNKNOWN_ICCID }),
        ENABLE,
      );
    },
  },
  {
    id: 'EC-SWITCH',
    area: 'ES10c.ProfileManagement',
    title: 'two profiles on the card, switched back and forth: one enabled at a time',
    reference: 'SGP.22 5.7.16, 2.4.5',
    readings: [ENABLE, ONE_ENABLED],
    async run(context) {
      await checkSwitchable(context);
      const a = await context.install(await context.profile());
      const b = await context.install(await context.profile());
      for (const [on, off] of [
        [a, b],
        [b, a],
        [a, b],
      ] as const) {
        check(
          `EnableProfile ${on.profile.digits}`,
          'ok',
          await enable(context, { iccid: on.profile.iccid }),
          ENABLE,
        );
        check(
          `state of ${on.profile.digits}`,
          'enabled',
          await stateOf(context, on.profile.iccid),
          ONE_ENABLED,
        );
        check(
          `state of ${off.profile.digits}`,
          'disabled',
          await stateOf(context, off.profile.iccid),
          ONE_ENABLED,
        );
      }
    },
  },
  {
    id: 'EC-NICKNAME',
    area: 'ES10c.SetNickname',
    title: 'SetNickname, read back; an unknown ICCID: iccidNotFound',
    reference: 'SGP.22 5.7.21, 5.7.15',
    readings: [NICKNAME],
    async run(context) {
      const installed = await context.install(await context.profile());
      const nickname = 'rspsim nickname ✓';
      const set = async (iccid: Buffer) =>
        SetNicknameResponse.decode(
          await context.card.storeData(SetNicknameRequest.encode({ iccid, profileNickname: nickname })),
        ).setNicknameResult;
      check('setNicknameResult', 0, await set(installed.profile.iccid), NICKNAME);
      const [info] = await context.card.listProfiles({ searchCriteria: { iccid: installed.profile.iccid } });
      check('profileNickname', nickname, info?.profileNickname ?? '(absent)', NICKNAME);
      check('setNicknameResult of an unknown ICCID', 1, await set(UNKNOWN_ICCID), NICKNAME);
    },
  },
  {
    id: 'EC-DELETE',
    area: 'ES10c.ProfileManagement',
    title: 'Delete a disabled profile by ISD-P AID; again: iccidOrAidNotFound',
    reference: 'SGP.22 5.7.18',
    readings: [DELETE],
    async run(context) {
      const installed = await context.install(await context.profile());
      check(
        'DeleteProfile (ISD-P AID) of the disabled profile',
        'ok',
        await remove(context, { isdpAid: installed.isdpAid }),
        DELETE,
      );
      check('profile after DeleteProfile', 'absent', await stateOf(context, installed.profile.iccid), DELETE);
      check(
        'DeleteProfile again (ICCID)',
        'iccidOrAidNotFound',
        await remove(context, { iccid: installed.profile.iccid }),
        DELETE,
      );
    },
  },
  {
    id: 'EC-MEMORY-RESET',
    area: 'ES10c.eUICCMemoryReset',
    title: 'eUICCMemoryReset deleteOperationalProfiles (destructive)',
    reference: 'SGP.22 5.7.19',
    readings: [MEMORY_RESET],
    destructive: true,
    async run(context) {
      const installed = await context.install(await context.profile());
      const der = await context.card.storeData(
        EuiccMemoryResetRequest.encode({ resetOptions: ['deleteOperationalProfiles'] }),
      );
      check('resetResult', 0, EuiccMemoryResetResponse.decode(der).resetResult, MEMORY_RESET);
      check(
        'the operational profile installed',
        'absent',
        await stateOf(context, installed.profile.iccid),
        MEMORY_RESET,
      );
    },
  },
];
