/**
 * The Bound Profile Package and the ES8+ commands it carries: SGP.22 2.5.5, 5.5 (ES8+), 5.7.6
 * ES10b.LoadBoundProfilePackage and its ProfileInstallationResult.
 */
import {
  choice,
  explicit,
  type Infer,
  integer,
  objectIdentifier,
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
  NotificationConfigurationInformation,
  octet1,
  octetTo16,
  operatorId,
  otpk,
  pprIds,
  profileClass,
  RemoteOpId,
  signature,
  transactionId,
} from './common.ts';
import { NotificationMetadata } from './notification-metadata.ts';

// ControlRefTemplate ::= SEQUENCE {
//     keyType[0] Octet1, -- AES = '88', Tag '80'
//     keyLen[1] Octet1, -- Key length in number of bytes: 0x10, Tag '81'
//     hostId[4] OctetTo16 -- Host ID value, Tag '84' }
export const ControlRefTemplate = sequence(0xa6, {
  keyType: octet1(0x80),
  keyLen: octet1(0x81),
  hostId: octetTo16(0x84),
});
export type ControlRefTemplate = Infer<typeof ControlRefTemplate>;

// InitialiseSecureChannelRequest ::= [35] SEQUENCE { -- Tag 'BF23'
//     remoteOpId RemoteOpId, -- installBoundProfilePackage
//     transactionId [0] TransactionId,
//     controlRefTemplate[6] IMPLICIT ControlRefTemplate, -- Control Reference Template (Key Agreement)
//     smdpOtpk [APPLICATION 73] OCTET STRING, -- otPK.DP.ECKA, tag '5F49'
//     smdpSign [APPLICATION 55] OCTET STRING -- SM-DP's signature, tag '5F37' }
export const InitialiseSecureChannelRequest = sequence(0xbf23, {
  remoteOpId: RemoteOpId,
  transactionId: transactionId(0x80),
  controlRefTemplate: ControlRefTemplate,
  smdpOtpk: otpk(),
  smdpSign: signature(),
});
export type InitialiseSecureChannelRequest = Infer<typeof InitialiseSecureChannelRequest>;

// ConfigureISDPRequest ::= [36] SEQUENCE { -- Tag 'BF24'
//     dpProprietaryData [24] DpProprietaryData OPTIONAL -- Tag 'B8' }
export const ConfigureISDPRequest = sequence(0xbf24, {
  dpProprietaryData: optional(dpProprietaryData(0xb8)),
});
export type ConfigureISDPRequest = Infer<typeof ConfigureISDPRequest>;

// StoreMetadataRequest ::= [37] SEQUENCE { -- Tag 'BF25'
//     iccid Iccid,
//     serviceProviderName [17] UTF8String (SIZE(0..32)), -- Tag '91'
//     profileName [18] UTF8String (SIZE(0..64)), -- Tag '92'
//     iconType [19] IconType OPTIONAL, -- Tag '93' (JPG or PNG)
//     icon [20] OCTET STRING (SIZE(0..1024)) OPTIONAL, -- Tag '94'
//     profileClass [21] ProfileClass OPTIONAL, -- Tag '95' (default if absent: 'operational')
//     notificationConfigurationInfo [22] SEQUENCE OF NotificationConfigurationInformation OPTIONAL,
//     profileOwner [23] OperatorID OPTIONAL, -- Tag 'B7'
//     profilePolicyRules [25] PprIds OPTIONAL -- Tag '99' }
export const StoreMetadataRequest = sequence(0xbf25, {
  iccid: Iccid,
  serviceProviderName: utf8String(0x91, [0, 32]),
  profileName: utf8String(0x92, [0, 64]),
  iconType: optional(iconType(0x93)),
  icon: optional(octetString(0x94, [0, 1024])),
  profileClass: optional(profileClass(0x95)),
  notificationConfigurationInfo: optional(sequenceOf(0xb6, NotificationConfigurationInformation)),
  profileOwner: optional(operatorId(0xb7)),
  profilePolicyRules: optional(pprIds(0x99)),
});
export type StoreMetadataRequest = Infer<typeof StoreMetadataRequest>;

// UpdateMetadataRequest ::= [42] SEQUENCE { -- Tag 'BF2A'
//     serviceProviderName [17] UTF8String (SIZE(0..32)) OPTIONAL, profileName [18] UTF8String (SIZE(0..64)) OPTIONAL,
//     iconType [19] IconType OPTIONAL, icon [20] OCTET STRING (SIZE(0..1024)) OPTIONAL,
//     profilePolicyRules [25] PprIds OPTIONAL }
export const UpdateMetadataRequest = sequence(0xbf2a, {
  serviceProviderName: optional(utf8String(0x91, [0, 32])),
  profileName: optional(utf8String(0x92, [0, 64])),
  iconType: optional(iconType(0x93)),
  icon: optional(octetString(0x94, [0, 1024])),
  profilePolicyRules: optional(pprIds(0x99)),
});

// ReplaceSessionKeysRequest ::= [38] SEQUENCE { -- tag 'BF26'
//     initialMacChainingValue OCTET STRING, -- The new initial MAC chaining value
//     ppkEnc OCTET STRING, -- New session key value for encryption/decryption (PPK-ENC)
//     ppkCmac OCTET STRING -- New session key value of the session key C-MAC computation/verification }
export const ReplaceSessionKeysRequest = sequence(0xbf26, {
  initialMacChainingValue: octetString(0x80, [16, 16]),
  ppkEnc: octetString(0x81, [16, 16]),
  ppkCmac: octetString(0x82, [16, 16]),
});
export type ReplaceSessionKeysRequest = Infer<typeof ReplaceSessionKeysRequest>;

// BoundProfilePackage ::= [54] SEQUENCE { -- Tag 'BF36'
//     initialiseSecureChannelRequest [35] InitialiseSecureChannelRequest, -- Tag 'BF23'
//     firstSequenceOf87 [0] SEQUENCE OF [7] OCTET STRING, -- sequence of '87' TLVs
//     sequenceOf88 [1] SEQUENCE OF [8] OCTET STRING, -- sequence of '88' TLVs
//     secondSequenceOf87 [2] SEQUENCE OF [7] OCTET STRING OPTIONAL, -- sequence of '87' TLVs
//     sequenceOf86 [3] SEQUENCE OF [6] OCTET STRING -- sequence of '86' TLVs }
export const BoundProfilePackage = sequence(0xbf36, {
  initialiseSecureChannelRequest: InitialiseSecureChannelRequest,
  firstSequenceOf87: sequenceOf(0xa0, octetString(0x87)),
  sequenceOf88: sequenceOf(0xa1, octetString(0x88)),
  secondSequenceOf87: optional(sequenceOf(0xa2, octetString(0x87))),
  sequenceOf86: sequenceOf(0xa3, octetString(0x86)),
});
export type BoundProfilePackage = Infer<typeof BoundProfilePackage>;

// BppCommandId ::= INTEGER {initialiseSecureChannel(0), configureISDP(1), storeMetadata(2), storeMetadata2(3),
//     replaceSessionKeys(4), loadProfileElements(5)}
export const BppCommandIds = {
  initialiseSecureChannel: 0,
  configureISDP: 1,
  storeMetadata: 2,
  storeMetadata2: 3,
  replaceSessionKeys: 4,
  loadProfileElements: 5,
} as const;

// ErrorReason ::= INTEGER { incorrectInputValues(1), invalidSignature(2), invalidTransactionId(3),
//     unsupportedCrtValues(4), unsupportedRemoteOperationType(5), unsupportedProfileClass(6), scp03tStructureError(7),
//     scp03tSecurityError(8), installFailedDueToIccidAlreadyExistsOnEuicc(9),
//     installFailedDueToInsufficientMemoryForProfile(10), installFailedDueToInterruption(11),
//     installFailedDueToPEProcessingError(12), installFailedDueToIccidMismatch(13),
//     testProfileInstallFailedDueToInvalidNaaKey(14), pprNotAllowed(15), installFailedDueToUnknownError(127) }
export const ErrorReasons = {
  incorrectInputValues: 1,
  invalidSignature: 2,
  invalidTransactionId: 3,
  unsupportedCrtValues: 4,
  unsupportedRemoteOperationType: 5,
  unsupportedProfileClass: 6,
  scp03tStructureError: 7,
  scp03tSecurityError: 8,
  installFailedDueToIccidAlreadyExistsOnEuicc: 9,
  installFailedDueToInsufficientMemoryForProfile: 10,
  installFailedDueToInterruption: 11,
  installFailedDueToPEProcessingError: 12,
  installFailedDueToIccidMismatch: 13,
  testProfileInstallFailedDueToInvalidNaaKey: 14,
  pprNotAllowed: 15,
  installFailedDueToUnknownError: 127,
} as const;
export type ErrorReasonName = keyof typeof ErrorReasons;

// SuccessResult ::= SEQUENCE {
//     aid [APPLICATION 15] OCTET STRING (SIZE (5..16)), -- AID of ISD-P
//     simaResponse OCTET STRING -- contains (multiple) 'EUICCResponse' }
export const SuccessResult = sequence(0xa0, {
  aid: octetString(0x4f, [5, 16]),
  simaResponse: octetString(),
});

// ErrorResult ::= SEQUENCE {
//     bppCommandId BppCommandId, errorReason ErrorReason,
//     simaResponse OCTET STRING OPTIONAL -- contains (multiple) 'EUICCResponse' }
export const ErrorResult = sequence(0xa1, {
  bppCommandId: integer(0x80, BppCommandIds),
  errorReason: integer(0x81, ErrorReasons),
  simaResponse: optional(octetString(0x82)),
});

// ProfileInstallationResultData ::= [39] SEQUENCE { -- Tag 'BF27'
//     transactionId[0] TransactionId, -- The TransactionID generated by the SM-DP+
//     notificationMetadata[47] NotificationMetadata,
//     smdpOid OBJECT IDENTIFIER OPTIONAL, -- SM-DP+ OID (same value as in CERT.DPpb.ECDSA)
//     finalResult [2] CHOICE { successResult SuccessResult, errorResult ErrorResult } }
export const ProfileInstallationResultData = sequence(0xbf27, {
  transactionId: transactionId(0x80),
  notificationMetadata: NotificationMetadata,
  smdpOid: optional(objectIdentifier()),
  finalResult: explicit(0xa2, choice({ successResult: SuccessResult, errorResult: ErrorResult })),
});
export type ProfileInstallationResultData = Infer<typeof ProfileInstallationResultData>;

// ProfileInstallationResult ::= [55] SEQUENCE { -- Tag 'BF37'
//     profileInstallationResultData [39] ProfileInstallationResultData,
//     euiccSignPIR EuiccSignPIR }
// EuiccSignPIR ::= [APPLICATION 55] OCTET STRING -- Tag '5F37', eUICC's signature
export const ProfileInstallationResult = sequence(0xbf37, {
  profileInstallationResultData: ProfileInstallationResultData,
  euiccSignPIR: signature(),
});
export type ProfileInstallationResult = Infer<typeof ProfileInstallationResult>;
