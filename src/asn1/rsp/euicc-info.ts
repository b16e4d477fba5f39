/** eUICC information: SGP.22 4.3 (EUICCInfo1/2, DeviceInfo) and 5.7.8 ES10b.GetEUICCInfo. */
import {
  type Infer,
  integer,
  namedBitString,
  octetString,
  optional,
  sequence,
  sequenceOf,
  utf8String,
} from '../schema.ts';
import { octet8, pprIds, subjectKeyIdentifier, versionType } from './common.ts';

// GetEuiccInfo1Request ::= [32] SEQUENCE { -- Tag 'BF20' }
export const GetEuiccInfo1Request = sequence(0xbf20, {});

// EUICCInfo1 ::= [32] SEQUENCE { -- Tag 'BF20'
//     svn [2] VersionType,
//     euiccCiPKIdListForVerification [9] SEQUENCE OF SubjectKeyIdentifier,
//     euiccCiPKIdListForSigning [10] SEQUENCE OF SubjectKeyIdentifier }
export const EUICCInfo1 = sequence(0xbf20, {
  svn: versionType(0x82),
  euiccCiPKIdListForVerification: sequenceOf(0xa9, subjectKeyIdentifier()),
  euiccCiPKIdListForSigning: sequenceOf(0xaa, subjectKeyIdentifier()),
});
export type EUICCInfo1 = Infer<typeof EUICCInfo1>;

// GetEuiccInfo2Request ::= [34] SEQUENCE { -- Tag 'BF22' }
export const GetEuiccInfo2Request = sequence(0xbf22, {});

// RspCapability ::= BIT STRING { additionalProfile(0), crlSupport(1), rpmSupport(2), testProfileSupport(3) }
export const RspCapabilityBits = [
  'additionalProfile',
  'crlSupport',
  'rpmSupport',
  'testProfileSupport',
] as const;

// UICCCapability ::= BIT STRING { contactlessSupport(0), usimSupport(1), ... multipleCsimSupport(18) }
export const UICCCapabilityBits = [
  'contactlessSupport',
  'usimSupport',
  'isimSupport',
  'csimSupport',
  'akaMilenage',
  'akaCave',
  'akaTuak128',
  'akaTuak256',
  'rfu1',
  'rfu2',
  'gbaAuthenUsim',
  'gbaAuthenISim',
  'mbmsAuthenUsim',
  'eapClient',
  'javacard',
  'multos',
  'multipleUsimSupport',
  'multipleIsimSupport',
  'multipleCsimSupport',
] as const;

// CertificationDataObject ::= SEQUENCE { platformLabel UTF8String, discoveryBaseURL UTF8String }
const certificationDataObject = (tag: number) =>
  sequence(tag, { platformLabel: utf8String(0x80), discoveryBaseURL: utf8String(0x81) });

// EUICCInfo2 ::= [34] SEQUENCE { -- Tag 'BF22'
//     profileVersion [1] VersionType, svn [2] VersionType, euiccFirmwareVer [3] VersionType,
//     extCardResource [4] OCTET STRING, uiccCapability [5] UICCCapability,
//     javacardVersion [6] VersionType OPTIONAL, globalplatformVersion [7] VersionType OPTIONAL,
//     rspCapability [8] RspCapability,
//     euiccCiPKIdListForVerification [9] SEQUENCE OF SubjectKeyIdentifier,
//     euiccCiPKIdListForSigning [10] SEQUENCE OF SubjectKeyIdentifier,
//     euiccCategory [11] INTEGER { other(0), basicEuicc(1), mediumEuicc(2), contactlessEuicc(3) } OPTIONAL,
//     forbiddenProfilePolicyRules [25] PprIds OPTIONAL, -- Tag '99'
//     ppVersion VersionType, -- Protection Profile version
//     sasAcreditationNumber UTF8String (SIZE(0..64)),
//     certificationDataObject [12] CertificationDataObject OPTIONAL }
export const EUICCInfo2 = sequence(0xbf22, {
  profileVersion: versionType(0x81),
  svn: versionType(0x82),
  euiccFirmwareVer: versionType(0x83),
  extCardResource: octetString(0x84),
  uiccCapability: namedBitString(0x85, UICCCapabilityBits),
  javacardVersion: optional(versionType(0x86)),
  globalplatformVersion: optional(versionType(0x87)),
  rspCapability: namedBitString(0x88, RspCapabilityBits),
  euiccCiPKIdListForVerification: sequenceOf(0xa9, subjectKeyIdentifier()),
  euiccCiPKIdListForSigning: sequenceOf(0xaa, subjectKeyIdentifier()),
  euiccCategory: optional(integer(0x8b, { other: 0, basicEuicc: 1, mediumEuicc: 2, contactlessEuicc: 3 })),
  forbiddenProfilePolicyRules: optional(pprIds(0x99)),
  ppVersion: versionType(),
  sasAcreditationNumber: utf8String(0x0c, [0, 64]),
  certificationDataObject: optional(certificationDataObject(0xac)),
});
export type EUICCInfo2 = Infer<typeof EUICCInfo2>;

// DeviceCapabilities ::= SEQUENCE { -- Highest fully supported release for each definition
//     gsmSupportedRelease VersionType OPTIONAL, utranSupportedRelease VersionType OPTIONAL,
//     cdma2000onexSupportedRelease VersionType OPTIONAL, cdma2000hrpdSupportedRelease VersionType OPTIONAL,
//     cdma2000ehrpdSupportedRelease VersionType OPTIONAL, eutranSupportedRelease VersionType OPTIONAL,
//     contactlessSupportedRelease VersionType OPTIONAL, rspCrlSupportedVersion VersionType OPTIONAL,
//     rspRpmSupportedVersion VersionType OPTIONAL }
export const DeviceCapabilities = sequence(0xa1, {
  gsmSupportedRelease: optional(versionType(0x80)),
  utranSupportedRelease: optional(versionType(0x81)),
  cdma2000onexSupportedRelease: optional(versionType(0x82)),
  cdma2000hrpdSupportedRelease: optional(versionType(0x83)),
  cdma2000ehrpdSupportedRelease: optional(versionType(0x84)),
  eutranSupportedRelease: optional(versionType(0x85)),
  contactlessSupportedRelease: optional(versionType(0x86)),
  rspCrlSupportedVersion: optional(versionType(0x87)),
  rspRpmSupportedVersion: optional(versionType(0x88)),
});

// DeviceInfo ::= SEQUENCE { tac Octet8, deviceCapabilities DeviceCapabilities, imei Octet8 OPTIONAL }
export const deviceInfo = (tag: number) =>
  sequence(tag, {
    // The module says Octet8; SGP.22 v2.2+ and every LPA (lpac included) send the 4-byte TAC: accept both.
    tac: octetString(0x80, [4, 8]),
    deviceCapabilities: DeviceCapabilities,
    imei: optional(octet8(0x82)),
  });
export type DeviceInfo = Infer<ReturnType<typeof deviceInfo>>;
