/**
 * Local profile management and eUICC administration: SGP.22 5.7.15 GetProfilesInfo, 5.7.16 Enable, 5.7.17
 * Disable, 5.7.18 Delete, 5.7.19 eUICCMemoryReset, 5.7.20 GetEID, 5.7.21 SetNickname, 5.7.3 / 5.7.4
 * configured addresses, 5.7.7 GetEUICCChallenge, 5.7.22 GetRAT.
 */
import {
  boolean,
  choice,
  defaulted,
  explicit,
  type Infer,
  integer,
  namedBitString,
  octetString,
  optional,
  sequence,
  sequenceOf,
  utf8String,
} from '../schema.ts';
import {
  dpProprietaryData,
  Iccid,
  iconType,
  isdpAid,
  NotificationConfigurationInformation,
  octet1,
  octet16,
  operatorId,
  ProfileStates,
  pprIds,
  profileClass,
  versionType,
} from './common.ts';

/**
 * ```asn
 * ProfileInfoListRequest ::= [45] SEQUENCE { -- Tag 'BF2D'
 *     searchCriteria [0] CHOICE {
 *         isdpAid [APPLICATION 15] OctetTo16, -- AID of the ISD-P, tag '4F'
 *         iccid Iccid, -- ICCID, tag '5A'
 *         profileClass [21] ProfileClass -- Tag '95'
 *     } OPTIONAL,
 *     tagList [APPLICATION 28] OCTET STRING OPTIONAL -- tag '5C'
 * }
 * ```
 */
export const ProfileInfoListRequest = sequence(0xbf2d, {
  searchCriteria: optional(
    explicit(0xa0, choice({ isdpAid: isdpAid(), iccid: Iccid, profileClass: profileClass(0x95) })),
  ),
  tagList: optional(octetString(0x5c)),
});
export type ProfileInfoListRequest = Infer<typeof ProfileInfoListRequest>;

/**
 * ```asn
 * ProfileInfo ::= [PRIVATE 3] SEQUENCE { -- Tag 'E3'
 *     iccid Iccid OPTIONAL,
 *     isdpAid [APPLICATION 15] OctetTo16 OPTIONAL, -- AID of the ISD-P containing the Profile, tag '4F'
 *     profileState [112] ProfileState OPTIONAL, -- Tag '9F70'
 *     profileNickname [16] UTF8String (SIZE(0..64)) OPTIONAL, -- Tag '90'
 *     serviceProviderName [17] UTF8String (SIZE(0..32)) OPTIONAL, -- Tag '91'
 *     profileName [18] UTF8String (SIZE(0..64)) OPTIONAL, -- Tag '92'
 *     iconType [19] IconType OPTIONAL, -- Tag '93'
 *     icon [20] OCTET STRING (SIZE(0..1024)) OPTIONAL, -- Tag '94', see condition in ES10c:GetProfilesInfo
 *     profileClass [21] ProfileClass DEFAULT operational, -- Tag '95'
 *     notificationConfigurationInfo [22] SEQUENCE OF NotificationConfigurationInformation OPTIONAL, -- Tag 'B6'
 *     profileOwner [23] OperatorID OPTIONAL, -- Tag 'B7'
 *     dpProprietaryData [24] DpProprietaryData OPTIONAL, -- Tag 'B8'
 *     profilePolicyRules [25] PprIds OPTIONAL -- Tag '99'
 * }
 * ```
 */
export const ProfileInfo = sequence(0xe3, {
  iccid: optional(Iccid),
  isdpAid: optional(isdpAid()),
  profileState: optional(integer(0x9f70, ProfileStates)),
  profileNickname: optional(utf8String(0x90, [0, 64])),
  serviceProviderName: optional(utf8String(0x91, [0, 32])),
  profileName: optional(utf8String(0x92, [0, 64])),
  iconType: optional(iconType(0x93)),
  icon: optional(octetString(0x94, [0, 1024])),
  // The module's DEFAULT would leave an operational profile's class out of DER, but SGP.22's 5.7.15 text
  // declares it OPTIONAL without a default (v2.2.2 on) and LPAs read absence as unknown (lpac prints null):
  // the eUICC writes the class it is asked for; absence still reads as operational (defaultOf).
  profileClass: defaulted(profileClass(0x95), 2),
  notificationConfigurationInfo: optional(sequenceOf(0xb6, NotificationConfigurationInformation)),
  profileOwner: optional(operatorId(0xb7)),
  dpProprietaryData: optional(dpProprietaryData(0xb8)),
  profilePolicyRules: optional(pprIds(0x99)),
});
export type ProfileInfo = Infer<typeof ProfileInfo>;

/**
 * ```asn
 * ProfileInfoListError ::= INTEGER {incorrectInputValues(1), undefinedError(127)}
 * ```
 */
export const ProfileInfoListErrors = { incorrectInputValues: 1, undefinedError: 127 } as const;
/**
 * ```asn
 * ProfileInfoListResponse ::= [45] CHOICE { -- Tag 'BF2D'
 *     profileInfoListOk SEQUENCE OF ProfileInfo,
 *     profileInfoListError ProfileInfoListError
 * }
 * ```
 */
export const ProfileInfoListResponse = explicit(
  0xbf2d,
  choice({
    profileInfoListOk: sequenceOf(0xa0, ProfileInfo),
    profileInfoListError: integer(0x81, ProfileInfoListErrors),
  }),
);
export type ProfileInfoListResponse = Infer<typeof ProfileInfoListResponse>;

/** The untagged `profileIdentifier CHOICE { isdpAid [APPLICATION 15] OctetTo16, iccid Iccid }` of 5.7.16-18. */
const profileIdentifier = () => choice({ isdpAid: isdpAid(), iccid: Iccid });

/**
 * ```asn
 * EnableProfileRequest ::= [49] SEQUENCE { -- Tag 'BF31'
 *     profileIdentifier CHOICE {
 *         isdpAid [APPLICATION 15] OctetTo16, -- AID, tag '4F'
 *         iccid Iccid -- ICCID, tag '5A'
 *     },
 *     refreshFlag BOOLEAN -- indicating whether REFRESH is required
 * }
 * ```
 */
export const EnableProfileRequest = sequence(0xbf31, {
  profileIdentifier: explicit(0xa0, profileIdentifier()),
  refreshFlag: boolean(0x81),
});
export type EnableProfileRequest = Infer<typeof EnableProfileRequest>;

/** The named values of the INTEGER in EnableProfileResponse. */
export const EnableResults = {
  ok: 0,
  iccidOrAidNotFound: 1,
  profileNotInDisabledState: 2,
  disallowedByPolicy: 3,
  wrongProfileReenabling: 4,
  undefinedError: 127,
} as const;
/**
 * ```asn
 * EnableProfileResponse ::= [49] SEQUENCE { -- Tag 'BF31'
 *     enableResult INTEGER {ok(0), iccidOrAidNotFound (1), profileNotInDisabledState(2), disallowedByPolicy(3), wrongProfileReenabling(4), undefinedError(127)}
 * }
 * ```
 */
export const EnableProfileResponse = sequence(0xbf31, { enableResult: integer(0x80, EnableResults) });

/**
 * ```asn
 * DisableProfileRequest ::= [50] SEQUENCE { -- Tag 'BF32'
 *     profileIdentifier CHOICE {
 *         isdpAid [APPLICATION 15] OctetTo16, -- AID, tag '4F'
 *         iccid Iccid -- ICCID, tag '5A'
 *     },
 *     refreshFlag BOOLEAN -- indicating whether REFRESH is required
 * }
 * ```
 */
export const DisableProfileRequest = sequence(0xbf32, {
  profileIdentifier: explicit(0xa0, profileIdentifier()),
  refreshFlag: boolean(0x81),
});
export type DisableProfileRequest = Infer<typeof DisableProfileRequest>;

/** The named values of the INTEGER in DisableProfileResponse. */
export const DisableResults = {
  ok: 0,
  iccidOrAidNotFound: 1,
  profileNotInEnabledState: 2,
  disallowedByPolicy: 3,
  undefinedError: 127,
} as const;
/**
 * ```asn
 * DisableProfileResponse ::= [50] SEQUENCE { -- Tag 'BF32'
 *     disableResult INTEGER {ok(0), iccidOrAidNotFound (1), profileNotInEnabledState(2), disallowedByPolicy(3), undefinedError(127)}
 * }
 * ```
 */
export const DisableProfileResponse = sequence(0xbf32, { disableResult: integer(0x80, DisableResults) });

/**
 * ```asn
 * DeleteProfileRequest ::= [51] CHOICE { -- Tag 'BF33'
 *     isdpAid [APPLICATION 15] OctetTo16, -- AID, tag '4F'
 *     iccid Iccid -- ICCID, tag '5A'
 * }
 * ```
 */
export const DeleteProfileRequest = explicit(0xbf33, profileIdentifier());
export type DeleteProfileRequest = Infer<typeof DeleteProfileRequest>;

/** The named values of the INTEGER in DeleteProfileResponse. */
export const DeleteResults = {
  ok: 0,
  iccidOrAidNotFound: 1,
  profileNotInDisabledState: 2,
  disallowedByPolicy: 3,
  undefinedError: 127,
} as const;
/**
 * ```asn
 * DeleteProfileResponse ::= [51] SEQUENCE { -- Tag 'BF33'
 *     deleteResult INTEGER {ok(0), iccidOrAidNotFound (1), profileNotInDisabledState(2), disallowedByPolicy(3), undefinedError(127)}
 * }
 * ```
 */
export const DeleteProfileResponse = sequence(0xbf33, { deleteResult: integer(0x80, DeleteResults) });

/**
 * ```asn
 * SetNicknameRequest ::= [41] SEQUENCE {  -- Tag 'BF29'
 *     iccid Iccid,
 *     profileNickname [16] UTF8String (SIZE(0..64))
 * }
 * ```
 */
export const SetNicknameRequest = sequence(0xbf29, {
  iccid: Iccid,
  profileNickname: utf8String(0x90, [0, 64]),
});
export type SetNicknameRequest = Infer<typeof SetNicknameRequest>;

/** The named values of the INTEGER in SetNicknameResponse. */
export const SetNicknameResults = { ok: 0, iccidNotFound: 1, undefinedError: 127 } as const;
/**
 * ```asn
 * SetNicknameResponse ::= [41] SEQUENCE { -- Tag 'BF29'
 *     setNicknameResult INTEGER {ok(0), iccidNotFound (1), undefinedError(127)}
 * }
 * ```
 */
export const SetNicknameResponse = sequence(0xbf29, {
  setNicknameResult: integer(0x80, SetNicknameResults),
});

/**
 * ```asn
 * EuiccMemoryResetRequest ::= [52] SEQUENCE { -- Tag 'BF34'
 *     resetOptions [2] BIT STRING {
 *         deleteOperationalProfiles(0),
 *         deleteFieldLoadedTestProfiles(1),
 *         resetDefaultSmdpAddress(2)}
 * }
 * ```
 */
export const EuiccMemoryResetRequest = sequence(0xbf34, {
  resetOptions: namedBitString(0x82, [
    'deleteOperationalProfiles',
    'deleteFieldLoadedTestProfiles',
    'resetDefaultSmdpAddress',
  ]),
});
export type EuiccMemoryResetRequest = Infer<typeof EuiccMemoryResetRequest>;

/** The named values of the INTEGER in EuiccMemoryResetResponse. */
export const EuiccMemoryResetResults = { ok: 0, nothingToDelete: 1, undefinedError: 127 } as const;
/**
 * ```asn
 * EuiccMemoryResetResponse ::= [52] SEQUENCE { -- Tag 'BF34'
 *     resetResult INTEGER {ok(0), nothingToDelete(1), undefinedError(127)}
 * }
 * ```
 */
export const EuiccMemoryResetResponse = sequence(0xbf34, {
  resetResult: integer(0x80, EuiccMemoryResetResults),
});

/**
 * ```asn
 * GetEuiccDataRequest ::= [62] SEQUENCE { -- Tag 'BF3E'
 *     tagList [APPLICATION 28] Octet1  -- tag '5C', the value SHALL be set to '5A'
 * }
 * ```
 */
export const GetEuiccDataRequest = sequence(0xbf3e, { tagList: octet1(0x5c) });

/**
 * ```asn
 * GetEuiccDataResponse ::= [62] SEQUENCE { -- Tag 'BF3E'
 *     eidValue [APPLICATION 26] Octet16  -- tag '5A'
 * }
 * ```
 */
export const GetEuiccDataResponse = sequence(0xbf3e, { eidValue: octet16(0x5a) });

/**
 * ```asn
 * GetEuiccChallengeRequest ::= [46] SEQUENCE { -- Tag 'BF2E'
 * }
 * ```
 */
export const GetEuiccChallengeRequest = sequence(0xbf2e, {});

/**
 * ```asn
 * GetEuiccChallengeResponse ::= [46] SEQUENCE { -- Tag 'BF2E'
 *     euiccChallenge Octet16  -- random eUICC challenge
 * }
 * ```
 */
export const GetEuiccChallengeResponse = sequence(0xbf2e, { euiccChallenge: octet16(0x80) });

/**
 * ```asn
 * EuiccConfiguredAddressesRequest ::= [60] SEQUENCE { -- Tag 'BF3C'
 * }
 * ```
 */
export const EuiccConfiguredAddressesRequest = sequence(0xbf3c, {});

/**
 * ```asn
 * EuiccConfiguredAddressesResponse ::= [60] SEQUENCE {  -- Tag 'BF3C'
 *     defaultDpAddress UTF8String OPTIONAL,  -- Default SM-DP+ address as an FQDN
 *     rootDsAddress UTF8String  -- Root SM-DS address as an FQDN
 * }
 * ```
 */
export const EuiccConfiguredAddressesResponse = sequence(0xbf3c, {
  defaultDpAddress: optional(utf8String(0x80)),
  rootDsAddress: utf8String(0x81),
});
export type EuiccConfiguredAddressesResponse = Infer<typeof EuiccConfiguredAddressesResponse>;

/**
 * ```asn
 * SetDefaultDpAddressRequest ::= [63] SEQUENCE { -- Tag 'BF3F'
 *     defaultDpAddress UTF8String -- Default SM-DP+ address as an FQDN
 * }
 * ```
 */
export const SetDefaultDpAddressRequest = sequence(0xbf3f, { defaultDpAddress: utf8String(0x80) });

/**
 * ```asn
 * SetDefaultDpAddressResponse ::= [63] SEQUENCE { -- Tag 'BF3F'
 *     setDefaultDpAddressResult INTEGER { ok (0), undefinedError (127)}
 * }
 * ```
 */
export const SetDefaultDpAddressResponse = sequence(0xbf3f, {
  setDefaultDpAddressResult: integer(0x80, { ok: 0, undefinedError: 127 }),
});

/**
 * ```asn
 * ProfilePolicyAuthorisationRule ::= SEQUENCE {
 *     pprIds PprIds,
 *     allowedOperators SEQUENCE OF OperatorID,
 *     pprFlags BIT STRING {consentRequired(0)}
 * }
 * ```
 */
export const ProfilePolicyAuthorisationRule = sequence(0x30, {
  pprIds: pprIds(0x80),
  allowedOperators: sequenceOf(0xa1, operatorId()),
  pprFlags: namedBitString(0x82, ['consentRequired']),
});

/**
 * ```asn
 * GetRatRequest ::= [67] SEQUENCE { -- Tag ' BF43'
 *     -- No input data
 * }
 * ```
 */
export const GetRatRequest = sequence(0xbf43, {});

/**
 * ```asn
 * GetRatResponse ::= [67] SEQUENCE { -- Tag 'BF43'
 *     rat RulesAuthorisationTable
 * }
 * RulesAuthorisationTable ::= SEQUENCE OF ProfilePolicyAuthorisationRule
 * ```
 */
export const GetRatResponse = sequence(0xbf43, { rat: sequenceOf(0xa0, ProfilePolicyAuthorisationRule) });
export type GetRatResponse = Infer<typeof GetRatResponse>;

/**
 * ```asn
 * ISDRProprietaryApplicationTemplate ::= [PRIVATE 0] SEQUENCE { -- Tag 'E0'
 *     svn [2] VersionType,    -- GSMA SGP.22 version supported (SVN)
 *     lpaeSupport BIT STRING {
 *         lpaeUsingCat(0), -- LPA in the eUICC using Card Application Toolkit
 *         lpaeUsingScws(1) -- LPA in the eUICC using Smartcard Web Server
 *     } OPTIONAL
 * }
 * ```
 */
export const ISDRProprietaryApplicationTemplate = sequence(0xe0, {
  svn: versionType(0x82),
  lpaeSupport: optional(namedBitString(0x03, ['lpaeUsingCat', 'lpaeUsingScws'])),
});
