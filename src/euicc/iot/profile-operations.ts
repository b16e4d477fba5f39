/**
 * Profile State Management Operations (SGP.32 2.11.1.1.1) and the IPA-initiated profile switches on an IoT
 * eUICC: enable (with rollback), disable, delete, listProfileInfo, getRAT, configureImmediateEnable,
 * set/unsetFallbackAttribute, setDefaultDpAddress; ES10b ProfileRollback (5.9.16), ImmediateEnable (5.9.15),
 * ConfigureImmediateProfileEnabling (5.9.17), ExecuteFallbackMechanism / ReturnFromFallback (5.9.20 / 5.9.21).
 * Enable, disable and delete follow the SGP.22 profile policy of the card's ES10c functions (one enabled
 * profile, PPR1, PPR2) and make the same notifications: they run through them.
 */
import {
  DeleteProfileRequest,
  DeleteProfileResponse,
  DisableProfileRequest,
  DisableProfileResponse,
  EnableProfileRequest,
  EnableProfileResponse,
  ProfileInfoListRequest,
  ProfileInfoListResponse,
} from '../../asn1/rsp/index.ts';
import {
  ConfigureImmediateProfileEnablingRequest,
  ConfigureImmediateProfileEnablingResponse,
  ExecuteFallbackMechanismRequest,
  ExecuteFallbackMechanismResponse,
  ExecuteFallbackMechanismResults,
  ImmediateEnableRequest,
  ImmediateEnableResponse,
  ImmediateEnableResults,
  ReturnFromFallbackRequest,
  ReturnFromFallbackResponse,
  ReturnFromFallbackResults,
  SetFallbackAttributeResults,
  Sgp32ProfileInfoListResponse,
  Sgp32SetDefaultDpAddressRequest,
  Sgp32SetDefaultDpAddressResponse,
  Sgp32StoreMetadataRequest,
  UnsetFallbackAttributeResults,
} from '../../asn1/sgp32/index.ts';
import type { CardContext } from '../card-context.ts';
import { deleteProfile, disableProfile, enableProfile, getProfilesInfo } from '../es10/profile-management.ts';
import type { InstalledProfile } from '../state.ts';
import type { IotState } from './iot-state.ts';

const byIccid = (card: CardContext, iccid: Buffer): InstalledProfile | undefined =>
  card.state.profiles.find((profile) => Buffer.from(profile.iccid, 'hex').equals(iccid));
const enabledProfile = (card: CardContext) =>
  card.state.profiles.find((profile) => profile.state === 'enabled');

/** SGP.22 EnableProfile's result code for this ICCID (ok 0, iccidOrAidNotFound 1, …, the same numbers). */
export const enableByIccid = (card: CardContext, iccid: Buffer): number =>
  EnableProfileResponse.decode(
    enableProfile(card, EnableProfileRequest.encode({ profileIdentifier: { iccid }, refreshFlag: false })),
  ).enableResult;

export const disableByIccid = (card: CardContext, iccid: Buffer): number =>
  DisableProfileResponse.decode(
    disableProfile(card, DisableProfileRequest.encode({ profileIdentifier: { iccid }, refreshFlag: false })),
  ).disableResult;

/** delete PSMO: as ES10c DeleteProfile; the Fallback Profile loses its attribute with it. */
export function deleteByIccid(card: CardContext, iot: IotState, iccid: Buffer): number {
  const result = DeleteProfileResponse.decode(
    deleteProfile(card, DeleteProfileRequest.encode({ iccid })),
  ).deleteResult;
  if (result === 0 && iot.fallbackIccid === iccid.toString('hex')) iot.fallbackIccid = undefined;
  return result;
}

/**
 * enable PSMO (SGP.32 2.11.1.1.1). With rollbackFlag the eUICC remembers which profile to go back to for a
 * ProfileRollback; with nothing enabled before there is nothing to roll back to: rollbackNotAvailable (our
 * reading).
 */
export function enablePsmo(
  card: CardContext,
  iot: IotState,
  enable: { iccid: Buffer; rollbackFlag?: null },
  origin: { eimId: string; counterValue: number; eimTransactionId?: Buffer },
): number {
  const previous = enabledProfile(card);
  if (enable.rollbackFlag !== undefined && !previous) return 20; // rollbackNotAvailable
  const result = enableByIccid(card, enable.iccid);
  if (result === 0 && enable.rollbackFlag !== undefined) {
    iot.rollback = {
      eimId: origin.eimId,
      counterValue: origin.counterValue,
      ...(origin.eimTransactionId ? { eimTransactionId: origin.eimTransactionId.toString('hex') } : {}),
      ...(previous ? { previousIccid: previous.iccid } : {}),
      enabledIccid: enable.iccid.toString('hex'),
    };
    card.dirty = true;
  }
  return result;
}

/** Whether the profile owner allows this profile to be the Fallback Profile (fallbackAllowed '9F67'). */
function fallbackAllowed(profile: InstalledProfile): boolean {
  try {
    const metadata = Sgp32StoreMetadataRequest.decode(Buffer.from(profile.metadata, 'base64'));
    // our reading: only an explicit FALSE forbids it (an SGP.22 SM-DP+ never writes the field)
    return metadata.fallbackAllowed !== false;
  } catch {
    return true;
  }
}

/**
 * setFallbackAttribute PSMO: at most one Fallback Profile; the attribute moves to this profile. While the
 * Fallback Profile is the enabled one it stays where it is (fallbackProfileEnabled).
 */
export function setFallbackAttribute(card: CardContext, iot: IotState, iccid: Buffer): number {
  const profile = byIccid(card, iccid);
  if (!profile) return SetFallbackAttributeResults.iccidOrAidNotFound;
  if (!fallbackAllowed(profile)) return SetFallbackAttributeResults.fallbackNotAllowed;
  const current = iot.fallbackIccid ? byIccid(card, Buffer.from(iot.fallbackIccid, 'hex')) : undefined;
  if (current && current !== profile && current.state === 'enabled')
    return SetFallbackAttributeResults.fallbackProfileEnabled;
  iot.fallbackIccid = profile.iccid;
  card.dirty = true;
  return SetFallbackAttributeResults.ok;
}

/** unsetFallbackAttribute PSMO. */
export function unsetFallbackAttribute(card: CardContext, iot: IotState): number {
  if (!iot.fallbackIccid) return UnsetFallbackAttributeResults.noFallbackAttribute;
  const current = byIccid(card, Buffer.from(iot.fallbackIccid, 'hex'));
  if (current?.state === 'enabled') return UnsetFallbackAttributeResults.fallbackProfileEnabled;
  iot.fallbackIccid = undefined;
  card.dirty = true;
  return UnsetFallbackAttributeResults.ok;
}

/** configureImmediateEnable PSMO and ES10b ConfigureImmediateProfileEnabling: the same three settings. */
export function configureImmediateEnable(
  card: CardContext,
  iot: IotState,
  settings: { immediateEnableFlag?: null; defaultSmdpOid?: string; defaultSmdpAddress?: string },
): number {
  iot.immediateEnable = {
    enabled: settings.immediateEnableFlag !== undefined,
    ...(settings.defaultSmdpOid ? { defaultSmdpOid: settings.defaultSmdpOid } : {}),
    ...(settings.defaultSmdpAddress ? { defaultSmdpAddress: settings.defaultSmdpAddress } : {}),
  };
  card.dirty = true;
  return 0;
}

/** setDefaultDpAddress PSMO and ES10b SetDefaultDpAddress (SGP.32 5.9.25, 'BF65'). */
export function setDefaultDpAddressIot(card: CardContext, requestDer: Buffer): Buffer {
  const { defaultDpAddress } = Sgp32SetDefaultDpAddressRequest.decode(requestDer);
  card.state.defaultDpAddress = defaultDpAddress || undefined;
  card.dirty = true;
  return Sgp32SetDefaultDpAddressResponse.encode({ setDefaultDpAddressResult: 0 });
}

/**
 * GetProfilesInfo of an IoT eUICC (and the listProfileInfo PSMO): SGP.22's answer in SGP32-ProfileInfo form,
 * with fallbackAttribute TRUE on the Fallback Profile when the tag list asks for it (or there is none).
 */
export function getProfilesInfoIot(card: CardContext, iot: IotState, requestDer: Buffer): Buffer {
  const request = ProfileInfoListRequest.decode(requestDer);
  const answer = Sgp32ProfileInfoListResponse.decode(getProfilesInfo(card, requestDer));
  if (!('profileInfoListOk' in answer)) return ProfileInfoListResponse.encode(answer);
  const wanted = !request.tagList || request.tagList.includes(Buffer.from('9f26', 'hex'));
  const fallback = iot.fallbackIccid ? Buffer.from(iot.fallbackIccid, 'hex') : undefined;
  return Sgp32ProfileInfoListResponse.encode({
    profileInfoListOk: answer.profileInfoListOk.map((info) =>
      wanted && fallback && info.iccid?.equals(fallback) ? { ...info, fallbackAttribute: true } : info,
    ),
  });
}

/**
 * ES10b.ImmediateEnable (SGP.32 5.9.15): after a download, enables the profile it installed when immediate
 * enabling is configured. No download since: noSessionContext (our reading).
 */
export function immediateEnable(card: CardContext, requestDer: Buffer): Buffer {
  ImmediateEnableRequest.decode(requestDer);
  const iot = card.state.iot;
  const respond = (result: keyof typeof ImmediateEnableResults) =>
    ImmediateEnableResponse.encode({ immediateEnableResult: ImmediateEnableResults[result] });
  if (!iot?.immediateEnable?.enabled) return respond('immediateEnableNotAvailable');
  const iccid = iot.lastDownloadedIccid;
  if (!iccid) return respond('noSessionContext');
  iot.lastDownloadedIccid = undefined;
  card.dirty = true;
  return respond(enableByIccid(card, Buffer.from(iccid, 'hex')) === 0 ? 'ok' : 'undefinedError');
}

/** ES10b.ConfigureImmediateProfileEnabling (SGP.32 5.9.17). */
export function configureImmediateProfileEnabling(card: CardContext, requestDer: Buffer): Buffer {
  const settings = ConfigureImmediateProfileEnablingRequest.decode(requestDer);
  const iot = card.state.iot;
  const result = iot ? configureImmediateEnable(card, iot, settings) : 127;
  return ConfigureImmediateProfileEnablingResponse.encode({ configImmediateEnableResult: result });
}

/**
 * ES10b.ExecuteFallbackMechanism (SGP.32 5.9.20): enables the Fallback Profile and remembers the profile it
 * replaced, for ReturnFromFallback.
 */
export function executeFallbackMechanism(card: CardContext, requestDer: Buffer): Buffer {
  ExecuteFallbackMechanismRequest.decode(requestDer);
  const respond = (result: keyof typeof ExecuteFallbackMechanismResults) =>
    ExecuteFallbackMechanismResponse.encode({
      executeFallbackMechanismResult: ExecuteFallbackMechanismResults[result],
    });
  const iot = card.state.iot;
  const fallback = iot?.fallbackIccid ? byIccid(card, Buffer.from(iot.fallbackIccid, 'hex')) : undefined;
  if (!iot || !fallback) return respond('fallbackNotAvailable');
  if (fallback.state === 'enabled') return respond('profileNotInDisabledState');
  const previous = enabledProfile(card);
  if (enableByIccid(card, Buffer.from(fallback.iccid, 'hex')) !== 0) return respond('commandError');
  iot.fallbackFrom = previous?.iccid ?? '';
  card.dirty = true;
  return respond('ok');
}

/** ES10b.ReturnFromFallback (SGP.32 5.9.21): the profile enabled before the fallback is enabled again. */
export function returnFromFallback(card: CardContext, requestDer: Buffer): Buffer {
  ReturnFromFallbackRequest.decode(requestDer);
  const respond = (result: keyof typeof ReturnFromFallbackResults) =>
    ReturnFromFallbackResponse.encode({ returnFromFallbackResult: ReturnFromFallbackResults[result] });
  const iot = card.state.iot;
  if (!iot?.fallbackIccid || iot.fallbackFrom === undefined) return respond('fallbackNotAvailable');
  const back = iot.fallbackFrom;
  const outcome = back
    ? enableByIccid(card, Buffer.from(back, 'hex'))
    : disableByIccid(card, Buffer.from(iot.fallbackIccid, 'hex'));
  if (outcome !== 0) return respond('commandError');
  iot.fallbackFrom = undefined;
  card.dirty = true;
  return respond('ok');
}
