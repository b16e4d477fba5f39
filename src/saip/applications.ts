/**
 * The profile elements of the GlobalPlatform side of a profile (PEDefinitions 3.3.1 sections 8.6 to 8.9):
 * security domains with their keys, Java Card applications, Remote File Management, and the generic file
 * management and non-standard elements.
 */
import {
  choice,
  defaulted,
  type Infer,
  objectIdentifier,
  octetString,
  optional,
  sequenceOf,
} from '../asn1/schema.ts';
import { applicationIdentifier, fcp, peHeader, peSequence, uint } from './common.ts';

/**
 * ```asn
 * ApplicationSystemParameters ::= SEQUENCE{
 * volatileMemoryQuotaC7 [PRIVATE 7] OCTET STRING (SIZE (2..4)) OPTIONAL,
 * nonVolatileMemoryQuotaC8 [PRIVATE 8] OCTET STRING (SIZE (2..4)) OPTIONAL,
 * globalServiceParameters [PRIVATE 11] OCTET STRING OPTIONAL,
 * implicitSelectionParameter [PRIVATE 15] OCTET STRING OPTIONAL,
 * volatileReservedMemory [PRIVATE 23] OCTET STRING (SIZE (2..4)) OPTIONAL,
 * nonVolatileReservedMemory [PRIVATE 24] OCTET STRING (SIZE (2..4)) OPTIONAL,
 * ts102226SIMFileAccessToolkitParameter [PRIVATE 10] OCTET STRING OPTIONAL,
 * ts102226AdditionalContactlessParameters [0] TS102226AdditionalContactlessParameters OPTIONAL,
 * contactlessProtocolParameters [PRIVATE 25] OCTET STRING OPTIONAL,
 * userInteractionContactlessParameters [PRIVATE 26] OCTET STRING OPTIONAL,
 * cumulativeGrantedVolatileMemory [2] OCTET STRING (SIZE (2..4)) OPTIONAL,
 * cumulativeGrantedNonVolatileMemory [3] OCTET STRING (SIZE (2..4)) OPTIONAL
 * }
 * TS102226AdditionalContactlessParameters ::= SEQUENCE{
 * protocolParameterData OCTET STRING
 * }
 * ```
 */
const ApplicationSystemParameters = peSequence(0xef, {
  volatileMemoryQuotaC7: optional(octetString(0xc7, [2, 4])),
  nonVolatileMemoryQuotaC8: optional(octetString(0xc8, [2, 4])),
  globalServiceParameters: optional(octetString(0xcb)),
  implicitSelectionParameter: optional(octetString(0xcf)),
  volatileReservedMemory: optional(octetString(0xd7, [2, 4])),
  nonVolatileReservedMemory: optional(octetString(0xd8, [2, 4])),
  ts102226SIMFileAccessToolkitParameter: optional(octetString(0xca)),
  ts102226AdditionalContactlessParameters: optional(
    peSequence(0xa0, { protocolParameterData: octetString(0x80) }),
  ),
  contactlessProtocolParameters: optional(octetString(0xdf19)),
  userInteractionContactlessParameters: optional(octetString(0xdf1a)),
  cumulativeGrantedVolatileMemory: optional(octetString(0x82, [2, 4])),
  cumulativeGrantedNonVolatileMemory: optional(octetString(0x83, [2, 4])),
});

/**
 * ```asn
 * UICCApplicationParameters ::= SEQUENCE {
 * uiccToolkitApplicationSpecificParametersField [0] OCTET STRING OPTIONAL,
 * uiccAccessApplicationSpecificParametersField [1] OCTET STRING OPTIONAL,
 * uiccAdministrativeAccessApplicationSpecificParametersField [2] OCTET STRING OPTIONAL
 * }
 * ```
 */
const UICCApplicationParameters = peSequence(0xea, {
  uiccToolkitApplicationSpecificParametersField: optional(octetString(0x80)),
  uiccAccessApplicationSpecificParametersField: optional(octetString(0x81)),
  uiccAdministrativeAccessApplicationSpecificParametersField: optional(octetString(0x82)),
});

/**
 * ```asn
 * ApplicationInstance ::= SEQUENCE {
 * applicationLoadPackageAID [APPLICATION 15] ApplicationIdentifier,
 * classAID [APPLICATION 15] ApplicationIdentifier,
 * instanceAID [APPLICATION 15] ApplicationIdentifier,
 * extraditeSecurityDomainAID [APPLICATION 15] ApplicationIdentifier OPTIONAL,
 * applicationPrivileges [2] OCTET STRING,
 * lifeCycleState [3] OCTET STRING (SIZE(1)) DEFAULT '07'H,
 * applicationSpecificParametersC9 [PRIVATE 9] OCTET STRING,
 * systemSpecificParameters [PRIVATE 15] ApplicationSystemParameters OPTIONAL,
 * applicationParameters [PRIVATE 10] UICCApplicationParameters OPTIONAL,
 * processData SEQUENCE (SIZE (1..MAX)) OF OCTET STRING OPTIONAL,
 * controlReferenceTemplate [16] ControlReferenceTemplate OPTIONAL
 * }
 * ControlReferenceTemplate ::= SEQUENCE{
 * applicationProviderIdentifier [APPLICATION 32] OCTET STRING
 * }
 * ```
 */
export const applicationInstance = (tag: number) =>
  peSequence(tag, {
    applicationLoadPackageAID: applicationIdentifier(0x4f),
    classAID: applicationIdentifier(0x4f),
    instanceAID: applicationIdentifier(0x4f),
    extraditeSecurityDomainAID: optional(applicationIdentifier(0x4f)),
    applicationPrivileges: octetString(0x82),
    lifeCycleState: defaulted(octetString(0x83, [1, 1]), Buffer.from([0x07])),
    applicationSpecificParametersC9: octetString(0xc9),
    systemSpecificParameters: optional(ApplicationSystemParameters),
    applicationParameters: optional(UICCApplicationParameters),
    processData: optional(sequenceOf(0x30, octetString())),
    controlReferenceTemplate: optional(
      peSequence(0xb0, { applicationProviderIdentifier: octetString(0x5f20) }),
    ),
  });
export type ApplicationInstance = Infer<ReturnType<typeof applicationInstance>>;

/**
 * ```asn
 * KeyObject::= SEQUENCE {
 * keyUsageQualifier [21] OCTET STRING (SIZE (1..2)),
 * keyAccess [22] OCTET STRING (SIZE (1)) DEFAULT '00'H,
 * keyIdentifier [2] OCTET STRING (SIZE (1)),
 * keyVersionNumber [3] OCTET STRING (SIZE (1)),
 * keyCounterValue [5] OCTET STRING OPTIONAL,
 * keyComponents SEQUENCE (SIZE (1..MAX)) OF SEQUENCE {
 *         keyType [0] OCTET STRING,
 *         keyData [6] OCTET STRING,
 *         macLength[7] UInt8 DEFAULT 8
 *     }
 * }
 * ```
 */
export const KeyObject = peSequence(0x30, {
  keyUsageQualifier: octetString(0x95, [1, 2]),
  keyAccess: defaulted(octetString(0x96, [1, 1]), Buffer.from([0x00])),
  keyIdentifier: octetString(0x82, [1, 1]),
  keyVersionNumber: octetString(0x83, [1, 1]),
  keyCounterValue: optional(octetString(0x85)),
  keyComponents: sequenceOf(
    0x30,
    peSequence(0x30, {
      keyType: octetString(0x80),
      keyData: octetString(0x86),
      macLength: defaulted(uint(0x87), 8),
    }),
  ),
});

/**
 * ```asn
 * PE-SecurityDomain ::= SEQUENCE {
 *     sd-Header PEHeader,
 * instance ApplicationInstance, -- see section 8.7.3
 * keyList SEQUENCE (SIZE (1..MAX)) OF KeyObject OPTIONAL, -- see section 8.6.3
 * sdPersoData SEQUENCE (SIZE (1..MAX)) OF OCTET STRING OPTIONAL,
 * openPersoData SEQUENCE {
 *     restrictParameter [PRIVATE 25] OCTET STRING (SIZE(1)) OPTIONAL,
 *     contactlessProtocolParameters OCTET STRING OPTIONAL
 * } OPTIONAL,
 * catTpParameters SEQUENCE
 * {    catTpMaxSduSize UInt16,
 *     catTpMaxPduSize UInt16
 * } OPTIONAL -- see section 8.6.7
 * }
 * ```
 * ProfileElement alternative 'securityDomain' [6]
 */
export const PE_SecurityDomain = peSequence(0xa6, {
  sdHeader: peHeader(0xa0),
  instance: applicationInstance(0xa1),
  keyList: optional(sequenceOf(0xa2, KeyObject)),
  sdPersoData: optional(sequenceOf(0xa3, octetString())),
  openPersoData: optional(
    peSequence(0xa4, {
      restrictParameter: optional(octetString(0xdf19, [1, 1])),
      contactlessProtocolParameters: optional(octetString()),
    }),
  ),
  catTpParameters: optional(peSequence(0xa5, { catTpMaxSduSize: uint(0x80), catTpMaxPduSize: uint(0x81) })),
});

/**
 * ```asn
 * ApplicationLoadPackage ::= SEQUENCE {
 * loadPackageAID [APPLICATION 15] ApplicationIdentifier,
 * securityDomainAID [APPLICATION 15] ApplicationIdentifier OPTIONAL,
 * nonVolatileCodeLimitC6 [PRIVATE 6] OCTET STRING OPTIONAL,
 * volatileDataLimitC7 [PRIVATE 7] OCTET STRING OPTIONAL,
 * nonVolatileDataLimitC8 [PRIVATE 8] OCTET STRING OPTIONAL,
 * hashValue [PRIVATE 1] OCTET STRING OPTIONAL,
 * loadBlockObject [PRIVATE 4] OCTET STRING
 * }
 * PE-Application ::= SEQUENCE {
 *     app-Header PEHeader,
 * loadBlock ApplicationLoadPackage OPTIONAL,
 * instanceList SEQUENCE (SIZE (1..MAX)) OF ApplicationInstance OPTIONAL
 * }
 * ```
 * ProfileElement alternative 'application' [8]
 */
export const PE_Application = peSequence(0xa8, {
  appHeader: peHeader(0xa0),
  loadBlock: optional(
    peSequence(0xa1, {
      loadPackageAID: applicationIdentifier(0x4f),
      securityDomainAID: optional(applicationIdentifier(0x4f)),
      nonVolatileCodeLimitC6: optional(octetString(0xc6)),
      volatileDataLimitC7: optional(octetString(0xc7)),
      nonVolatileDataLimitC8: optional(octetString(0xc8)),
      hashValue: optional(octetString(0xc1)),
      loadBlockObject: octetString(0xc4),
    }),
  ),
  instanceList: optional(sequenceOf(0xa2, applicationInstance(0x30))),
});

/**
 * ```asn
 * PE-RFM ::= SEQUENCE {
 * rfm-header [0] PEHeader,
 *     instanceAID [APPLICATION 15] ApplicationIdentifier,
 *     securityDomainAID [APPLICATION 15] ApplicationIdentifier OPTIONAL,
 *     tarList [0] SEQUENCE (SIZE (1..MAX)) OF OCTET STRING (SIZE(3)) OPTIONAL,
 *     minimumSecurityLevel [1] OCTET STRING (SIZE (1)),
 * uiccAccessDomain OCTET STRING,
 *       uiccAdminAccessDomain OCTET STRING,
 *       adfRFMAccess ADFRFMAccess OPTIONAL
 * }
 * ADFRFMAccess ::= SEQUENCE {
 *         adfAID ApplicationIdentifier,
 *       adfAccessDomain OCTET STRING,
 *       adfAdminAccessDomain OCTET STRING
 * }
 * ```
 * ProfileElement alternative 'rfm' [7]. The SEQUENCE writes tags, so automatic tagging is off in it:
 * its untagged fields keep their universal tags ('04', '30'); ADFRFMAccess has none, so it is tagged.
 */
export const PE_RFM = peSequence(0xa7, {
  rfmHeader: peHeader(0xa0),
  instanceAID: applicationIdentifier(0x4f),
  securityDomainAID: optional(applicationIdentifier(0x4f)),
  tarList: optional(sequenceOf(0xa0, octetString(0x04, [3, 3]))),
  minimumSecurityLevel: octetString(0x81, [1, 1]),
  uiccAccessDomain: octetString(),
  uiccAdminAccessDomain: octetString(),
  adfRFMAccess: optional(
    peSequence(0x30, {
      adfAID: applicationIdentifier(0x80),
      adfAccessDomain: octetString(0x81),
      adfAdminAccessDomain: octetString(0x82),
    }),
  ),
});

/**
 * ```asn
 * FileManagement ::= SEQUENCE (SIZE (1..MAX)) OF CHOICE {
 * filePath [0] OCTET STRING (SIZE (0..8)), -- Use Temporary File ID for ADF
 * createFCP [APPLICATION 2] Fcp,
 * fillFileOffset UInt16,
 * fillFileContent [1] OCTET STRING
 * }
 * ```
 * One command of FileManagement. The CHOICE writes tags, so fillFileOffset keeps the universal INTEGER tag
 * '02'.
 */
export const FileManagementCommand = choice({
  filePath: octetString(0x80, [0, 8]),
  createFCP: fcp(0x62),
  fillFileOffset: uint(0x02),
  fillFileContent: octetString(0x81),
});
export type FileManagementCommand = Infer<typeof FileManagementCommand>;

/**
 * ```asn
 * PE-GenericFileManagement ::= SEQUENCE {
 *         gfm-header PEHeader,
 *     fileManagementCMD SEQUENCE (SIZE (1..MAX)) OF FileManagement
 * }
 * ```
 * ProfileElement alternative 'genericFileManagement' [1].
 */
export const PE_GenericFileManagement = peSequence(0xa1, {
  gfmHeader: peHeader(0xa0),
  fileManagementCMD: sequenceOf(0xa1, sequenceOf(0x30, FileManagementCommand)),
});

/**
 * ```asn
 * PE-NonStandard ::= SEQUENCE {
 * nonStandard-header PEHeader,
 * issuerID OBJECT IDENTIFIER,
 * content OCTET STRING
 * }
 * ```
 * ProfileElement alternative 'nonStandard' [9]
 */
export const PE_NonStandard = peSequence(0xa9, {
  nonStandardHeader: peHeader(0xa0),
  issuerID: objectIdentifier(0x81),
  content: octetString(0x82),
});

/**
 * ```asn
 * PE-End ::= SEQUENCE {
 * end-header PEHeader
 * }
 * ```
 * ProfileElement alternative 'end' [10]
 */
export const PE_End = peSequence(0xaa, { endHeader: peHeader(0xa0) });

/**
 * ```asn
 * PE-Dummy ::= SEQUENCE {
 * }
 * ```
 * ProfileElement alternatives rfu1 .. rfu5, [11] .. [15].
 */
export const peDummy = (tag: number) => peSequence(tag, {});
