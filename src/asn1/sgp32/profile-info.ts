/**
 * SGP.32 v1.2's own forms of SGP.22 profile types (SGP.32 2.4.4 / 2.5): ProfileInfo and the profile
 * metadata gain ecallIndication ('9F7B'), fallbackAttribute ('9F26'), fallbackAllowed ('9F67') and the
 * service-specific data of SGP.22 v2.4. The module prefixes them "SGP32-" to keep SGP.22's names apart.
 */

import {
  dpProprietaryData,
  Iccid,
  iconType,
  isdpAid,
  NotificationConfigurationInformation,
  operatorId,
  ProfileStates,
  pprIds,
  profileClass,
} from '../rsp/common.ts';
import {
  boolean,
  choice,
  defaulted,
  explicit,
  type Infer,
  integer,
  octetString,
  optional,
  sequence,
  sequenceOf,
  utf8String,
} from '../schema.ts';
import { vendorSpecificExtension } from './common.ts';

/**
 * ```asn
 * SGP32-ProfileInfo ::= [PRIVATE 3] SEQUENCE { -- Tag 'E3'
 *     iccid Iccid OPTIONAL,
 *     isdpAid [APPLICATION 15] OctetTo16 OPTIONAL, -- AID of the ISD-P containing the Profile, tag '4F'
 *     profileState [112] ProfileState OPTIONAL, -- Tag '9F70'
 *     profileNickname [16] UTF8String (SIZE(0..64)) OPTIONAL, -- Tag '90'
 *     serviceProviderName [17] UTF8String (SIZE(0..32)) OPTIONAL, -- Tag '91'
 *     profileName [18] UTF8String (SIZE(0..64)) OPTIONAL, -- Tag '92'
 *     iconType [19] IconType OPTIONAL, -- Tag '93'
 *     icon [20] OCTET STRING (SIZE(0..1024)) OPTIONAL, -- Tag '94', see condition in ES10b:GetProfilesInfo
 *     profileClass [21] ProfileClass OPTIONAL, -- Tag '95'
 *     notificationConfigurationInfo [22] SEQUENCE OF NotificationConfigurationInformation OPTIONAL, -- Tag 'B6'
 *     profileOwner [23] OperatorId OPTIONAL, -- Tag 'B7'
 *     dpProprietaryData [24] DpProprietaryData OPTIONAL, -- Tag 'B8'
 *     profilePolicyRules [25] PprIds OPTIONAL, -- Tag '99'
 *     serviceSpecificDataStoredInEuicc [34] VendorSpecificExtension OPTIONAL, -- Tag 'BF22'
 *     ecallIndication [123] BOOLEAN OPTIONAL, -- Tag '9F7B'
 *     fallbackAttribute [38] BOOLEAN DEFAULT FALSE, -- Tag '9F26', indicates a Fallback Profile if set to TRUE
 *     fallbackAllowed [103] BOOLEAN OPTIONAL -- Tag '9F67', indicates if Fallback is authorized by the Profile Owner
 * }
 * ```
 */
export const Sgp32ProfileInfo = sequence(0xe3, {
  iccid: optional(Iccid),
  isdpAid: optional(isdpAid()),
  profileState: optional(integer(0x9f70, ProfileStates)),
  profileNickname: optional(utf8String(0x90, [0, 64])),
  serviceProviderName: optional(utf8String(0x91, [0, 32])),
  profileName: optional(utf8String(0x92, [0, 64])),
  iconType: optional(iconType(0x93)),
  icon: optional(octetString(0x94, [0, 1024])),
  profileClass: optional(profileClass(0x95)),
  notificationConfigurationInfo: optional(sequenceOf(0xb6, NotificationConfigurationInformation)),
  profileOwner: optional(operatorId(0xb7)),
  dpProprietaryData: optional(dpProprietaryData(0xb8)),
  profilePolicyRules: optional(pprIds(0x99)),
  serviceSpecificDataStoredInEuicc: optional(vendorSpecificExtension(0xbf22)),
  ecallIndication: optional(boolean(0x9f7b)),
  fallbackAttribute: optional(boolean(0x9f26), false),
  fallbackAllowed: optional(boolean(0x9f67)),
});
export type Sgp32ProfileInfo = Infer<typeof Sgp32ProfileInfo>;

/**
 * ```asn
 * SGP32-ProfileInfoListError ::= INTEGER {
 *     incorrectInputValues(1),
 *     profileChangeOngoing (11),
 *     undefinedError(127)
 * }
 * ```
 */
export const Sgp32ProfileInfoListErrors = {
  incorrectInputValues: 1,
  profileChangeOngoing: 11,
  undefinedError: 127,
} as const;

/**
 * ```asn
 * SGP32-ProfileInfoListResponse ::= [45] CHOICE {
 *     profileInfoListOk SEQUENCE OF SGP32-ProfileInfo, -- see SGP.22
 *     profileInfoListError SGP32-ProfileInfoListError
 * }
 * ```
 */
export const Sgp32ProfileInfoListResponse = explicit(
  0xbf2d,
  choice({
    profileInfoListOk: sequenceOf(0xa0, Sgp32ProfileInfo),
    profileInfoListError: integer(0x81, Sgp32ProfileInfoListErrors),
  }),
);
export type Sgp32ProfileInfoListResponse = Infer<typeof Sgp32ProfileInfoListResponse>;

/**
 * ```asn
 * SGP32-StoreMetadataRequest ::= [37] SEQUENCE { -- Tag 'BF25'
 *     iccid Iccid,
 *     serviceProviderName [17] UTF8String (SIZE(0..32)), -- Tag '91'
 *     profileName [18] UTF8String (SIZE(0..64)), -- Tag '92' (corresponds to 'Short Description' defined in SGP.21 [2])
 *     iconType [19] IconType OPTIONAL, -- Tag '93' (JPG or PNG)
 *     icon [20] OCTET STRING (SIZE(0..1024)) OPTIONAL, -- Tag '94' (Data of the icon. Size 64 x 64 pixel. This field SHALL only be present if iconType is present)
 *     profileClass [21] ProfileClass DEFAULT operational, -- Tag '95'
 *     notificationConfigurationInfo [22] SEQUENCE OF NotificationConfigurationInformation OPTIONAL,
 *     profileOwner [23] OperatorId OPTIONAL, -- Tag 'B7'
 *     profilePolicyRules [25] PprIds OPTIONAL, -- Tag '99'
 *     serviceSpecificDataStoredInEuicc [34] VendorSpecificExtension OPTIONAL, -- Tag 'BF22'
 *     serviceSpecificDataNotStoredInEuicc [35] VendorSpecificExtension OPTIONAL, -- Tag ‘BF23’
 *     ecallIndication [123] BOOLEAN OPTIONAL, -- Tag '9F7B'
 *     fallbackAllowed [103] BOOLEAN OPTIONAL -- Tag '9F67'
 * }
 * ```
 */
export const Sgp32StoreMetadataRequest = sequence(0xbf25, {
  iccid: Iccid,
  serviceProviderName: utf8String(0x91, [0, 32]),
  profileName: utf8String(0x92, [0, 64]),
  iconType: optional(iconType(0x93)),
  icon: optional(octetString(0x94, [0, 1024])),
  // DEFAULT operational, kept as encoded: an SM-DP+ that writes the default class re-encodes byte for byte
  profileClass: defaulted(profileClass(0x95), 2),
  notificationConfigurationInfo: optional(sequenceOf(0xb6, NotificationConfigurationInformation)),
  profileOwner: optional(operatorId(0xb7)),
  profilePolicyRules: optional(pprIds(0x99)),
  serviceSpecificDataStoredInEuicc: optional(vendorSpecificExtension(0xbf22)),
  serviceSpecificDataNotStoredInEuicc: optional(vendorSpecificExtension(0xbf23)),
  ecallIndication: optional(boolean(0x9f7b)),
  fallbackAllowed: optional(boolean(0x9f67)),
});
export type Sgp32StoreMetadataRequest = Infer<typeof Sgp32StoreMetadataRequest>;
