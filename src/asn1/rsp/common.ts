/**
 * Basic types of the SGP.22 RSPDefinitions module (AUTOMATIC TAGS, EXTENSIBILITY IMPLIED).
 * Tags are written as the module's comments give them. Where a SEQUENCE has a textually tagged component,
 * X.680 25.3 turns automatic tagging off for it and untagged components keep their universal tags.
 */
import {
  type Infer,
  integer,
  namedBitString,
  objectIdentifier,
  octetString,
  optional,
  rawTlv,
  sequence,
  utf8String,
} from '../schema.ts';

/**
 * ```asn
 * Octet1 ::= OCTET STRING(SIZE(1))
 * ```
 */
export const octet1 = (tag = 0x04) => octetString(tag, [1, 1]);
/**
 * ```asn
 * Octet2 ::= OCTET STRING (SIZE(2))
 * ```
 */
export const octet2 = (tag = 0x04) => octetString(tag, [2, 2]);
/**
 * ```asn
 * Octet8 ::= OCTET STRING (SIZE(8))
 * ```
 */
export const octet8 = (tag = 0x04) => octetString(tag, [8, 8]);
/**
 * ```asn
 * Octet16 ::= OCTET STRING (SIZE(16))
 * ```
 */
export const octet16 = (tag = 0x04) => octetString(tag, [16, 16]);
/**
 * ```asn
 * OctetTo16 ::= OCTET STRING (SIZE(1..16))
 * ```
 */
export const octetTo16 = (tag = 0x04) => octetString(tag, [1, 16]);
/**
 * ```asn
 * Octet32 ::= OCTET STRING (SIZE(32))
 * ```
 */
export const octet32 = (tag = 0x04) => octetString(tag, [32, 32]);

/**
 * ```asn
 * VersionType ::= OCTET STRING(SIZE(3)) -- major/minor/revision version are coded as binary value on byte 1/2/3, e.g. '02 00 0C' for v2.0.12.
 * ```
 */
export const versionType = (tag = 0x04) => octetString(tag, [3, 3]);

/**
 * ```asn
 * Iccid ::= [APPLICATION 26] OCTET STRING (SIZE(10)) -- ICCID as coded in EFiccid, corresponding tag is '5A'
 * ```
 */
export const Iccid = octetString(0x5a, [10, 10]);

/**
 * ```asn
 * TransactionId ::= OCTET STRING (SIZE(1..16))
 * ```
 */
export const transactionId = (tag = 0x04) => octetString(tag, [1, 16]);

/**
 * ```asn
 * RemoteOpId ::= [2] INTEGER {installBoundProfilePackage(1)}
 * ```
 */
export const RemoteOpId = integer(0x82, { installBoundProfilePackage: 1 });

/** SubjectKeyIdentifier ::= KeyIdentifier ::= OCTET STRING (PKIX1Implicit88, imported by RSPDefinitions). */
export const subjectKeyIdentifier = (tag = 0x04) => octetString(tag);

/** Certificate (PKIX1Explicit88): kept as its exact DER bytes; src/pki parses it. */
export const Certificate = rawTlv(0x30);

/** `[APPLICATION 55] OCTET STRING` (tag '5F37'): an ECDSA signature as r || s (SGP.22 2.6.5). */
export const signature = () => octetString(0x5f37);

/** `[APPLICATION 73] OCTET STRING` (tag '5F49'): an ECKA one-time public key (uncompressed point). */
export const otpk = () => octetString(0x5f49);

/** `[APPLICATION 15] OctetTo16` (tag '4F'): the AID of an ISD-P. */
export const isdpAid = () => octetTo16(0x4f);

/**
 * ```asn
 * ProfileState ::= INTEGER {disabled(0), enabled(1)}
 * ```
 */
export const ProfileStates = { disabled: 0, enabled: 1 } as const;
/** The named values of ProfileClass. */
export const ProfileClasses = { test: 0, provisioning: 1, operational: 2 } as const;
/**
 * ```asn
 * ProfileClass ::= INTEGER {test(0), provisioning(1), operational(2)}
 * ```
 */
export const profileClass = (tag: number) => integer(tag, ProfileClasses);
/**
 * ```asn
 * IconType ::= INTEGER {jpg(0), png(1)}
 * ```
 */
export const iconType = (tag: number) => integer(tag, { jpg: 0, png: 1 });

/**
 * ```asn
 * PprIds ::= BIT STRING {-- Definition of Profile Policy Rules identifiers
 *     pprUpdateControl(0), -- defines how to update PPRs via ES6
 *     ppr1(1), -- Indicator for PPR1 'Disabling of this Profile is not allowed'
 *     ppr2(2), -- Indicator for PPR2 'Deletion of this Profile is not allowed'
 *     ppr3(3)  -- Indicator for PPR3 'Deletion of this Profile is required upon its successful disabling'
 * }
 * ```
 */
export const pprIds = (tag = 0x03) => namedBitString(tag, ['pprUpdateControl', 'ppr1', 'ppr2', 'ppr3']);

/** The named bits of NotificationEvent, in order. */
export const NotificationEvents = [
  'notificationInstall',
  'notificationEnable',
  'notificationDisable',
  'notificationDelete',
] as const;
export type NotificationEventName = (typeof NotificationEvents)[number];
/**
 * ```asn
 * NotificationEvent ::= BIT STRING {
 *     notificationInstall (0),
 *     notificationEnable(1),
 *     notificationDisable(2),
 *     notificationDelete(3)
 * }
 * ```
 */
export const notificationEvent = (tag = 0x03) => namedBitString(tag, NotificationEvents);

/**
 * ```asn
 * OperatorID ::= SEQUENCE {
 *     mccMnc OCTET STRING (SIZE(3)), -- MCC and MNC coded as defined in 3GPP TS 24.008 [32]
 *     gid1 OCTET STRING OPTIONAL, -- referring to content of EF GID1 (file identifier '6F3E') as defined in 3GPP TS 31.102 [54]
 *     gid2 OCTET STRING OPTIONAL -- referring to content of EF GID2 (file identifier '6F3F') as defined in 3GPP TS 31.102 [54]
 * }
 * ```
 */
export const operatorId = (tag = 0x30) =>
  sequence(tag, {
    mccMnc: octetString(0x80, [3, 3]),
    gid1: optional(octetString(0x81)),
    gid2: optional(octetString(0x82)),
  });
export type OperatorID = Infer<ReturnType<typeof operatorId>>;

/**
 * ```asn
 * NotificationConfigurationInformation ::= SEQUENCE {
 *     profileManagementOperation NotificationEvent,
 *     notificationAddress UTF8String -- FQDN to forward the notification
 * }
 * ```
 */
export const NotificationConfigurationInformation = sequence(0x30, {
  profileManagementOperation: notificationEvent(0x80),
  notificationAddress: utf8String(0x81),
});
export type NotificationConfigurationInformation = Infer<typeof NotificationConfigurationInformation>;

/**
 * ```asn
 * DpProprietaryData ::= SEQUENCE { --  maximum size including tag and length field: 128 bytes
 *     dpOid OBJECT IDENTIFIER -- OID in the tree of the SM-DP+ that created the Profile
 *     -- additional data objects defined by the SM-DP+ MAY follow
 * }
 * ```
 */
export const dpProprietaryData = (tag = 0x30) => sequence(tag, { dpOid: objectIdentifier(0x80) });
