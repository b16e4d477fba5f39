/**
 * The ES10b functions SGP.32 adds for the IoT eUICC (SGP.32 5.9): AddInitialEim (5.9.4), eUICCMemoryReset
 * (5.9.5), GetCerts (5.9.10), ImmediateEnable (5.9.15), ProfileRollback (5.9.16),
 * ConfigureImmediateProfileEnabling (5.9.17), GetEimConfigurationData (5.9.18), ExecuteFallbackMechanism and
 * ReturnFromFallback (5.9.20 / 5.9.21), Enable/DisableEmergencyProfile (5.9.22 / 5.9.23),
 * GetConnectivityParameters (5.9.24). Single untagged components get automatic tags ('80').
 */

import { subjectKeyIdentifier } from '../rsp/common.ts';
import {
  boolean,
  choice,
  explicit,
  type Infer,
  integer,
  namedBitString,
  nullValue,
  objectIdentifier,
  octetString,
  optional,
  sequence,
  sequenceOf,
  utf8String,
} from '../schema.ts';
import { eimConfigurationData, eimId, taggedCertificate } from './common.ts';
import { AddEimResultCodes, EuiccPackageResult } from './euicc-package.ts';

/**
 * ```asn
 * AddInitialEimRequest ::= [87] SEQUENCE { -- Tag 'BF57'
 *     eimConfigurationDataList [0] SEQUENCE OF EimConfigurationData
 * }
 * ```
 */
export const AddInitialEimRequest = sequence(0xbf57, {
  eimConfigurationDataList: sequenceOf(0xa0, eimConfigurationData()),
});
export type AddInitialEimRequest = Infer<typeof AddInitialEimRequest>;

/**
 * ```asn
 * AddInitialEimResponse ::= [87] CHOICE { -- Tag 'BF57'
 *     addInitialEimOk SEQUENCE OF CHOICE {
 *         associationToken [4] INTEGER,
 *         addOk NULL
 *     },
 *     addInitialEimError INTEGER {
 *         insufficientMemory(1),
 *         associatedEimAlreadyExists (2),
 *         ciPKUnknown(3),
 *         invalidAssociationToken(5),
 *         counterValueOutOfRange(6),
 *         commandError(7),
 *         undefinedError(127)
 *     }
 * }
 * ```
 * Both alternatives are untagged, so automatic tagging gives them 'A0' and '81' (the reference README's
 * "error 02" contradicts X.680 29.3; this reading is recorded in docs/sgp32-readings.md). The inner CHOICE has
 * a tagged alternative: '84' or NULL's own '05'.
 */
export const AddInitialEimResponse = explicit(
  0xbf57,
  choice({
    addInitialEimOk: sequenceOf(0xa0, choice({ associationToken: integer(0x84), addOk: nullValue() })),
    addInitialEimError: integer(0x81, {
      insufficientMemory: AddEimResultCodes.insufficientMemory,
      associatedEimAlreadyExists: AddEimResultCodes.associatedEimAlreadyExists,
      ciPKUnknown: AddEimResultCodes.ciPKUnknown,
      invalidAssociationToken: AddEimResultCodes.invalidAssociationToken,
      counterValueOutOfRange: AddEimResultCodes.counterValueOutOfRange,
      commandError: AddEimResultCodes.commandError,
      undefinedError: AddEimResultCodes.undefinedError,
    }),
  }),
);
export type AddInitialEimResponse = Infer<typeof AddInitialEimResponse>;

/**
 * ```asn
 * SGP32-EuiccMemoryResetRequest ::= [100] SEQUENCE { -- Tag 'BF64'
 *     resetOptions [2] BIT STRING {
 *         deleteOperationalProfiles(0),
 *         deleteFieldLoadedTestProfiles(1),
 *         resetDefaultSmdpAddress(2),
 *         deletePreLoadedTestProfiles(3),
 *         deleteProvisioningProfiles(4),
 *         resetEimConfigData(5),
 *         resetImmediateEnableConfig (6)
 *     }
 * }
 * ```
 */
export const Sgp32EuiccMemoryResetRequest = sequence(0xbf64, {
  resetOptions: namedBitString(0x82, [
    'deleteOperationalProfiles',
    'deleteFieldLoadedTestProfiles',
    'resetDefaultSmdpAddress',
    'deletePreLoadedTestProfiles',
    'deleteProvisioningProfiles',
    'resetEimConfigData',
    'resetImmediateEnableConfig',
  ]),
});

/**
 * ```asn
 * SGP32-EuiccMemoryResetResponse ::= [100] SEQUENCE { -- Tag 'BF64'
 *     resetResult INTEGER {ok(0), nothingToDelete(1), catBusy(5), ecallActive(104), undefinedError(127)},
 *     resetEimResult INTEGER {ok(0), nothingToDelete(1), eimResetNotSupported(2), undefinedError(127)} OPTIONAL,
 *     resetImmediateEnableConfigResult INTEGER {ok(0), resetIECNotSupported (1), undefinedError(127)} OPTIONAL
 * }
 * ```
 */
export const Sgp32EuiccMemoryResetResponse = sequence(0xbf64, {
  resetResult: integer(0x80, {
    ok: 0,
    nothingToDelete: 1,
    catBusy: 5,
    ecallActive: 104,
    undefinedError: 127,
  }),
  resetEimResult: optional(
    integer(0x81, { ok: 0, nothingToDelete: 1, eimResetNotSupported: 2, undefinedError: 127 }),
  ),
  resetImmediateEnableConfigResult: optional(
    integer(0x82, { ok: 0, resetIECNotSupported: 1, undefinedError: 127 }),
  ),
});

/**
 * ```asn
 * GetCertsRequest ::= [86] SEQUENCE { -- Tag 'BF56'
 *     euiccCiPKId SubjectKeyIdentifier OPTIONAL -- CI Public Key Identifier supported on the eUICC for signature creation
 * }
 * ```
 */
export const GetCertsRequest = sequence(0xbf56, { euiccCiPKId: optional(subjectKeyIdentifier(0x80)) });
export type GetCertsRequest = Infer<typeof GetCertsRequest>;

/**
 * ```asn
 * GetCertsResponse ::= [86] CHOICE { -- Tag 'BF56'
 *     certs SEQUENCE {
 *         eumCertificate [5] Certificate, -- Tag 'A5'
 *         euiccCertificate [6] Certificate -- Tag 'A6'
 *     },
 *     getCertsError INTEGER {invalidCiPKId(1), undfinedError(127)}
 * }
 * ```
 * (the certificates under implicit tags: 'A5' / 'A6' replace their '30'; the value is the certificate DER)
 */
export const GetCertsResponse = explicit(
  0xbf56,
  choice({
    certs: sequence(0xa0, {
      eumCertificate: taggedCertificate(0xa5),
      euiccCertificate: taggedCertificate(0xa6),
    }),
    getCertsError: integer(0x81, { invalidCiPKId: 1, undfinedError: 127 }),
  }),
);
export type GetCertsResponse = Infer<typeof GetCertsResponse>;

/** `[n] SEQUENCE { refreshFlag BOOLEAN }`: the request of every IPA-initiated profile switch (automatic [0]). */
const refreshFlagRequest = (tag: number) => sequence(tag, { refreshFlag: boolean(0x80) });

/**
 * ```asn
 * ImmediateEnableRequest ::= [90] SEQUENCE { -- Tag 'BF5A'
 *     refreshFlag BOOLEAN -- indicating whether REFRESH is required
 * }
 * ```
 */
export const ImmediateEnableRequest = refreshFlagRequest(0xbf5a);

/** The named values of ImmediateEnableResponse's result. */
export const ImmediateEnableResults = {
  ok: 0,
  immediateEnableNotAvailable: 1,
  noSessionContext: 4,
  catBusy: 5,
  undefinedError: 127,
} as const;
/**
 * ```asn
 * ImmediateEnableResponse ::= [90] SEQUENCE { -- Tag 'BF5A'
 *     immediateEnableResult [0] INTEGER {
 *         ok(0),
 *         immediateEnableNotAvailable (1),
 *         noSessionContext(4),
 *         catBusy(5),
 *         undefinedError(127)
 *     }
 * }
 * ```
 */
export const ImmediateEnableResponse = sequence(0xbf5a, {
  immediateEnableResult: integer(0x80, ImmediateEnableResults),
});

/**
 * ```asn
 * ProfileRollbackRequest ::= [88] SEQUENCE { -- Tag 'BF58'
 *     refreshFlag BOOLEAN -- indicating whether REFRESH is required
 * }
 * ```
 */
export const ProfileRollbackRequest = refreshFlagRequest(0xbf58);

/** The named values of ProfileRollbackResponse's cmdResult. */
export const ProfileRollbackResults = {
  ok: 0,
  rollbackNotAllowed: 1,
  catBusy: 5,
  commandError: 7,
  undefinedError: 127,
} as const;

/**
 * ```asn
 * ProfileRollbackResponse ::= [88] SEQUENCE { -- Tag 'BF58'
 *     cmdResult INTEGER {
 *         ok(0),
 *         rollbackNotAllowed(1), -- Usage of rollback was not granted by the eIM
 *         catBusy(5),
 *         commandError(7),
 *         undefinedError(127)
 *     },
 *     eUICCPackageResult [81] EuiccPackageResult OPTIONAL
 * }
 * ```
 * (a tagged component: no automatic tags, cmdResult keeps '02')
 */
export const ProfileRollbackResponse = sequence(0xbf58, {
  cmdResult: integer(0x02, ProfileRollbackResults),
  eUICCPackageResult: optional(EuiccPackageResult),
});
export type ProfileRollbackResponse = Infer<typeof ProfileRollbackResponse>;

/**
 * ```asn
 * ConfigureImmediateProfileEnablingRequest ::= [89] SEQUENCE { -- Tag 'BF59'
 *     immediateEnableFlag [0] NULL OPTIONAL,
 *     defaultSmdpOid [1] OBJECT IDENTIFIER OPTIONAL,
 *     defaultSmdpAddress [2] UTF8String OPTIONAL
 * }
 * ```
 */
export const ConfigureImmediateProfileEnablingRequest = sequence(0xbf59, {
  immediateEnableFlag: optional(nullValue(0x80)),
  defaultSmdpOid: optional(objectIdentifier(0x81)),
  defaultSmdpAddress: optional(utf8String(0x82)),
});

/**
 * ```asn
 * ConfigureImmediateProfileEnablingResponse ::= [89] SEQUENCE { -- Tag 'BF59'
 *     configImmediateEnableResult [0] INTEGER {
 *         ok(0),
 *         insufficientMemory(1),
 *         associatedEimAlreadyExists(2),
 *         undefinedError(127)
 *     }
 * }
 * ```
 */
export const ConfigureImmediateProfileEnablingResponse = sequence(0xbf59, {
  configImmediateEnableResult: integer(0x80, {
    ok: 0,
    insufficientMemory: 1,
    associatedEimAlreadyExists: 2,
    undefinedError: 127,
  }),
});

/**
 * ```asn
 * GetEimConfigurationDataRequest ::= [85] SEQUENCE { -- Tag 'BF55'
 *     searchCriteria CHOICE {
 *         eimId [0] UTF8String (SIZE(1..128))
 *     } OPTIONAL
 * }
 * ```
 * (the only component is an untagged CHOICE: automatic tagging wraps it in 'A0'; IPAs send `BF55 00`)
 */
export const GetEimConfigurationDataRequest = sequence(0xbf55, {
  searchCriteria: optional(explicit(0xa0, choice({ eimId: eimId(0x80) }))),
});
export type GetEimConfigurationDataRequest = Infer<typeof GetEimConfigurationDataRequest>;

/**
 * ```asn
 * GetEimConfigurationDataResponse ::= [85] SEQUENCE { -- Tag 'BF55'
 *     eimConfigurationDataList [0] SEQUENCE OF EimConfigurationData
 * }
 * ```
 */
export const GetEimConfigurationDataResponse = sequence(0xbf55, {
  eimConfigurationDataList: sequenceOf(0xa0, eimConfigurationData()),
});
export type GetEimConfigurationDataResponse = Infer<typeof GetEimConfigurationDataResponse>;

/**
 * ```asn
 * ExecuteFallbackMechanismRequest ::= [93] SEQUENCE { -- Tag ' BF5D'
 *     refreshFlag BOOLEAN -- indicating whether REFRESH is required
 * }
 * ```
 */
export const ExecuteFallbackMechanismRequest = refreshFlagRequest(0xbf5d);

/** The named values of ExecuteFallbackMechanismResponse's result. */
export const ExecuteFallbackMechanismResults = {
  ok: 0,
  profileNotInDisabledState: 2,
  catBusy: 5,
  fallbackNotAvailable: 6,
  commandError: 7,
  ecallActive: 104,
  undefinedError: 127,
} as const;

/**
 * ```asn
 * ExecuteFallbackMechanismResponse ::= [93] SEQUENCE { -- Tag ' BF5D'
 *     executeFallbackMechanismResult [0] INTEGER {
 *         ok(0),
 *         profileNotInDisabledState(2),
 *         catBusy(5),
 *         fallbackNotAvailable(6), -- Fallback Attribute not set
 *         commandError(7),
 *         ecallActive(104),
 *         undefinedError(127)
 *     }
 * }
 * ```
 */
export const ExecuteFallbackMechanismResponse = sequence(0xbf5d, {
  executeFallbackMechanismResult: integer(0x80, ExecuteFallbackMechanismResults),
});

/**
 * ```asn
 * ReturnFromFallbackRequest ::= [94] SEQUENCE { -- Tag 'BF5E'
 *     refreshFlag BOOLEAN -- indicating whether REFRESH is required
 * }
 * ```
 */
export const ReturnFromFallbackRequest = refreshFlagRequest(0xbf5e);

/** The named values of ReturnFromFallbackResponse's result. */
export const ReturnFromFallbackResults = {
  ok: 0,
  catBusy: 5,
  fallbackNotAvailable: 6,
  commandError: 7,
  undefinedError: 127,
} as const;

/**
 * ```asn
 * ReturnFromFallbackResponse ::= [94] SEQUENCE { -- Tag 'BF5E'
 *     returnFromFallbackResult [0] INTEGER {
 *         ok(0),
 *         catBusy(5),
 *         fallbackNotAvailable(6), -- Fallback Attribute not set
 *         commandError(7),
 *         undefinedError(127)
 *     }
 * }
 * ```
 */
export const ReturnFromFallbackResponse = sequence(0xbf5e, {
  returnFromFallbackResult: integer(0x80, ReturnFromFallbackResults),
});

/**
 * ```asn
 * EnableEmergencyProfileRequest ::= [91] SEQUENCE { -- Tag 'BF5B'
 *     refreshFlag BOOLEAN -- indicating whether REFRESH is required
 * }
 * ```
 */
export const EnableEmergencyProfileRequest = refreshFlagRequest(0xbf5b);

/**
 * ```asn
 * EnableEmergencyProfileResponse ::= [91] SEQUENCE { -- Tag 'BF5B'
 *     enableEmergencyProfileResult [0] INTEGER {
 *         ok(0),
 *         profileNotInDisabledState(2),
 *         catBusy(5),
 *         ecallNotAvailable(8), -- Emergency Profile does not exist
 *         undefinedError(127)
 *     }
 * }
 * ```
 */
export const EnableEmergencyProfileResponse = sequence(0xbf5b, {
  enableEmergencyProfileResult: integer(0x80, {
    ok: 0,
    profileNotInDisabledState: 2,
    catBusy: 5,
    ecallNotAvailable: 8,
    undefinedError: 127,
  }),
});

/**
 * ```asn
 * DisableEmergencyProfileRequest ::= [92] SEQUENCE { -- Tag 'BF5C'
 *     refreshFlag BOOLEAN -- indicating whether REFRESH is required
 * }
 * ```
 */
export const DisableEmergencyProfileRequest = refreshFlagRequest(0xbf5c);

/**
 * ```asn
 * DisableEmergencyProfileResponse ::= [92] SEQUENCE { -- Tag 'BF5C'
 *     disableEmergencyProfileResult [0] INTEGER {
 *         ok(0),
 *         profileNotInEnabledState(2),
 *         catBusy(5),
 *         undefinedError(127)
 *     }
 * }
 * ```
 */
export const DisableEmergencyProfileResponse = sequence(0xbf5c, {
  disableEmergencyProfileResult: integer(0x80, {
    ok: 0,
    profileNotInEnabledState: 2,
    catBusy: 5,
    undefinedError: 127,
  }),
});

/**
 * ```asn
 * GetConnectivityParametersRequest ::= [95] SEQUENCE { -- Tag 'BF5F'
 * }
 * ```
 */
export const GetConnectivityParametersRequest = sequence(0xbf5f, {});

/**
 * ```asn
 * ConnectivityParameters ::= SEQUENCE {
 *     httpParams [1] OCTET STRING OPTIONAL    -- Also used for CoAP
 * }
 * ConnectivityParametersError ::= INTEGER {
 *     parametersNotAvailable(1),
 *     undefinedError(127)
 * }
 * GetConnectivityParametersResponse ::= [95] CHOICE { -- Tag 'BF5F'
 *     connectivityParameters ConnectivityParameters,
 *     connectivityParametersError ConnectivityParametersError
 * }
 * ```
 */
export const GetConnectivityParametersResponse = explicit(
  0xbf5f,
  choice({
    connectivityParameters: sequence(0xa0, { httpParams: optional(octetString(0x81)) }),
    connectivityParametersError: integer(0x81, { parametersNotAvailable: 1, undefinedError: 127 }),
  }),
);
