/**
 * ESipa, the IPA ↔ eIM interface (SGP.32 6.3), in its ASN.1 binding (6.1): every HTTP body is one
 * EsipaMessageFromIpaToEim / EsipaMessageFromEimToIpa, whose alternatives each carry their type's own tag, so a
 * body is just the function's TLV ('BF4F …'). A component tag on a type that already has the same tag gives
 * one tag on the wire (`BF4F 81 86 BF51 …` in the reference trace), never two.
 */

import { CtxParams1, ServerSigned1 } from '../rsp/authentication.ts';
import { BoundProfilePackage } from '../rsp/bound-profile-package.ts';
import { Certificate, notificationEvent, octet16, octet32, signature, transactionId } from '../rsp/common.ts';
import { SmdpSigned2 } from '../rsp/download.ts';
import { deviceInfo, EUICCInfo1 } from '../rsp/euicc-info.ts';
import {
  choice,
  explicit,
  type Infer,
  integer,
  nullValue,
  octetString,
  optional,
  RawSchema,
  type Schema,
  sequence,
  sequenceOf,
  utf8String,
} from '../schema.ts';
import { EimAcknowledgements, StateChangeCauses, taggedCertificate } from './common.ts';
import {
  Sgp32AuthenticateServerResponse,
  Sgp32PrepareDownloadResponse,
  sgp32CancelSessionResponse,
} from './download.ts';
import { ipaCapabilities, Sgp32EUICCInfo2 } from './euicc-info.ts';
import { EuiccPackageRequest, EuiccPackageResult, euiccPackageResultList } from './euicc-package.ts';
import {
  pendingNotificationList,
  Sgp32PendingNotification,
  Sgp32ProfileInstallationResult,
} from './notifications.ts';
import { Sgp32StoreMetadataRequest } from './profile-info.ts';

/**
 * ```asn
 * IpaEuiccDataRequest ::= [82] SEQUENCE { -- Tag BF52
 *     tagList [APPLICATION 28] OCTET STRING, -- Tag '5C'
 *     euiccCiPKIdentifierToBeUsed OCTET STRING OPTIONAL, -- CI Public Key Identifier (possibly truncated) supported on the eUICC for signature creation
 *     searchCriteriaNotification [1] CHOICE {
 *         seqNumber [0] INTEGER,
 *         profileManagementOperation [1] NotificationEvent
 *     } OPTIONAL,
 *     searchCriteriaEuiccPackageResult [2] CHOICE {
 *         seqNumber [0] INTEGER
 *     } OPTIONAL,
 *     eimTransactionId [3] TransactionId OPTIONAL -- Tag '83'
 * }
 * ```
 */
export const IpaEuiccDataRequest = sequence(0xbf52, {
  tagList: octetString(0x5c),
  euiccCiPKIdentifierToBeUsed: optional(octetString()),
  searchCriteriaNotification: optional(
    explicit(0xa1, choice({ seqNumber: integer(0x80), profileManagementOperation: notificationEvent(0x81) })),
  ),
  searchCriteriaEuiccPackageResult: optional(explicit(0xa2, choice({ seqNumber: integer(0x80) }))),
  eimTransactionId: optional(transactionId(0x83)),
});
export type IpaEuiccDataRequest = Infer<typeof IpaEuiccDataRequest>;

/**
 * ```asn
 * ProfileDownloadData ::= CHOICE {
 *     activationCode [0] UTF8String (SIZE(0..255)),
 *     contactDefaultSmdp [1] NULL,
 *     contactSmds [2] SEQUENCE {
 *         smdsAddress UTF8String OPTIONAL
 *     }
 * }
 * ```
 * (contactSmds's SEQUENCE has only an untagged component: automatic tagging makes smdsAddress '80')
 */
export const ProfileDownloadData = choice({
  activationCode: utf8String(0x80, [0, 255]),
  contactDefaultSmdp: nullValue(0x81),
  contactSmds: sequence(0xa2, { smdsAddress: optional(utf8String(0x80)) }),
});

/**
 * ```asn
 * ProfileDownloadTriggerRequest ::= [84] SEQUENCE { -- Tag 'BF54'
 *     profileDownloadData [0] ProfileDownloadData OPTIONAL,
 *     eimTransactionId [2] TransactionId OPTIONAL
 * }
 * ```
 */
export const ProfileDownloadTriggerRequest = sequence(0xbf54, {
  profileDownloadData: optional(explicit(0xa0, ProfileDownloadData)),
  eimTransactionId: optional(transactionId(0x82)),
});
export type ProfileDownloadTriggerRequest = Infer<typeof ProfileDownloadTriggerRequest>;

/**
 * ```asn
 * ProfileDownloadTriggerResult ::= [84] SEQUENCE { -- tag 'BF54'
 *     eimTransactionId [2] TransactionId OPTIONAL,
 *     profileDownloadTriggerResultData CHOICE {
 *         profileInstallationResult [55] SGP32-ProfileInstallationResult, -- see SGP.22 [4]
 *         profileDownloadError SEQUENCE {
 *             profileDownloadErrorReason [0] INTEGER {
 *                 ecallActive (104),
 *                 undefinedError(127)
 *             },
 *             errorResponse OCTET STRING OPTIONAL
 *         }
 *     }
 * }
 * ```
 */
export const ProfileDownloadTriggerResult = profileDownloadTriggerResult(Sgp32ProfileInstallationResult);

/**
 * ProfileDownloadTriggerResult with the ProfileInstallationResult given by `pir`: the declared type, or the
 * eUICC's own TLV as the IPA passes it on (ProvideEimPackageResultAsSigned: euiccSignPIR covers its bytes).
 */
function profileDownloadTriggerResult<T>(pir: Schema<T>) {
  return sequence(0xbf54, {
    eimTransactionId: optional(transactionId(0x82)),
    profileDownloadTriggerResultData: choice({
      profileInstallationResult: pir,
      profileDownloadError: sequence(0x30, {
        profileDownloadErrorReason: integer(0x80, { ecallActive: 104, undefinedError: 127 }),
        errorResponse: optional(octetString()),
      }),
    }),
  });
}

/**
 * ```asn
 * IpaEuiccData ::= SEQUENCE {
 *     notificationsList [0] PendingNotificationList OPTIONAL, -- Tag 'A0'
 *     defaultSmdpAddress [1] UTF8String OPTIONAL, -- Tag '81'
 *     euiccPackageResultList [2] EuiccPackageResultList OPTIONAL, -- Tag 'A2'
 *     euiccInfo1 [32] EUICCInfo1 OPTIONAL, -- Tag 'BF20'
 *     euiccInfo2 [34] SGP32-EUICCInfo2 OPTIONAL, -- Tag 'BF22'
 *     rootSmdsAddress [3] UTF8String OPTIONAL, -- Tag '83'
 *     associationToken [4] INTEGER OPTIONAL, -- Tag '84'
 *     eumCertificate [5] Certificate OPTIONAL, -- Tag 'A5'
 *     euiccCertificate [6] Certificate OPTIONAL, -- Tag 'A6'
 *     eimTransactionId [7] TransactionId OPTIONAL, -- Tag '87'
 *     ipaCapabilities [8] IpaCapabilities OPTIONAL, -- Tag 'A8'
 *     deviceInfo [9] DeviceInfo OPTIONAL -- Tag 'A9'
 * }
 * ```
 */
export const IpaEuiccData = sequence(0xa0, {
  notificationsList: optional(pendingNotificationList(0xa0)),
  defaultSmdpAddress: optional(utf8String(0x81)),
  euiccPackageResultList: optional(euiccPackageResultList(0xa2)),
  euiccInfo1: optional(EUICCInfo1),
  euiccInfo2: optional(Sgp32EUICCInfo2),
  rootSmdsAddress: optional(utf8String(0x83)),
  associationToken: optional(integer(0x84)),
  eumCertificate: optional(taggedCertificate(0xa5)),
  euiccCertificate: optional(taggedCertificate(0xa6)),
  eimTransactionId: optional(transactionId(0x87)),
  ipaCapabilities: optional(ipaCapabilities(0xa8)),
  deviceInfo: optional(deviceInfo(0xa9)),
});
export type IpaEuiccData = Infer<typeof IpaEuiccData>;

/**
 * ```asn
 * IpaEuiccDataErrorCode ::= INTEGER {
 *     incorrectTagList (1),
 *     euiccCiPKIdNotFound(5),
 *     ecallActive(104),
 *     undefinedError(127)
 * }
 * ```
 */
export const IpaEuiccDataErrorCodes = {
  incorrectTagList: 1,
  euiccCiPKIdNotFound: 5,
  ecallActive: 104,
  undefinedError: 127,
} as const;

/**
 * ```asn
 * IpaEuiccDataResponseError ::= SEQUENCE {
 *     eimTransactionId [0] TransactionId OPTIONAL,
 *     ipaEuiccDataErrorCode IpaEuiccDataErrorCode
 * }
 * ```
 */
export const IpaEuiccDataResponseError = sequence(0xa1, {
  eimTransactionId: optional(transactionId(0x80)),
  ipaEuiccDataErrorCode: integer(0x02, IpaEuiccDataErrorCodes),
});

/**
 * ```asn
 * IpaEuiccDataResponse ::= [82] CHOICE { -- Tag 'BF52'
 *     ipaEuiccData IpaEuiccData,
 *     ipaEuiccDataResponseError IpaEuiccDataResponseError
 * }
 * ```
 */
export const IpaEuiccDataResponse = explicit(
  0xbf52,
  choice({ ipaEuiccData: IpaEuiccData, ipaEuiccDataResponseError: IpaEuiccDataResponseError }),
);
export type IpaEuiccDataResponse = Infer<typeof IpaEuiccDataResponse>;

/**
 * ```asn
 * InitiateAuthenticationRequestEsipa ::= [57] SEQUENCE { -- Tag 'BF39'
 *     euiccChallenge [1] Octet16, -- random eUICC challenge
 *     smdpAddress [3] UTF8String OPTIONAL,
 *     euiccInfo1 EUICCInfo1 OPTIONAL,
 *     eimTransactionId [2] TransactionId OPTIONAL
 * }
 * ```
 */
export const InitiateAuthenticationRequestEsipa = sequence(0xbf39, {
  euiccChallenge: octet16(0x81),
  smdpAddress: optional(utf8String(0x83)),
  euiccInfo1: optional(EUICCInfo1),
  eimTransactionId: optional(transactionId(0x82)),
});

/**
 * ```asn
 * InitiateAuthenticationOkEsipa ::= SEQUENCE {
 *     transactionId [0] TransactionId OPTIONAL, -- The TransactionID generated by the SM-DP+
 *     serverSigned1 ServerSigned1, -- Signed information
 *     serverSignature1 [APPLICATION 55] OCTET STRING, -- Server Sign1, Tag '5F37'
 *     euiccCiPKIdentifierToBeUsed OCTET STRING, -- Key identifier (possibly truncated) of the CI Public Key to be used as required by ES10b.AuthenticateServer
 *     serverCertificate Certificate,
 *     matchingId UTF8String OPTIONAL,
 *     ctxParams1 [2] CtxParams1 OPTIONAL
 * }
 * ```
 */
export const InitiateAuthenticationOkEsipa = sequence(0xa0, {
  transactionId: optional(transactionId(0x80)),
  serverSigned1: ServerSigned1,
  serverSignature1: signature(),
  euiccCiPKIdentifierToBeUsed: octetString(),
  serverCertificate: Certificate,
  matchingId: optional(utf8String()),
  ctxParams1: optional(explicit(0xa2, CtxParams1)),
});

/** The named values of initiateAuthenticationErrorEsipa (SGP.32 6.3.2.1). */
export const InitiateAuthenticationErrorsEsipa = {
  invalidDpAddress: 1,
  euiccVersionNotSupportedByDp: 2,
  ciPKIdNotSupported: 3,
  smdpAddressMismatch: 50,
  smdpOidMismatch: 51,
  invalidEimTransactionId: 52,
  undefinedError: 127,
} as const;

/**
 * ```asn
 * InitiateAuthenticationResponseEsipa ::= [57] CHOICE { -- Tag 'BF39'
 *     initiateAuthenticationOkEsipa InitiateAuthenticationOkEsipa,
 *     initiateAuthenticationErrorEsipa INTEGER {
 *         invalidDpAddress(1),
 *         euiccVersionNotSupportedByDp(2),
 *         ciPKIdNotSupported(3),
 *         smdpAddressMismatch(50),
 *         smdpOidMismatch(51),
 *         invalidEimTransactionId(52),
 *         undefinedError(127)
 *     }
 * }
 * ```
 */
export const InitiateAuthenticationResponseEsipa = explicit(
  0xbf39,
  choice({
    initiateAuthenticationOkEsipa: InitiateAuthenticationOkEsipa,
    initiateAuthenticationErrorEsipa: integer(0x81, InitiateAuthenticationErrorsEsipa),
  }),
);

/**
 * ```asn
 * AuthenticateClientRequestEsipa ::= [59] SEQUENCE { -- Tag 'BF3B'
 *     transactionId [0] TransactionId, -- The TransactionID generated by the SM-DP+/SM-DS
 *     authenticateServerResponse [56] SGP32-AuthenticateServerResponse -- This is the response from ES10b.AuthenticateServer, possibly in compact format
 * }
 * ```
 */
export const AuthenticateClientRequestEsipa = sequence(0xbf3b, {
  transactionId: transactionId(0x80),
  authenticateServerResponse: Sgp32AuthenticateServerResponse,
});

/**
 * ```asn
 * AuthenticateClientOkDPEsipa ::= SEQUENCE {
 *     transactionId [0] TransactionId OPTIONAL, -- The TransactionID generated by the SM-DP+
 *     profileMetaData [37] SGP32-StoreMetadataRequest OPTIONAL,
 *     smdpSigned2 SmdpSigned2, -- Signed information
 *     smdpSignature2 [APPLICATION 55] OCTET STRING, -- Tag '5F37'
 *     smdpCertificate Certificate, -- CERT.DPpb.ECDSA
 *     hashCc Octet32 OPTIONAL -- Hash of confirmation code
 * }
 * ```
 */
export const AuthenticateClientOkDPEsipa = sequence(0xa0, {
  transactionId: optional(transactionId(0x80)),
  profileMetaData: optional(Sgp32StoreMetadataRequest),
  smdpSigned2: SmdpSigned2,
  smdpSignature2: signature(),
  smdpCertificate: Certificate,
  hashCc: optional(octet32()),
});

/**
 * ```asn
 * AuthenticateClientOkDSEsipa ::= SEQUENCE {
 *     transactionId [0] TransactionId, -- The TransactionID generated by the SM-DS
 *     profileDownloadTrigger [84] ProfileDownloadTriggerRequest OPTIONAL -- Tag 'BF54'
 * }
 * ```
 */
export const AuthenticateClientOkDSEsipa = sequence(0xa1, {
  transactionId: transactionId(0x80),
  profileDownloadTrigger: optional(ProfileDownloadTriggerRequest),
});

/** The named values of authenticateClientErrorEsipa (SGP.32 6.3.2.2). */
export const AuthenticateClientErrorsEsipa = {
  eumCertificateInvalid: 1,
  eumCertificateExpired: 2,
  euiccCertificateInvalid: 3,
  euiccCertificateExpired: 4,
  euiccSignatureInvalid: 5,
  matchingIdRefused: 6,
  eidMismatch: 7,
  noEligibleProfile: 8,
  ciPKUnknown: 9,
  invalidTransactionId: 10,
  insufficientMemory: 11,
  pprNotAllowed: 50,
  eventIdUnknown: 56,
  undefinedError: 127,
} as const;

/**
 * ```asn
 * AuthenticateClientResponseEsipa ::= [59] CHOICE { -- Tag 'BF3B'
 *     authenticateClientOkDPEsipa AuthenticateClientOkDPEsipa,
 *     authenticateClientOkDSEsipa AuthenticateClientOkDSEsipa,
 *     authenticateClientErrorEsipa INTEGER {
 *         eumCertificateInvalid(1),
 *         eumCertificateExpired(2),
 *         euiccCertificateInvalid(3),
 *         euiccCertificateExpired(4),
 *         euiccSignatureInvalid(5),
 *         matchingIdRefused(6),
 *         eidMismatch(7),
 *         noEligibleProfile(8),
 *         ciPKUnknown(9),
 *         invalidTransactionId(10),
 *         insufficientMemory(11),
 *         pprNotAllowed(50),
 *         eventIdUnknown(56),
 *         undefinedError(127)
 *     }
 * }
 * ```
 */
export const AuthenticateClientResponseEsipa = explicit(
  0xbf3b,
  choice({
    authenticateClientOkDPEsipa: AuthenticateClientOkDPEsipa,
    authenticateClientOkDSEsipa: AuthenticateClientOkDSEsipa,
    authenticateClientErrorEsipa: integer(0x82, AuthenticateClientErrorsEsipa),
  }),
);

/**
 * ```asn
 * GetBoundProfilePackageRequestEsipa ::= [58] SEQUENCE { -- Tag 'BF3A'
 *     transactionId [0] TransactionId, -- The TransactionID generated by the SM-DP+
 *     prepareDownloadResponse [33] SGP32-PrepareDownloadResponse -- This is the response from ES10b.PrepareDownload, possibly in compact format
 * }
 * ```
 */
export const GetBoundProfilePackageRequestEsipa = sequence(0xbf3a, {
  transactionId: transactionId(0x80),
  prepareDownloadResponse: Sgp32PrepareDownloadResponse,
});

/**
 * ```asn
 * GetBoundProfilePackageOkEsipa ::= SEQUENCE {
 *     transactionId [0] TransactionId OPTIONAL, -- The TransactionID generated by the SM-DP+
 *     boundProfilePackage [54] BoundProfilePackage
 * }
 * ```
 */
export const GetBoundProfilePackageOkEsipa = sequence(0xa0, {
  transactionId: optional(transactionId(0x80)),
  boundProfilePackage: BoundProfilePackage,
});

/** The named values of getBoundProfilePackageErrorEsipa (SGP.32 6.3.2.3). */
export const GetBoundProfilePackageErrorsEsipa = {
  euiccSignatureInvalid: 1,
  confirmationCodeMissing: 2,
  confirmationCodeRefused: 3,
  confirmationCodeRetriesExceeded: 4,
  bppRebindingRefused: 5,
  downloadOrderExpired: 6,
  metadataMismatch: 50,
  invalidTransactionId: 95,
  undefinedError: 127,
} as const;

/**
 * ```asn
 * GetBoundProfilePackageResponseEsipa ::= [58] CHOICE { -- Tag 'BF3A'
 *     getBoundProfilePackageOkEsipa GetBoundProfilePackageOkEsipa,
 *     getBoundProfilePackageErrorEsipa INTEGER {
 *         euiccSignatureInvalid(1),
 *         confirmationCodeMissing(2),
 *         confirmationCodeRefused(3),
 *         confirmationCodeRetriesExceeded(4),
 *         bppRebindingRefused(5),
 *         downloadOrderExpired(6),
 *         metadataMismatch(50),
 *         invalidTransactionId(95),
 *         undefinedError(127)
 *     }
 * }
 * ```
 */
export const GetBoundProfilePackageResponseEsipa = explicit(
  0xbf3a,
  choice({
    getBoundProfilePackageOkEsipa: GetBoundProfilePackageOkEsipa,
    getBoundProfilePackageErrorEsipa: integer(0x81, GetBoundProfilePackageErrorsEsipa),
  }),
);

/**
 * ```asn
 * CancelSessionRequestEsipa ::= [65] SEQUENCE { -- Tag 'BF41'
 *     transactionId TransactionId, -- The TransactionID generated by the SM-DP+
 *     cancelSessionResponse SGP32-CancelSessionResponse -- This is the response from ES10b. CancelSession function, possibly in compact format
 * }
 * ```
 * (no component is tagged: automatic tags '80' and an implicit [1] that replaces 'BF41' by 'A1')
 */
export const CancelSessionRequestEsipa = sequence(0xbf41, {
  transactionId: transactionId(0x80),
  cancelSessionResponse: sgp32CancelSessionResponse(0xa1),
});

/** The named values of cancelSessionError (SGP.32 6.3.2.5). */
export const CancelSessionErrorsEsipa = {
  invalidTransactionId: 1,
  euiccSignatureInvalid: 2,
  undefinedError: 127,
} as const;

/**
 * ```asn
 * SGP32-CancelSessionOk ::= SEQUENCE { -- This function has no output data
 * }
 * CancelSessionResponseEsipa ::= [65] CHOICE { -- Tag 'BF41'
 *     cancelSessionOk SGP32-CancelSessionOk,
 *     cancelSessionError INTEGER {
 *         invalidTransactionId(1),
 *         euiccSignatureInvalid(2),
 *         undefinedError(127)
 *     }
 * }
 * ```
 */
export const CancelSessionResponseEsipa = explicit(
  0xbf41,
  choice({
    cancelSessionOk: sequence(0xa0, {}),
    cancelSessionError: integer(0x81, CancelSessionErrorsEsipa),
  }),
);

/**
 * ```asn
 * GetEimPackageRequest ::= [79] SEQUENCE { -- Tag 'BF4F'
 *     eidValue [APPLICATION 26] Octet16, -- Tag '5A'
 *     notifyStateChange [0] NULL OPTIONAL, -- Notification to the eIM that it should update its information about the eUICC (e.g. list of profiles, profile states...)
 *     stateChangeCause [1] StateChangeCause OPTIONAL, -- Provide the cause of the notified state change(s)
 *     rPLMN [2] OCTET STRING (SIZE(3)) OPTIONAL -- MCC and MNC of the last registered PLMN, coded as defined in 3GPP TS 24.008 [22]
 * }
 * ```
 */
export const GetEimPackageRequest = sequence(0xbf4f, {
  eidValue: octet16(0x5a),
  notifyStateChange: optional(nullValue(0x80)),
  stateChangeCause: optional(integer(0x81, StateChangeCauses)),
  rPLMN: optional(octetString(0x82, [3, 3])),
});
export type GetEimPackageRequest = Infer<typeof GetEimPackageRequest>;

/**
 * ```asn
 * GetEimPackageResponse ::= [79] CHOICE { -- Tag 'BF4F'
 *     euiccPackageRequest [81] EuiccPackageRequest, -- Tag 'BF51'
 *     ipaEuiccDataRequest [82] IpaEuiccDataRequest, -- Tag 'BF52'
 *     profileDownloadTriggerRequest [84] ProfileDownloadTriggerRequest, -- Tag 'BF54'
 *     eimPackageError INTEGER {
 *         noEimPackageAvailable(1),
 *         eidNotFound(2),
 *         invalidEid(3),
 *         missingEid(4),
 *         undefinedError(127)
 *     }
 * }
 * ```
 */
export const GetEimPackageResponse = explicit(
  0xbf4f,
  choice({
    euiccPackageRequest: EuiccPackageRequest,
    ipaEuiccDataRequest: IpaEuiccDataRequest,
    profileDownloadTriggerRequest: ProfileDownloadTriggerRequest,
    eimPackageError: integer(0x02, {
      noEimPackageAvailable: 1,
      eidNotFound: 2,
      invalidEid: 3,
      missingEid: 4,
      undefinedError: 127,
    }),
  }),
);
export type GetEimPackageResponse = Infer<typeof GetEimPackageResponse>;

/** The codes of EimPackageResultErrorCode (SGP.32 6.3.2.7), by name. */
export const EimPackageResultErrorCodes = {
  invalidPackageFormat: 1,
  unknownPackage: 2,
  undefinedError: 127,
} as const;
export type EimPackageResultErrorCodeName = keyof typeof EimPackageResultErrorCodes;
/**
 * ```asn
 * EimPackageResultErrorCode ::= INTEGER {
 *     invalidPackageFormat(1),
 *     unknownPackage(2),
 *     undefinedError(127)
 * }
 * ```
 */
export const EimPackageResultErrorCode = integer(0x02, EimPackageResultErrorCodes);
/**
 * ```asn
 * EimPackageResultResponseError ::= SEQUENCE {
 *     eimTransactionId [0] TransactionId OPTIONAL,
 *     eimPackageResultErrorCode EimPackageResultErrorCode
 * }
 * ```
 */
export const EimPackageResultResponseError = sequence(0xa0, {
  eimTransactionId: optional(transactionId(0x80)),
  eimPackageResultErrorCode: EimPackageResultErrorCode,
});

/** `ePRAndNotifications`: an EPR with the notifications the IPA read after it (SGP.32 3.3.1 step 4). */
const ePRAndNotifications = sequence(0x30, {
  euiccPackageResult: EuiccPackageResult,
  notificationList: pendingNotificationList(0xa0),
});

/**
 * ```asn
 * EimPackageResult ::= CHOICE {
 *     euiccPackageResult [81] EuiccPackageResult, -- Tag 'BF51'
 *     ePRAndNotifications SEQUENCE {
 *         euiccPackageResult [81] EuiccPackageResult, -- Tag 'BF51'
 *         notificationList [0] PendingNotificationList -- Tag 'A0'
 *     },
 *     ipaEuiccDataResponse [82] IpaEuiccDataResponse, -- Tag 'BF52'
 *     profileDownloadTriggerResult [84] ProfileDownloadTriggerResult, -- Tag 'BF54'
 *     eimPackageResultResponseError [0] EimPackageResultResponseError
 * }
 * ```
 */
export const EimPackageResult = choice({
  euiccPackageResult: EuiccPackageResult,
  ePRAndNotifications,
  ipaEuiccDataResponse: IpaEuiccDataResponse,
  profileDownloadTriggerResult: ProfileDownloadTriggerResult,
  eimPackageResultResponseError: EimPackageResultResponseError,
});
export type EimPackageResult = Infer<typeof EimPackageResult>;

/**
 * ```asn
 * ProvideEimPackageResult ::= [80] SEQUENCE { -- Tag 'BF50'
 *     eidValue [APPLICATION 26] Octet16 OPTIONAL, -- Tag '5A'
 *     eimPackageResult EimPackageResult
 * }
 * ```
 */
export const ProvideEimPackageResult = sequence(0xbf50, {
  eidValue: optional(octet16(0x5a)),
  eimPackageResult: EimPackageResult,
});
export type ProvideEimPackageResult = Infer<typeof ProvideEimPackageResult>;

/**
 * ProvideEimPackageResult as the IPA reports an eUICC Package or a direct download: the EuiccPackageResult's
 * alternative, each notification and the ProfileInstallationResult are the eUICC's own TLVs (SGP.32 3.3.1: the IPA passes the eUICC's answers on; euiccSignEPR
 * and the notification signatures cover those bytes, which a re-encoding of the decoded value would lose
 * with any field our declarations skip). Values: `derOfChoice` of the decoded result / notifications.
 */
const euiccPackageResultAsSigned = explicit(0xbf51, new RawSchema(EuiccPackageResult.inner.tags));
export const ProvideEimPackageResultAsSigned = sequence(0xbf50, {
  eidValue: optional(octet16(0x5a)),
  eimPackageResult: choice({
    euiccPackageResult: euiccPackageResultAsSigned,
    ePRAndNotifications: sequence(0x30, {
      euiccPackageResult: euiccPackageResultAsSigned,
      notificationList: sequenceOf(0xa0, new RawSchema(Sgp32PendingNotification.tags)),
    }),
    profileDownloadTriggerResult: profileDownloadTriggerResult(
      new RawSchema(Sgp32ProfileInstallationResult.tags),
    ),
  }),
});

/**
 * ```asn
 * ProvideEimPackageResultResponse ::= [80] CHOICE { -- Tag 'BF50'
 *     eimAcknowledgements [83] EimAcknowledgements, -- Tag 'BF53'
 *     emptyResponse SEQUENCE {}, -- because EimAcknowledgements was OPTIONAL
 *     provideEimPackageResultError INTEGER {
 *         eidNotFound(2),
 *         invalidEid(3),
 *         missingEid(4),
 *         undefinedError(127)
 *     }
 * }
 * ```
 */
export const ProvideEimPackageResultResponse = explicit(
  0xbf50,
  choice({
    eimAcknowledgements: EimAcknowledgements,
    emptyResponse: sequence(0x30, {}),
    provideEimPackageResultError: integer(0x02, {
      eidNotFound: 2,
      invalidEid: 3,
      missingEid: 4,
      undefinedError: 127,
    }),
  }),
);

/**
 * ```asn
 * HandleNotificationEsipa ::= [61] CHOICE { -- Tag 'BF3D'
 *     pendingNotification [0] SGP32-PendingNotification, -- A Notification to be delivered to a Notification Receiver, possibly in compact format
 *     provideEimPackageResult [80] ProvideEimPackageResult -- Tag 'BF50'
 * }
 * ```
 */
export const HandleNotificationEsipa = explicit(
  0xbf3d,
  choice({
    pendingNotification: explicit(0xa0, Sgp32PendingNotification),
    provideEimPackageResult: ProvideEimPackageResult,
  }),
);

/**
 * ```asn
 * TransferEimPackageRequest ::= [78] CHOICE { -- Tag 'BF4E'
 *     euiccPackageRequest [81] EuiccPackageRequest, -- Tag 'BF51'
 *     ipaEuiccDataRequest [82] IpaEuiccDataRequest, -- Tag 'BF52'
 *     eimAcknowledgements [83] EimAcknowledgements, -- Tag 'BF53'
 *     profileDownloadTriggerRequest [84] ProfileDownloadTriggerRequest -- Tag 'BF54'
 * }
 * ```
 */
export const TransferEimPackageRequest = explicit(
  0xbf4e,
  choice({
    euiccPackageRequest: EuiccPackageRequest,
    ipaEuiccDataRequest: IpaEuiccDataRequest,
    eimAcknowledgements: EimAcknowledgements,
    profileDownloadTriggerRequest: ProfileDownloadTriggerRequest,
  }),
);

/**
 * ```asn
 * TransferEimPackageResponse ::= [78] CHOICE { -- Tag 'BF4E'
 *     euiccPackageResult [81] EuiccPackageResult, -- Tag 'BF51'
 *     ePRAndNotifications SEQUENCE {
 *         euiccPackageResult [81] EuiccPackageResult, -- Tag 'BF51'
 *         notificationList [0] PendingNotificationList  -- Tag 'A0'
 *     },
 *     ipaEuiccDataResponse [82] IpaEuiccDataResponse, -- Tag 'BF52'
 *     eimPackageReceived NULL,
 *     eimPackageError INTEGER {
 *         invalidPackageFormat(1),
 *         unknownPackage(2),
 *         undefinedError(127)
 *     }
 * }
 * ```
 */
export const TransferEimPackageResponse = explicit(
  0xbf4e,
  choice({
    euiccPackageResult: EuiccPackageResult,
    ePRAndNotifications,
    ipaEuiccDataResponse: IpaEuiccDataResponse,
    eimPackageReceived: nullValue(),
    eimPackageError: integer(0x02, { invalidPackageFormat: 1, unknownPackage: 2, undefinedError: 127 }),
  }),
);

/**
 * ```asn
 * EsipaMessageFromIpaToEim ::= CHOICE {
 *     initiateAuthenticationRequestEsipa [57] InitiateAuthenticationRequestEsipa, -- Tag 'BF39'
 *     authenticateClientRequestEsipa [59] AuthenticateClientRequestEsipa, -- Tag 'BF3B'
 *     getBoundProfilePackageRequestEsipa [58] GetBoundProfilePackageRequestEsipa, -- Tag 'BF3A'
 *     cancelSessionRequestEsipa [65] CancelSessionRequestEsipa, -- Tag 'BF41'
 *     handleNotificationEsipa [61] HandleNotificationEsipa, -- Tag 'BF3D'
 *     transferEimPackageResponse [78] TransferEimPackageResponse, -- Tag 'BF4E'
 *     getEimPackageRequest [79] GetEimPackageRequest, -- Tag 'BF4F'
 *     provideEimPackageResult [80] ProvideEimPackageResult -- Tag 'BF50'
 * }
 * ```
 */
export const EsipaMessageFromIpaToEim = choice({
  initiateAuthenticationRequestEsipa: InitiateAuthenticationRequestEsipa,
  authenticateClientRequestEsipa: AuthenticateClientRequestEsipa,
  getBoundProfilePackageRequestEsipa: GetBoundProfilePackageRequestEsipa,
  cancelSessionRequestEsipa: CancelSessionRequestEsipa,
  handleNotificationEsipa: HandleNotificationEsipa,
  transferEimPackageResponse: TransferEimPackageResponse,
  getEimPackageRequest: GetEimPackageRequest,
  provideEimPackageResult: ProvideEimPackageResult,
});
export type EsipaMessageFromIpaToEim = Infer<typeof EsipaMessageFromIpaToEim>;

/**
 * ```asn
 * EsipaMessageFromEimToIpa ::= CHOICE {
 *     initiateAuthenticationResponseEsipa [57] InitiateAuthenticationResponseEsipa, -- Tag 'BF39'
 *     authenticateClientResponseEsipa [59] AuthenticateClientResponseEsipa, -- Tag 'BF3B'
 *     getBoundProfilePackageResponseEsipa [58] GetBoundProfilePackageResponseEsipa, -- Tag 'BF3A'
 *     cancelSessionResponseEsipa [65] CancelSessionResponseEsipa, -- Tag 'BF41'
 *     transferEimPackageRequest [78] TransferEimPackageRequest, -- Tag 'BF4E'
 *     getEimPackageResponse [79] GetEimPackageResponse, -- Tag 'BF4F'
 *     provideEimPackageResultResponse [80] ProvideEimPackageResultResponse -- Tag 'BF50'
 * }
 * ```
 */
export const EsipaMessageFromEimToIpa = choice({
  initiateAuthenticationResponseEsipa: InitiateAuthenticationResponseEsipa,
  authenticateClientResponseEsipa: AuthenticateClientResponseEsipa,
  getBoundProfilePackageResponseEsipa: GetBoundProfilePackageResponseEsipa,
  cancelSessionResponseEsipa: CancelSessionResponseEsipa,
  transferEimPackageRequest: TransferEimPackageRequest,
  getEimPackageResponse: GetEimPackageResponse,
  provideEimPackageResultResponse: ProvideEimPackageResultResponse,
});
export type EsipaMessageFromEimToIpa = Infer<typeof EsipaMessageFromEimToIpa>;
