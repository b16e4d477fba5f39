/**
 * Local profile management (SGP.22 5.7.15 GetProfilesInfo, 5.7.16 EnableProfile, 5.7.17 DisableProfile,
 * 5.7.18 DeleteProfile, 5.7.19 eUICCMemoryReset, 5.7.21 SetNickname) with the SGP.22 profile policy: one
 * enabled profile at a time, no deletion of an enabled profile, PPR1 (no disabling) and PPR2 (no deletion).
 */
import { Asn1DecodeError } from '../../asn1/decode-error.ts';
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
  ProfileClasses,
  ProfileInfo,
  ProfileInfoListErrors,
  ProfileInfoListRequest,
  ProfileInfoListResponse,
  SetNicknameRequest,
  SetNicknameResponse,
  StoreMetadataRequest,
} from '../../asn1/rsp/index.ts';
import { readTagList } from '../../asn1/tlv.ts';
import type { CardContext } from '../card-context.ts';
import type { InstalledProfile } from '../state.ts';
import { notifyProfileOperation } from './notifications.ts';

type ProfileIdentifier = { isdpAid: Buffer } | { iccid: Buffer };

// The state keeps ICCIDs and AIDs as hex text in either case (AIDs in upper case): compare the octets.
function find(card: CardContext, id: ProfileIdentifier): InstalledProfile | undefined {
  const [field, value] = 'iccid' in id ? (['iccid', id.iccid] as const) : (['isdpAid', id.isdpAid] as const);
  return card.state.profiles.find((p) => Buffer.from(p[field], 'hex').equals(value));
}

const metadataOf = (profile: InstalledProfile) =>
  StoreMetadataRequest.decode(Buffer.from(profile.metadata, 'base64'));
const policyOf = (profile: InstalledProfile) => metadataOf(profile).profilePolicyRules ?? [];

function profileInfo(profile: InstalledProfile): ProfileInfo {
  const metadata = metadataOf(profile);
  return {
    iccid: Buffer.from(profile.iccid, 'hex'),
    isdpAid: Buffer.from(profile.isdpAid, 'hex'),
    profileState: profile.state === 'enabled' ? 1 : 0,
    ...(profile.nickname !== undefined ? { profileNickname: profile.nickname } : {}),
    serviceProviderName: metadata.serviceProviderName,
    profileName: metadata.profileName,
    ...(metadata.iconType !== undefined ? { iconType: metadata.iconType } : {}),
    ...(metadata.icon ? { icon: metadata.icon } : {}),
    profileClass: metadata.profileClass ?? ProfileClasses.operational,
    ...(metadata.notificationConfigurationInfo
      ? { notificationConfigurationInfo: metadata.notificationConfigurationInfo }
      : {}),
    ...(metadata.profileOwner ? { profileOwner: metadata.profileOwner } : {}),
    ...(metadata.profilePolicyRules ? { profilePolicyRules: metadata.profilePolicyRules } : {}),
  };
}

export function getProfilesInfo(card: CardContext, requestDer: Buffer): Buffer {
  const { searchCriteria, tagList } = ProfileInfoListRequest.decode(requestDer);
  let profiles = card.state.profiles;
  if (searchCriteria) {
    if ('profileClass' in searchCriteria) {
      profiles = profiles.filter((p) => (metadataOf(p).profileClass ?? 2) === searchCriteria.profileClass);
    } else {
      const match = find(card, searchCriteria);
      profiles = match ? [match] : [];
    }
  }
  let wanted: number[] | undefined;
  try {
    wanted = tagList ? readTagList(tagList) : undefined;
  } catch (error) {
    // A tag list whose tags break DER (a leading zero octet, one cut short at the end) asks for nothing
    // known: the request's values are wrong (SGP.22 5.7.15 ProfileInfoListError incorrectInputValues).
    if (error instanceof Asn1DecodeError)
      return ProfileInfoListResponse.encode({
        profileInfoListError: ProfileInfoListErrors.incorrectInputValues,
      });
    throw error;
  }
  const infos = profiles.map((profile) => {
    const info = profileInfo(profile) as Record<string, unknown>;
    if (!wanted) return info as ProfileInfo;
    // Only the data objects the tag list asks for (SGP.22 5.7.15).
    for (const field of ProfileInfo.fields) {
      const [tag] = field.schema.tags;
      if (tag === undefined || !wanted.includes(tag)) delete info[field.name];
    }
    return info as ProfileInfo;
  });
  return ProfileInfoListResponse.encode({ profileInfoListOk: infos });
}

export function enableProfile(card: CardContext, requestDer: Buffer): Buffer {
  const { profileIdentifier } = EnableProfileRequest.decode(requestDer);
  const respond = (result: keyof typeof EnableResults) =>
    EnableProfileResponse.encode({ enableResult: EnableResults[result] });
  const target = find(card, profileIdentifier);
  if (!target) return respond('iccidOrAidNotFound');
  if (target.state === 'enabled') return respond('profileNotInDisabledState');
  const current = card.state.profiles.find((p) => p.state === 'enabled');
  if (current && policyOf(current).includes('ppr1')) return respond('disallowedByPolicy');
  if (current) {
    current.state = 'disabled';
    notifyProfileOperation(card, current, 'notificationDisable');
  }
  target.state = 'enabled';
  notifyProfileOperation(card, target, 'notificationEnable');
  card.dirty = true;
  return respond('ok');
}

export function disableProfile(card: CardContext, requestDer: Buffer): Buffer {
  const { profileIdentifier } = DisableProfileRequest.decode(requestDer);
  const respond = (result: keyof typeof DisableResults) =>
    DisableProfileResponse.encode({ disableResult: DisableResults[result] });
  const target = find(card, profileIdentifier);
  if (!target) return respond('iccidOrAidNotFound');
  if (target.state !== 'enabled') return respond('profileNotInEnabledState');
  if (policyOf(target).includes('ppr1')) return respond('disallowedByPolicy');
  target.state = 'disabled';
  notifyProfileOperation(card, target, 'notificationDisable');
  card.dirty = true;
  return respond('ok');
}

export function deleteProfile(card: CardContext, requestDer: Buffer): Buffer {
  const identifier = DeleteProfileRequest.decode(requestDer);
  const respond = (result: keyof typeof DeleteResults) =>
    DeleteProfileResponse.encode({ deleteResult: DeleteResults[result] });
  const target = find(card, identifier);
  if (!target) return respond('iccidOrAidNotFound');
  if (target.state === 'enabled') return respond('profileNotInDisabledState');
  if (policyOf(target).includes('ppr2')) return respond('disallowedByPolicy');
  card.state.profiles = card.state.profiles.filter((p) => p !== target);
  notifyProfileOperation(card, target, 'notificationDelete');
  card.dirty = true;
  return respond('ok');
}

export function setNickname(card: CardContext, requestDer: Buffer): Buffer {
  const { iccid, profileNickname } = SetNicknameRequest.decode(requestDer);
  const target = find(card, { iccid });
  if (target) {
    target.nickname = profileNickname;
    card.dirty = true;
  }
  return SetNicknameResponse.encode({ setNicknameResult: target ? 0 : 1 });
}

export function memoryReset(card: CardContext, requestDer: Buffer): Buffer {
  const { resetOptions } = EuiccMemoryResetRequest.decode(requestDer);
  const before = card.state.profiles.length;
  const isTest = (p: InstalledProfile) => (metadataOf(p).profileClass ?? 2) === ProfileClasses.test;
  card.state.profiles = card.state.profiles.filter(
    (p) =>
      !(
        (resetOptions.includes('deleteOperationalProfiles') && !isTest(p)) ||
        (resetOptions.includes('deleteFieldLoadedTestProfiles') && isTest(p))
      ),
  );
  const resetAddress =
    resetOptions.includes('resetDefaultSmdpAddress') && card.state.defaultDpAddress !== undefined;
  if (resetAddress) card.state.defaultDpAddress = undefined;
  const changed = card.state.profiles.length < before || resetAddress;
  if (changed) card.dirty = true;
  return EuiccMemoryResetResponse.encode({ resetResult: changed ? 0 : 1 });
}
