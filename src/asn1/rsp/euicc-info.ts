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

/**
 * ```asn
 * GetEuiccInfo1Request ::= [32] SEQUENCE { -- Tag 'BF20'
 * }
 * ```
 */
export const GetEuiccInfo1Request = sequence(0xbf20, {});

/**
 * ```asn
 * EUICCInfo1 ::= [32] SEQUENCE { -- Tag 'BF20'
 *     svn [2] VersionType,    -- GSMA SGP.22 version supported (SVN)
 *     euiccCiPKIdListForVerification [9] SEQUENCE OF SubjectKeyIdentifier, -- List of CI Public Key Identifiers supported on the eUICC for signature verification
 *     euiccCiPKIdListForSigning [10] SEQUENCE OF SubjectKeyIdentifier -- List of CI Public Key Identifier supported on the eUICC for signature creation
 * }
 * ```
 */
export const EUICCInfo1 = sequence(0xbf20, {
  svn: versionType(0x82),
  euiccCiPKIdListForVerification: sequenceOf(0xa9, subjectKeyIdentifier()),
  euiccCiPKIdListForSigning: sequenceOf(0xaa, subjectKeyIdentifier()),
});
export type EUICCInfo1 = Infer<typeof EUICCInfo1>;

/**
 * ```asn
 * GetEuiccInfo2Request ::= [34] SEQUENCE { -- Tag 'BF22'
 * }
 * ```
 */
export const GetEuiccInfo2Request = sequence(0xbf22, {});

/**
 * ```asn
 * RspCapability ::= BIT STRING {
 *     additionalProfile(0), -- at least one more Profile can be installed
 *     crlSupport(1), -- CRL
 *     rpmSupport(2), -- Remote Profile Management
 *     testProfileSupport (3) -- support for test profile
 * }
 * ```
 */
export const RspCapabilityBits = [
  'additionalProfile',
  'crlSupport',
  'rpmSupport',
  'testProfileSupport',
] as const;

/**
 * ```asn
 * UICCCapability ::= BIT STRING {
 *     contactlessSupport(0),  -- Contactless (SWP, HCI and associated APIs)
 *     usimSupport(1),         -- USIM as defined by 3GPP
 *     isimSupport(2),         -- ISIM as defined by 3GPP
 *     csimSupport(3),         -- CSIM as defined by 3GPP2
 *     akaMilenage(4),         -- Milenage as AKA algorithm
 *     akaCave(5),             -- CAVE as authentication algorithm
 *     akaTuak128(6),          -- TUAK as AKA algorithm with 128 bit key length
 *     akaTuak256(7),          -- TUAK as AKA algorithm with 256 bit key length
 *     rfu1(8),                    -- reserved for further algorithms
 *     rfu2(9),                    -- reserved for further algorithms
 *     gbaAuthenUsim(10),  -- GBA authentication in the context of USIM
 *     gbaAuthenISim(11),  -- GBA authentication in the context of ISIM
 *     mbmsAuthenUsim(12),     -- MBMS authentication in the context of USIM
 *     eapClient(13),          -- EAP client
 *     javacard(14),               -- Javacard support
 *     multos(15),             -- Multos support
 *     multipleUsimSupport(16),     -- Multiple USIM applications are supported within the same Profile
 *     multipleIsimSupport(17),      -- Multiple ISIM applications are supported within the same Profile
 *     multipleCsimSupport(18)   -- Multiple CSIM applications are supported within the same Profile
 * }
 * ```
 */
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

/**
 * ```asn
 * CertificationDataObject ::= SEQUENCE {
 *     platformLabel UTF8String,   -- Platform_Label as defined in GlobalPlatform DLOA specification [57]
 *     discoveryBaseURL UTF8String -- Discovery Base URL of the SE default DLOA Registrar as defined in GlobalPlatform DLOA specification [57]
 * }
 * ```
 */
export const certificationDataObject = (tag: number) =>
  sequence(tag, { platformLabel: utf8String(0x80), discoveryBaseURL: utf8String(0x81) });

/**
 * ```asn
 * EUICCInfo2 ::= [34] SEQUENCE { -- Tag 'BF22'
 *     profileVersion [1] VersionType,     -- SIMAlliance Profile package version supported
 *     svn [2] VersionType,    -- GSMA SGP.22 version supported (SVN)
 *     euiccFirmwareVer [3] VersionType,   -- eUICC Firmware version
 *     extCardResource [4] OCTET STRING,   -- Extended Card Resource Information according to ETSI TS 102 226
 *     uiccCapability [5] UICCCapability,
 *     javacardVersion [6] VersionType OPTIONAL,
 *     globalplatformVersion [7] VersionType OPTIONAL,
 *     rspCapability [8] RspCapability,
 *     euiccCiPKIdListForVerification [9] SEQUENCE OF SubjectKeyIdentifier, -- List of CI Public Key Identifiers supported on the eUICC for signature verification
 *     euiccCiPKIdListForSigning [10] SEQUENCE OF SubjectKeyIdentifier, -- List of CI Public Key Identifier supported on the eUICC for signature creation
 *     euiccCategory [11] INTEGER {
 *         other(0),
 *         basicEuicc(1),
 *         mediumEuicc(2),
 *         contactlessEuicc(3)
 *     } OPTIONAL,
 *     forbiddenProfilePolicyRules [25] PprIds OPTIONAL, -- Tag '99'
 *     ppVersion VersionType, -- Protection Profile version
 *     sasAcreditationNumber UTF8String (SIZE(0..64)),
 *     certificationDataObject [12] CertificationDataObject OPTIONAL
 * }
 * ```
 */
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

/**
 * ```asn
 * DeviceCapabilities ::= SEQUENCE { -- Highest fully supported release for each definition
 *   -- The device SHALL set all the capabilities it supports
 *     gsmSupportedRelease VersionType OPTIONAL,
 *     utranSupportedRelease VersionType OPTIONAL,
 *     cdma2000onexSupportedRelease VersionType OPTIONAL,
 *     cdma2000hrpdSupportedRelease VersionType OPTIONAL,
 *     cdma2000ehrpdSupportedRelease VersionType OPTIONAL,
 *     eutranSupportedRelease VersionType OPTIONAL,
 *     contactlessSupportedRelease VersionType OPTIONAL,
 *     rspCrlSupportedVersion VersionType OPTIONAL,
 *     rspRpmSupportedVersion VersionType OPTIONAL
 * }
 * ```
 */
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

/**
 * ```asn
 * DeviceInfo ::= SEQUENCE {
 *     tac Octet8,
 *     deviceCapabilities DeviceCapabilities,
 *     imei Octet8 OPTIONAL
 * }
 * ```
 */
export const deviceInfo = (tag: number) =>
  sequence(tag, {
    // The module says Octet8; SGP.22 v2.2+ and every LPA (lpac included) send the 4-byte TAC: accept both.
    tac: octetString(0x80, [4, 8]),
    deviceCapabilities: DeviceCapabilities,
    imei: optional(octet8(0x82)),
  });
export type DeviceInfo = Infer<ReturnType<typeof deviceInfo>>;
