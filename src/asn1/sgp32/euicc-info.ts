/**
 * IoT eUICC and IPA information: SGP.32 5.9.2 GetEUICCInfo (EUICCInfo2 with ipaMode and iotSpecificInfo),
 * 2.11.1.2 IpaCapabilities, 3.8.4 IPAe activation and the ISD-R's IoT template.
 */

import { pprIds, subjectKeyIdentifier, versionType } from '../rsp/common.ts';
import { certificationDataObject, RspCapabilityBits, UICCCapabilityBits } from '../rsp/euicc-info.ts';
import {
  type Infer,
  integer,
  namedBitString,
  nullValue,
  octetString,
  optional,
  sequence,
  sequenceOf,
  utf8String,
} from '../schema.ts';

/**
 * ```asn
 * IpaMode ::= INTEGER {
 *     ipad (0), -- IPAd is active
 *     ipae (1) -- IPAe is active
 * }
 * ```
 */
export const IpaModes = { ipad: 0, ipae: 1 } as const;

/**
 * ```asn
 * IoTSpecificInfo ::= SEQUENCE {
 *     iotVersion [0] SEQUENCE OF VersionType, -- SGP.32 version(s) supported by the eUICC, at least one must be present
 *     ecallSupported [1] NULL OPTIONAL, -- if present, eUICC supports the Emergency Mechanism
 *     fallbackSupported [2] NULL OPTIONAL -- if present, eUICC supports the Fallback Mechanism
 * }
 * ```
 */
export const ioTSpecificInfo = (tag = 0x30) =>
  sequence(tag, {
    iotVersion: sequenceOf(0xa0, versionType()),
    ecallSupported: optional(nullValue(0x81)),
    fallbackSupported: optional(nullValue(0x82)),
  });

/**
 * ```asn
 * SGP32-EUICCInfo2 ::= [34] SEQUENCE { -- Tag 'BF22'
 *     profileVersion [1] VersionType, -- Base eUICC Profile package version supported
 *     svn [2] VersionType, -- GSMA SGP.22 version supported (SVN)referenced by SGP.32
 *     euiccFirmwareVer [3] VersionType, -- eUICC Firmware version
 *     extCardResource [4] OCTET STRING, -- Extended Card Resource Information according to ETSI TS 102 226
 *     uiccCapability [5] UICCCapability,
 *     ts102241Version [6] VersionType OPTIONAL,
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
 *     certificationDataObject [12] CertificationDataObject OPTIONAL,
 *     treProperties [13] BIT STRING {
 *         isDiscrete(0),
 *         isIntegrated(1),
 *         usesRemoteMemory(2) -- refers to the usage of remote memory protected by the Remote Memory Protection Function described in SGP.21 [4]
 *     } OPTIONAL,
 *     treProductReference [14] UTF8String OPTIONAL, -- Platform_Label as defined in GlobalPlatform DLOA specification [57]
 *     additionalEuiccProfilePackageVersions [15] SEQUENCE OF VersionType OPTIONAL,
 *     ipaMode [16] IpaMode OPTIONAL, -- active IPA, mandatory within SGP.32
 *     euiccCiPKIdListForSigningV3 [17] SEQUENCE OF SubjectKeyIdentifier OPTIONAL, -- not used by this version of SGP.32.
 *     additionalEuiccInfo [18] OCTET STRING (SIZE(0..32)) OPTIONAL, -- not used by this version of SGP.32
 *     highestSvn [19] VersionType OPTIONAL, -- not used by this version of SGP.32
 *     iotSpecificInfo [20] IoTSpecificInfo OPTIONAL -- mandatory within SGP.32
 * }
 * ```
 * The same wire form as SGP.22's EUICCInfo2 up to [12], so an SGP.22 reader (EXTENSIBILITY IMPLIED) skips
 * the IoT fields. A real IoT eUICC left ipaMode and iotSpecificInfo out (the reference trace): they stay
 * OPTIONAL on decode, as the module declares them.
 */
export const Sgp32EUICCInfo2 = sequence(0xbf22, {
  profileVersion: versionType(0x81),
  svn: versionType(0x82),
  euiccFirmwareVer: versionType(0x83),
  extCardResource: octetString(0x84),
  uiccCapability: namedBitString(0x85, UICCCapabilityBits),
  ts102241Version: optional(versionType(0x86)),
  globalplatformVersion: optional(versionType(0x87)),
  rspCapability: namedBitString(0x88, RspCapabilityBits),
  euiccCiPKIdListForVerification: sequenceOf(0xa9, subjectKeyIdentifier()),
  euiccCiPKIdListForSigning: sequenceOf(0xaa, subjectKeyIdentifier()),
  euiccCategory: optional(integer(0x8b, { other: 0, basicEuicc: 1, mediumEuicc: 2, contactlessEuicc: 3 })),
  forbiddenProfilePolicyRules: optional(pprIds(0x99)),
  ppVersion: versionType(),
  sasAcreditationNumber: utf8String(0x0c, [0, 64]),
  certificationDataObject: optional(certificationDataObject(0xac)),
  treProperties: optional(namedBitString(0x8d, ['isDiscrete', 'isIntegrated', 'usesRemoteMemory'])),
  treProductReference: optional(utf8String(0x8e)),
  additionalEuiccProfilePackageVersions: optional(sequenceOf(0xaf, versionType())),
  ipaMode: optional(integer(0x90, IpaModes)),
  euiccCiPKIdListForSigningV3: optional(sequenceOf(0xb1, subjectKeyIdentifier())),
  additionalEuiccInfo: optional(octetString(0x92, [0, 32])),
  highestSvn: optional(versionType(0x93)),
  iotSpecificInfo: optional(ioTSpecificInfo(0xb4)),
});
export type Sgp32EUICCInfo2 = Infer<typeof Sgp32EUICCInfo2>;

/**
 * ```asn
 * IpaCapabilities ::= SEQUENCE {
 *     ipaFeatures [0] BIT STRING {
 *         directRspServerCommunication (0),
 *         indirectRspServerCommunication (1),
 *         eimDownloadDataHandling (2),
 *         eimCtxParams1Generation (3),
 *         eimProfileMetadataVerification (4),
 *         minimizeEsipaBytes (5)
 *     },
 *     ipaSupportedProtocols [1] BIT STRING {
 *         ipaRetrieveHttps(0),
 *         ipaRetrieveCoaps(1),
 *         ipaInjectHttps(2),
 *         ipaInjectCoaps(3),
 *         ipaProprietary(4)
 *     } OPTIONAL
 * }
 * ```
 */
export const ipaCapabilities = (tag = 0x30) =>
  sequence(tag, {
    ipaFeatures: namedBitString(0x80, [
      'directRspServerCommunication',
      'indirectRspServerCommunication',
      'eimDownloadDataHandling',
      'eimCtxParams1Generation',
      'eimProfileMetadataVerification',
      'minimizeEsipaBytes',
    ]),
    ipaSupportedProtocols: optional(
      namedBitString(0x81, [
        'ipaRetrieveHttps',
        'ipaRetrieveCoaps',
        'ipaInjectHttps',
        'ipaInjectCoaps',
        'ipaProprietary',
      ]),
    ),
  });
export type IpaCapabilities = Infer<ReturnType<typeof ipaCapabilities>>;

/**
 * ```asn
 * ISDRProprietaryApplicationTemplateIoT ::= [PRIVATE 1] SEQUENCE { -- Tag 'E1'
 *     euiccConfiguration BIT STRING {
 *         ipaeSupported(0), -- IPA in the eUICC (IPAe) supported
 *         enabledProfile(1) -- eUICC contains an Enabled Profile
 *     }
 * }
 * ```
 * (its only component is untagged: automatic tagging makes it [0], '80')
 */
export const ISDRProprietaryApplicationTemplateIoT = sequence(0xe1, {
  euiccConfiguration: namedBitString(0x80, ['ipaeSupported', 'enabledProfile']),
});

/**
 * ```asn
 * IpaeActivationRequest ::= [66] SEQUENCE { -- Tag 'BF42'
 *     ipaeOption BIT STRING {
 *         activateIpae(0) -- IPAe activation
 *     }
 * }
 * ```
 */
export const IpaeActivationRequest = sequence(0xbf42, { ipaeOption: namedBitString(0x80, ['activateIpae']) });

/**
 * ```asn
 * IpaeActivationResponse ::= [66] SEQUENCE { -- Tag 'BF42'
 *     ipaeActivationResult INTEGER {ok(0), notSupported(1)}
 * }
 * ```
 */
export const IpaeActivationResponse = sequence(0xbf42, {
  ipaeActivationResult: integer(0x80, { ok: 0, notSupported: 1 }),
});
