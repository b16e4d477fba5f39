/**
 * eUICC Packages (SGP.32 2.11.1.1, 2.11.2): the eIM-signed EuiccPackageRequest of PSMOs or eCOs that ES10b
 * LoadEuiccPackage (5.9.1) executes, and the eUICC-signed EuiccPackageResult it answers. The wire form is
 * checked against a real eIM ↔ IoT eUICC exchange (fixtures/vectors/sgp32-euicc-package-trace.json).
 */

import { Iccid, octet16, signature, transactionId } from '../rsp/common.ts';
import { ProfileInfoListRequest, ProfilePolicyAuthorisationRule } from '../rsp/profile-management.ts';
import {
  choice,
  explicit,
  type Infer,
  integer,
  nullValue,
  objectIdentifier,
  optional,
  sequence,
  sequenceOf,
  utf8String,
} from '../schema.ts';
import { EimIdInfo, eimConfigurationData, eimId } from './common.ts';
import { Sgp32ProfileInfoListResponse } from './profile-info.ts';

/**
 * ```asn
 * SGP32-SetDefaultDpAddressRequest ::= [101] SEQUENCE { -- Tag 'BF65'
 *     defaultDpAddress UTF8String -- Default SM-DP+ address as an FQDN
 * }
 * ```
 */
export const Sgp32SetDefaultDpAddressRequest = sequence(0xbf65, { defaultDpAddress: utf8String(0x80) });

/**
 * ```asn
 * SGP32-SetDefaultDpAddressResponse ::= [101] SEQUENCE { -- Tag 'BF65'
 *     setDefaultDpAddressResult INTEGER { ok (0), undefinedError (127)}
 * }
 * ```
 */
export const Sgp32SetDefaultDpAddressResponse = sequence(0xbf65, {
  setDefaultDpAddressResult: integer(0x80, { ok: 0, undefinedError: 127 }),
});

/**
 * ```asn
 * Psmo ::= CHOICE {
 *     enable [3] SEQUENCE {
 *         iccid [APPLICATION 26] Iccid,
 *         rollbackFlag NULL OPTIONAL
 *     },
 *     disable [4] SEQUENCE {iccid [APPLICATION 26] Iccid},
 *     delete [5] SEQUENCE {iccid [APPLICATION 26] Iccid},
 *     listProfileInfo [45] ProfileInfoListRequest, -- Tag 'BF2D'
 *     getRAT [6] SEQUENCE {},
 *     configureImmediateEnable [7] SEQUENCE {
 *         immediateEnableFlag [0] NULL OPTIONAL,
 *         defaultSmdpOid [1] OBJECT IDENTIFIER OPTIONAL,
 *         defaultSmdpAddress [2] UTF8String OPTIONAL
 *     },
 *     setFallbackAttribute [8] SEQUENCE {iccid [APPLICATION 26] Iccid},
 *     unsetFallbackAttribute [9] SEQUENCE {},
 *     setDefaultDpAddress [101] SGP32-SetDefaultDpAddressRequest -- Tag 'BF65'
 * }
 * ```
 * (enable's iccid is tagged, so its rollbackFlag keeps NULL's universal '05')
 */
export const Psmo = choice({
  enable: sequence(0xa3, { iccid: Iccid, rollbackFlag: optional(nullValue()) }),
  disable: sequence(0xa4, { iccid: Iccid }),
  delete: sequence(0xa5, { iccid: Iccid }),
  listProfileInfo: ProfileInfoListRequest,
  getRAT: sequence(0xa6, {}),
  configureImmediateEnable: sequence(0xa7, {
    immediateEnableFlag: optional(nullValue(0x80)),
    defaultSmdpOid: optional(objectIdentifier(0x81)),
    defaultSmdpAddress: optional(utf8String(0x82)),
  }),
  setFallbackAttribute: sequence(0xa8, { iccid: Iccid }),
  unsetFallbackAttribute: sequence(0xa9, {}),
  setDefaultDpAddress: Sgp32SetDefaultDpAddressRequest,
});
export type Psmo = Infer<typeof Psmo>;

/**
 * ```asn
 * Eco ::= CHOICE {
 *     addEim [8] EimConfigurationData, -- for eIM configuration data see 2.11.1
 *     deleteEim [9] SEQUENCE {eimId [0] UTF8String},
 *     updateEim [10] EimConfigurationData,
 *     listEim [11] SEQUENCE {}
 * }
 * ```
 */
export const Eco = choice({
  addEim: eimConfigurationData(0xa8),
  deleteEim: sequence(0xa9, { eimId: utf8String(0x80) }),
  updateEim: eimConfigurationData(0xaa),
  listEim: sequence(0xab, {}),
});
export type Eco = Infer<typeof Eco>;

/**
 * ```asn
 * EuiccPackage ::= CHOICE {
 *     psmoList SEQUENCE OF Psmo, -- #SupportedForPsmoV1.0.0#
 *     ecoList  SEQUENCE OF Eco -- #SupportedForEcoV1.0.0#
 * }
 * ```
 */
export const EuiccPackage = choice({ psmoList: sequenceOf(0xa0, Psmo), ecoList: sequenceOf(0xa1, Eco) });
export type EuiccPackage = Infer<typeof EuiccPackage>;

/**
 * ```asn
 * EuiccPackageSigned ::= SEQUENCE {
 *     eimId [0] UTF8String (SIZE(1..128)),
 *     eidValue [APPLICATION 26] Octet16, -- Tag '5A'
 *     counterValue [1] INTEGER,
 *     eimTransactionId [2] TransactionId OPTIONAL,
 *     euiccPackage EuiccPackage
 * }
 * ```
 */
export const EuiccPackageSigned = sequence(0x30, {
  eimId: eimId(0x80),
  eidValue: octet16(0x5a),
  counterValue: integer(0x81),
  eimTransactionId: optional(transactionId(0x82)),
  euiccPackage: EuiccPackage,
});
export type EuiccPackageSigned = Infer<typeof EuiccPackageSigned>;

/**
 * ```asn
 * EuiccPackageRequest ::= [81] SEQUENCE { -- Tag ' BF51', #SupportedForPsmoV1.0.0#
 *     euiccPackageSigned EuiccPackageSigned,
 *     eimSignature [APPLICATION 55] OCTET STRING -- Tag '5F37'
 * }
 * ```
 */
export const EuiccPackageRequest = sequence(0xbf51, {
  euiccPackageSigned: EuiccPackageSigned,
  eimSignature: signature(),
});
export type EuiccPackageRequest = Infer<typeof EuiccPackageRequest>;

/**
 * ```asn
 * EnableProfileResult ::= INTEGER {
 *     ok(0),
 *     iccidOrAidNotFound(1),
 *     profileNotInDisabledState(2),
 *     disallowedByPolicy(3),
 *     catBusy(5),
 *     rollbackNotAvailable(20),
 *     undefinedError(127)
 * }
 * ```
 */
export const EnableProfileResults = {
  ok: 0,
  iccidOrAidNotFound: 1,
  profileNotInDisabledState: 2,
  disallowedByPolicy: 3,
  catBusy: 5,
  rollbackNotAvailable: 20,
  undefinedError: 127,
} as const;

/**
 * ```asn
 * DisableProfileResult ::= INTEGER {
 *     ok(0),
 *     iccidOrAidNotFound(1),
 *     profileNotInEnabledState(2),
 *     disallowedByPolicy(3),
 *     catBusy(5),
 *     undefinedError(127)
 * }
 * ```
 */
export const DisableProfileResults = {
  ok: 0,
  iccidOrAidNotFound: 1,
  profileNotInEnabledState: 2,
  disallowedByPolicy: 3,
  catBusy: 5,
  undefinedError: 127,
} as const;

/**
 * ```asn
 * DeleteProfileResult ::= INTEGER {
 *     ok(0),
 *     iccidOrAidNotFound(1),
 *     profileNotInDisabledState(2),
 *     disallowedByPolicy(3),
 *     rollbackNotAvailable(20),
 *     returnFallbackProfile(21),
 *     undefinedError(127)
 * }
 * ```
 */
export const DeleteProfileResults = {
  ok: 0,
  iccidOrAidNotFound: 1,
  profileNotInDisabledState: 2,
  disallowedByPolicy: 3,
  rollbackNotAvailable: 20,
  returnFallbackProfile: 21,
  undefinedError: 127,
} as const;

/**
 * ```asn
 * ConfigureImmediateEnableResult ::= INTEGER {
 *     ok(0),
 *     insufficientMemory(1),
 *     commandError(7),
 *     undefinedError(127)
 * }
 * ```
 */
export const ConfigureImmediateEnableResults = {
  ok: 0,
  insufficientMemory: 1,
  commandError: 7,
  undefinedError: 127,
} as const;

/**
 * ```asn
 * RollbackProfileResult ::= INTEGER {
 *     ok(0),
 *     undefinedError(127)
 * }
 * ```
 */
export const RollbackProfileResults = { ok: 0, undefinedError: 127 } as const;

/**
 * ```asn
 * SetFallbackAttributeResult ::= INTEGER {
 *     ok(0),
 *     iccidOrAidNotFound (1),
 *     fallbackNotAllowed (2),
 *     fallbackProfileEnabled (3),
 *     undefinedError (127)
 * }
 * ```
 */
export const SetFallbackAttributeResults = {
  ok: 0,
  iccidOrAidNotFound: 1,
  fallbackNotAllowed: 2,
  fallbackProfileEnabled: 3,
  undefinedError: 127,
} as const;

/**
 * ```asn
 * UnsetFallbackAttributeResult ::= INTEGER {
 *     ok(0),
 *     noFallbackAttribute(2),
 *     fallbackProfileEnabled (3),
 *     commandError(7),
 *     undefinedError (127)
 * }
 * ```
 */
export const UnsetFallbackAttributeResults = {
  ok: 0,
  noFallbackAttribute: 2,
  fallbackProfileEnabled: 3,
  commandError: 7,
  undefinedError: 127,
} as const;

/** The named values of AddEimResult's addEimResultCode (and of AddInitialEimResponse's error). */
export const AddEimResultCodes = {
  ok: 0,
  insufficientMemory: 1,
  associatedEimAlreadyExists: 2,
  ciPKUnknown: 3,
  invalidAssociationToken: 5,
  counterValueOutOfRange: 6,
  commandError: 7,
  undefinedError: 127,
} as const;

/**
 * ```asn
 * AddEimResult ::= CHOICE {
 *     associationToken [4] INTEGER,
 *     addEimResultCode INTEGER {
 *         ok(0),
 *         insufficientMemory(1),
 *         associatedEimAlreadyExists(2),
 *         ciPKUnknown(3),
 *         invalidAssociationToken(5),
 *         counterValueOutOfRange(6),
 *         commandError(7),
 *         undefinedError(127)
 *     }
 * }
 * ```
 * (one alternative is tagged: no automatic tags, the code keeps INTEGER's '02')
 */
export const AddEimResult = choice({
  associationToken: integer(0x84),
  addEimResultCode: integer(0x02, AddEimResultCodes),
});

/**
 * ```asn
 * DeleteEimResult ::= INTEGER {
 *     ok(0),
 *     eimNotFound(1),
 *     lastEimDeleted(2), -- no eIM Configuration Data available in eUICC,
 *     commandError(7),
 *     undefinedError(127)
 * }
 * ```
 */
export const DeleteEimResults = {
  ok: 0,
  eimNotFound: 1,
  lastEimDeleted: 2,
  commandError: 7,
  undefinedError: 127,
} as const;

/**
 * ```asn
 * UpdateEimResult ::= INTEGER {
 *     ok(0),
 *     eimNotFound (1),
 *     ciPKUnknown(3),
 *     counterValueOutOfRange(6),
 *     commandError(7),
 *     undefinedError(127)
 * }
 * ```
 */
export const UpdateEimResults = {
  ok: 0,
  eimNotFound: 1,
  ciPKUnknown: 3,
  counterValueOutOfRange: 6,
  commandError: 7,
  undefinedError: 127,
} as const;

/**
 * ```asn
 * ListEimResult ::= CHOICE {
 *     eimIdList SEQUENCE OF EimIdInfo,
 *     listEimError INTEGER {
 *         undefinedError(127)
 *     }
 * }
 * ```
 */
export const ListEimResult = choice({
  eimIdList: sequenceOf(0xa0, EimIdInfo),
  listEimError: integer(0x81, { undefinedError: 127 }),
});

/** The named values of EuiccResultData's processingTerminated. */
export const ProcessingTerminatedCodes = {
  resultSizeOverflow: 1,
  unknownOrDamagedCommand: 2,
  interruption: 3,
  undefinedError: 127,
} as const;

/**
 * ```asn
 * EuiccResultData ::= CHOICE {
 *     enableResult [3] EnableProfileResult,
 *     disableResult [4] DisableProfileResult,
 *     deleteResult [5] DeleteProfileResult,
 *     listProfileInfoResult [45] SGP32-ProfileInfoListResponse,
 *     getRATResult [6] RulesAuthorisationTable, -- see SGP.22
 *     configureImmediateEnableResult [7] ConfigureImmediateEnableResult,
 *     addEimResult [8] AddEimResult,
 *     deleteEimResult [9] DeleteEimResult,
 *     updateEimResult [10] UpdateEimResult,
 *     listEimResult [11] ListEimResult,
 *     rollbackResult [12] RollbackProfileResult,
 *     setFallbackAttributeResult [13] SetFallbackAttributeResult,
 *     unsetFallbackAttributeResult [14] UnsetFallbackAttributeResult,
 *     processingTerminated INTEGER {
 *         resultSizeOverflow(1),
 *         unknownOrDamagedCommand(2),
 *         interruption(3),
 *         undefinedError(127)
 *     },
 *     setDefaultDpAddressResult [101] SGP32-SetDefaultDpAddressResponse
 * }
 * ```
 * ([45] on the tagged CHOICE SGP32-ProfileInfoListResponse and [101] on the tagged SEQUENCE replace their
 * own tags, which are the same; [8] and [11] on untagged CHOICEs wrap them.)
 */
export const EuiccResultData = choice({
  enableResult: integer(0x83, EnableProfileResults),
  disableResult: integer(0x84, DisableProfileResults),
  deleteResult: integer(0x85, DeleteProfileResults),
  listProfileInfoResult: Sgp32ProfileInfoListResponse,
  getRATResult: sequenceOf(0xa6, ProfilePolicyAuthorisationRule),
  configureImmediateEnableResult: integer(0x87, ConfigureImmediateEnableResults),
  addEimResult: explicit(0xa8, AddEimResult),
  deleteEimResult: integer(0x89, DeleteEimResults),
  updateEimResult: integer(0x8a, UpdateEimResults),
  listEimResult: explicit(0xab, ListEimResult),
  rollbackResult: integer(0x8c, RollbackProfileResults),
  setFallbackAttributeResult: integer(0x8d, SetFallbackAttributeResults),
  unsetFallbackAttributeResult: integer(0x8e, UnsetFallbackAttributeResults),
  processingTerminated: integer(0x02, ProcessingTerminatedCodes),
  setDefaultDpAddressResult: Sgp32SetDefaultDpAddressResponse,
});
export type EuiccResultData = Infer<typeof EuiccResultData>;

/**
 * ```asn
 * EuiccPackageResultDataSigned ::= SEQUENCE { -- #SupportedForPsmoV1.0.0#
 *     eimId [0] UTF8String (SIZE(1..128)),
 *     counterValue [1] INTEGER,
 *     eimTransactionId[2] TransactionId OPTIONAL,
 *     seqNumber [3] INTEGER,
 *     euiccResult SEQUENCE OF EuiccResultData
 * }
 * ```
 */
export const EuiccPackageResultDataSigned = sequence(0x30, {
  eimId: eimId(0x80),
  counterValue: integer(0x81),
  eimTransactionId: optional(transactionId(0x82)),
  seqNumber: integer(0x83),
  euiccResult: sequenceOf(0x30, EuiccResultData),
});
export type EuiccPackageResultDataSigned = Infer<typeof EuiccPackageResultDataSigned>;

/**
 * ```asn
 * EuiccPackageResultSigned ::= SEQUENCE {
 *     euiccPackageResultDataSigned EuiccPackageResultDataSigned,
 *     euiccSignEPR [APPLICATION 55] OCTET STRING -- Tag '5F37'
 * }
 * ```
 */
export const EuiccPackageResultSigned = sequence(0xa0, {
  euiccPackageResultDataSigned: EuiccPackageResultDataSigned,
  euiccSignEPR: signature(),
});

/**
 * ```asn
 * EuiccPackageErrorCode ::= INTEGER {
 *     invalidEid(3),
 *     replayError(4),
 *     counterValueOutOfRange(6),
 *     sizeOverflow(15),
 *     ecallActive(104),
 *     undefinedError(127)}
 * ```
 */
export const EuiccPackageErrorCodes = {
  invalidEid: 3,
  replayError: 4,
  counterValueOutOfRange: 6,
  sizeOverflow: 15,
  ecallActive: 104,
  undefinedError: 127,
} as const;
export type EuiccPackageErrorCodeName = keyof typeof EuiccPackageErrorCodes;

/**
 * ```asn
 * EuiccPackageErrorDataSigned ::= SEQUENCE {
 *     eimId [0] UTF8String (SIZE(1..128)),
 *     counterValue [1] INTEGER,
 *     eimTransactionId [2] TransactionId OPTIONAL,
 *     euiccPackageErrorCode EuiccPackageErrorCode
 * }
 * ```
 */
export const EuiccPackageErrorDataSigned = sequence(0x30, {
  eimId: eimId(0x80),
  counterValue: integer(0x81),
  eimTransactionId: optional(transactionId(0x82)),
  euiccPackageErrorCode: integer(0x02, EuiccPackageErrorCodes),
});
export type EuiccPackageErrorDataSigned = Infer<typeof EuiccPackageErrorDataSigned>;

/**
 * ```asn
 * EuiccPackageErrorSigned ::= SEQUENCE {
 *     euiccPackageErrorDataSigned EuiccPackageErrorDataSigned,
 *     euiccSignEPE [APPLICATION 55] OCTET STRING -- Tag '5F37'
 * }
 * ```
 */
export const EuiccPackageErrorSigned = sequence(0xa1, {
  euiccPackageErrorDataSigned: EuiccPackageErrorDataSigned,
  euiccSignEPE: signature(),
});

/**
 * ```asn
 * EuiccPackageErrorUnsigned ::= SEQUENCE {
 *     eimId [0] UTF8String (SIZE(1..128)),
 *     eimTransactionId [2] TransactionId OPTIONAL,
 *     associationToken [4] INTEGER OPTIONAL
 * }
 * ```
 */
export const EuiccPackageErrorUnsigned = sequence(0xa2, {
  eimId: eimId(0x80),
  eimTransactionId: optional(transactionId(0x82)),
  associationToken: optional(integer(0x84)),
});

/**
 * ```asn
 * EuiccPackageResult ::= [81] CHOICE { -- Tag 'BF51' #SupportedForPsmoV1.0.0#
 *     euiccPackageResultSigned EuiccPackageResultSigned,
 *     euiccPackageErrorSigned EuiccPackageErrorSigned,
 *     euiccPackageErrorUnsigned EuiccPackageErrorUnsigned
 * }
 * ```
 */
export const EuiccPackageResult = explicit(
  0xbf51,
  choice({
    euiccPackageResultSigned: EuiccPackageResultSigned,
    euiccPackageErrorSigned: EuiccPackageErrorSigned,
    euiccPackageErrorUnsigned: EuiccPackageErrorUnsigned,
  }),
);
export type EuiccPackageResult = Infer<typeof EuiccPackageResult>;

/**
 * ```asn
 * EuiccPackageResultList ::= SEQUENCE OF EuiccPackageResult
 * ```
 */
export const euiccPackageResultList = (tag: number) => sequenceOf(tag, EuiccPackageResult);
