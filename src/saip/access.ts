/**
 * The profile elements that give a profile its secrets (PEDefinitions 3.3.1 sections 8.4 and 8.5): PIN
 * and PUK codes, the NAA's AKA parameters (Milenage, TUAK, the USIM test algorithm) and CDMA's CAVE keys.
 */
import {
  choice,
  defaulted,
  explicit,
  type Infer,
  integer,
  octetString,
  optional,
  sequenceOf,
} from '../asn1/schema.ts';
import { peHeader, peSequence, uint } from './common.ts';

/**
 * ```asn
 * PUKKeyReferenceValue ::= INTEGER {
 * pukAppl1(1),        -- PUK Reference 1
 * pukAppl2(2),         -- PUK Reference 2
 * pukAppl3(3),         -- PUK Reference 3
 * pukAppl4(4),         -- PUK Reference 4
 * pukAppl5(5),         -- PUK Reference 5
 * pukAppl6(6),         -- PUK Reference 6
 * pukAppl7(7),         -- PUK Reference 7
 * pukAppl8(8),         -- PUK Reference 8
 * secondPUKAppl1(129),    -- PUK Reference 9
 * secondPUKAppl2(130),     -- PUK Reference 10
 * secondPUKAppl3(131),     -- PUK Reference 11
 * secondPUKAppl4(132),     -- PUK Reference 12
 * secondPUKAppl5(133),     -- PUK Reference 13
 * secondPUKAppl6(134),     -- PUK Reference 14
 * secondPUKAppl7(135),     -- PUK Reference 15
 * secondPUKAppl8(136)     -- PUK Reference 16
 * }
 * ```
 */
const PUK_KEY_REFERENCES: Record<string, number> = {};
for (let n = 1; n <= 8; n++) {
  PUK_KEY_REFERENCES[`pukAppl${n}`] = n;
  PUK_KEY_REFERENCES[`secondPUKAppl${n}`] = 128 + n;
}

/**
 * ```asn
 * PINKeyReferenceValue ::= INTEGER {
 * pinAppl1(1),        -- PIN global of App 1
 * pinAppl2(2),         -- PIN global of App 2
 * pinAppl3(3),         -- PIN global of App 3
 * pinAppl4(4),         -- PIN global of App 4
 * pinAppl5(5),         -- PIN global of App 5
 * pinAppl6(6),         -- PIN global of App 6
 * pinAppl7(7),         -- PIN global of App 7
 * pinAppl8(8),         -- PIN global of App 8
 * adm1(10),            -- Administrative Key 1
 * adm2(11),             -- Administrative Key 2
 * adm3(12),             -- Administrative Key 3
 * adm4(13),             -- Administrative Key 4
 * adm5(14),             -- Administrative Key 5
 * secondPINAppl1(129),    -- PIN local of App 1
 * secondPINAppl2(130),     -- PIN local of App 2
 * secondPINAppl3(131),     -- PIN local of App 3
 * secondPINAppl4(132),     -- PIN local of App 4
 * secondPINAppl5(133),     -- PIN local of App 5
 * secondPINAppl6(134),     -- PIN local of App 6
 * secondPINAppl7(135),     -- PIN local of App 7
 * secondPINAppl8(136),     -- PIN local of App 8
 * adm6(138),             -- Administrative Key 6
 * adm7(139),             -- Administrative Key 7
 * adm8(140),             -- Administrative Key 8
 * adm9(141),             -- Administrative Key 9
 * adm10(142)             -- Administrative Key 10
 * }
 * ```
 */
export const PIN_KEY_REFERENCES: Record<string, number> = {};
for (let n = 1; n <= 8; n++) {
  PIN_KEY_REFERENCES[`pinAppl${n}`] = n;
  PIN_KEY_REFERENCES[`secondPINAppl${n}`] = 128 + n;
}
for (let n = 1; n <= 5; n++) {
  PIN_KEY_REFERENCES[`adm${n}`] = 9 + n;
  PIN_KEY_REFERENCES[`adm${n + 5}`] = 137 + n;
}

/**
 * ```asn
 * PINConfiguration ::= SEQUENCE {
 *     keyReference PINKeyReferenceValue,
 *     pinValue OCTET STRING (SIZE (8)),
 *     unblockingPINReference PUKKeyReferenceValue OPTIONAL,
 *     pinAttributes UInt8 DEFAULT 7,
 *     maxNumOfAttemps-retryNumLeft UInt8 DEFAULT 51
 * }
 * ```
 */
export const PINConfiguration = peSequence(0x30, {
  keyReference: integer(0x80, PIN_KEY_REFERENCES),
  pinValue: octetString(0x81, [8, 8]),
  unblockingPINReference: optional(integer(0x82, PUK_KEY_REFERENCES)),
  pinAttributes: defaulted(uint(0x83), 7),
  maxNumOfAttempsRetryNumLeft: defaulted(uint(0x84), 51),
});
export type PINConfiguration = Infer<typeof PINConfiguration>;

/**
 * ```asn
 * PE-PINCodes ::= SEQUENCE {
 *     pin-Header PEHeader,
 * pinCodes CHOICE {
 *     pinconfig SEQUENCE (SIZE (1..26))OF PINConfiguration,
 *     filePath OCTET STRING (SIZE (0..8))
 * }
 * }
 * ```
 * ProfileElement alternative 'pinCodes' [2]; the CHOICE [1] is explicitly tagged (X.680 31.2.7)
 */
export const PE_PINCodes = peSequence(0xa2, {
  pinHeader: peHeader(0xa0),
  pinCodes: explicit(
    0xa1,
    choice({ pinconfig: sequenceOf(0xa0, PINConfiguration), filePath: octetString(0x81, [0, 8]) }),
  ),
});

/**
 * ```asn
 * PUKConfiguration ::= SEQUENCE {
 *     keyReference PUKKeyReferenceValue,
 *     pukValue OCTET STRING (SIZE (8)),
 *     maxNumOfAttemps-retryNumLeft UInt8 DEFAULT 170
 * }
 * ```
 */
export const PUKConfiguration = peSequence(0x30, {
  keyReference: integer(0x80, PUK_KEY_REFERENCES),
  pukValue: octetString(0x81, [8, 8]),
  maxNumOfAttempsRetryNumLeft: defaulted(uint(0x82), 170),
});
export type PUKConfiguration = Infer<typeof PUKConfiguration>;

/**
 * ```asn
 * PE-PUKCodes ::= SEQUENCE {
 *     puk-Header PEHeader,
 * pukCodes SEQUENCE (SIZE (1..16))OF PUKConfiguration
 * }
 * ```
 * ProfileElement alternative 'pukCodes' [3]
 */
export const PE_PUKCodes = peSequence(0xa3, {
  pukHeader: peHeader(0xa0),
  pukCodes: sequenceOf(0xa1, PUKConfiguration),
});

/**
 * ```asn
 * MappingParameter ::= SEQUENCE {
 * mappingOptions    OCTET STRING (SIZE(1)),
 *     mappingSource    ApplicationIdentifier
 * }
 * ```
 */
const MappingParameter = peSequence(0xa0, {
  mappingOptions: octetString(0x80, [1, 1]),
  mappingSource: octetString(0x81, [5, 16]),
});

export const ALGORITHM_IDS = { milenage: 1, tuak: 2, 'usim-test-algorithm': 3 } as const;

/** The DEFAULT of AlgoParameter's rotationConstants: r1..r5 of Milenage (3GPP TS 35.206 4.1). */
export const MILENAGE_ROTATION_CONSTANTS = Buffer.from('4000204060', 'hex');
/**
 * The DEFAULT of AlgoParameter's xoringConstants: c1..c5 of 3GPP TS 35.206 4.1, that is 0, then 1, 2, 4
 * and 8 in the last bit of each 128-bit constant.
 */
export const MILENAGE_XORING_CONSTANTS = Buffer.concat(
  [0, 1, 2, 4, 8].map((c) => Buffer.concat([Buffer.alloc(15), Buffer.from([c])])),
);
/**
 * ```asn
 * AlgoParameter ::= SEQUENCE {
 * algorithmID INTEGER {
 *    milenage(1),
 *    tuak(2),
 *    usim-test-algorithm(3)
 * },
 * algorithmOptions    OCTET STRING (SIZE(1)),
 * key OCTET STRING,
 * opc OCTET STRING,
 *     rotationConstants    OCTET STRING (SIZE (5)) DEFAULT '4000204060'H,
 * xoringConstants    OCTET STRING (SIZE (80)) DEFAULT '0000000000000000000000000000000000000000000000000000000000000001000000000000000000000000000000020000000000000000000000000000000400000000000000000000000000000008 'H,
 * authCounterMax    OCTET STRING (SIZE(3)) OPTIONAL,
 * numberOfKeccak    UInt8 DEFAULT 1
 * }
 * ```
 */
export const AlgoParameter = peSequence(0xa1, {
  algorithmID: integer(0x80, ALGORITHM_IDS),
  algorithmOptions: octetString(0x81, [1, 1]),
  key: octetString(0x82),
  opc: octetString(0x83),
  rotationConstants: defaulted(octetString(0x84, [5, 5]), MILENAGE_ROTATION_CONSTANTS),
  xoringConstants: defaulted(octetString(0x85, [80, 80]), MILENAGE_XORING_CONSTANTS),
  authCounterMax: optional(octetString(0x86, [3, 3])),
  numberOfKeccak: defaulted(uint(0x87), 1),
});
export type AlgoParameter = Infer<typeof AlgoParameter>;

/**
 * ```asn
 * PE-AKAParameter ::= SEQUENCE {
 *     aka-header PEHeader,
 * algoConfiguration CHOICE {
 *         mappingParameter    MappingParameter,
 *         algoParameter    AlgoParameter
 * },
 * sqnOptions        OCTET STRING (SIZE(1)) DEFAULT '02'H,
 * -- maximum value for sqnDelta and sqnAgeLimit is '07FFFFFFFFFF'H
 * sqnDelta        OCTET STRING (SIZE(6)) DEFAULT '000010000000'H,
 * sqnAgeLimit     OCTET STRING (SIZE(6)) DEFAULT '000010000000'H,
 * -- Sequence numbers do not include the index (IND)
 * -- maximum for any values within sqnInit is '07FFFFFFFFFF'H
 * sqnInit SEQUENCE (SIZE (32)) OF OCTET STRING (SIZE (6)) DEFAULT '000000000000'H
 * }
 * ```
 * ProfileElement alternative 'akaParameter' [4]; the CHOICE [1] is explicitly tagged.
 * The module's DEFAULT of sqnInit is not a value of its type; an absent sqnInit means 32 zero SQNs.
 */
export const PE_AKAParameter = peSequence(0xa4, {
  akaHeader: peHeader(0xa0),
  algoConfiguration: explicit(
    0xa1,
    choice({ mappingParameter: MappingParameter, algoParameter: AlgoParameter }),
  ),
  sqnOptions: defaulted(octetString(0x82, [1, 1]), Buffer.from([0x02])),
  sqnDelta: defaulted(octetString(0x83, [6, 6]), Buffer.from('000010000000', 'hex')),
  sqnAgeLimit: defaulted(octetString(0x84, [6, 6]), Buffer.from('000010000000', 'hex')),
  sqnInit: optional(sequenceOf(0xa5, octetString(0x04, [6, 6]))),
});
export type PE_AKAParameter = Infer<typeof PE_AKAParameter>;

/**
 * ```asn
 * PE-CDMAParameter ::= SEQUENCE {
 *     cdma-header PEHeader,
 * authenticationKey OCTET STRING (SIZE(8)),
 * ssd OCTET STRING (SIZE (16)) OPTIONAL,
 * hrpdAccessAuthenticationData OCTET STRING (SIZE (2..32)) OPTIONAL,
 * simpleIPAuthenticationData OCTET STRING (SIZE (3..483)) OPTIONAL,
 * mobileIPAuthenticationData OCTET STRING (SIZE (5..957)) OPTIONAL
 * }
 * ```
 * ProfileElement alternative 'cdmaParameter' [5]
 */
export const PE_CDMAParameter = peSequence(0xa5, {
  cdmaHeader: peHeader(0xa0),
  authenticationKey: octetString(0x81, [8, 8]),
  ssd: optional(octetString(0x82, [16, 16])),
  hrpdAccessAuthenticationData: optional(octetString(0x83, [2, 32])),
  simpleIPAuthenticationData: optional(octetString(0x84, [3, 483])),
  mobileIPAuthenticationData: optional(octetString(0x85, [5, 957])),
});
