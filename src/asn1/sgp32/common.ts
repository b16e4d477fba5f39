/**
 * Basic types of the SGP.32 v1.2 SGP32Definitions module (AUTOMATIC TAGS, EXTENSIBILITY IMPLIED) and the eIM
 * configuration of SGP.32 2.11.1 (EimConfigurationData). Tags are written as the module's comments give them
 * or, where it gives none, as X.680 25.3 / 29.3 derive them: automatic tags only in a SEQUENCE or CHOICE
 * none of whose components is tagged; a component tag on a type that already carries a tag replaces that
 * tag (one tag on the wire), unless the type is an untagged CHOICE, which a tag wraps.
 */

import { subjectKeyIdentifier } from '../rsp/common.ts';
import {
  choice,
  explicit,
  type Infer,
  implicitRawTlv,
  integer,
  namedBitString,
  nullValue,
  objectIdentifier,
  octetString,
  optional,
  rawTlv,
  sequence,
  sequenceOf,
  utf8String,
} from '../schema.ts';

/** `[n] UTF8String (SIZE(1..128))`: an eimId (SGP.32 2.11.1; v1.2 bounds it to 128). */
export const eimId = (tag: number) => utf8String(tag, [1, 128]);

/** `[n] Certificate` under an implicit tag: the value is the certificate's DER with its own '30'. */
export const taggedCertificate = (tag: number) => implicitRawTlv(tag, 0x30);

/** SubjectPublicKeyInfo (PKIX1Explicit88): kept as its exact DER bytes; node:crypto reads it. */
export const SubjectPublicKeyInfo = rawTlv(0x30);

/**
 * ```asn
 * EimIdType ::= INTEGER {
 *     eimIdTypeOid(1),
 *     eimIdTypeFqdn(2),
 *     eimIdTypeProprietary(3)
 * }
 * ```
 */
export const EimIdTypes = { eimIdTypeOid: 1, eimIdTypeFqdn: 2, eimIdTypeProprietary: 3 } as const;
const eimIdType = (tag: number) => integer(tag, EimIdTypes);

/**
 * ```asn
 * EimSupportedProtocol ::= BIT STRING {
 *     eimRetrieveHttps(0),
 *     eimRetrieveCoaps(1),
 *     eimInjectHttps(2),
 *     eimInjectCoaps(3),
 *     eimProprietary(4)
 * }
 * ```
 */
export const EimSupportedProtocolBits = [
  'eimRetrieveHttps',
  'eimRetrieveCoaps',
  'eimInjectHttps',
  'eimInjectCoaps',
  'eimProprietary',
] as const;

/**
 * ```asn
 * EimConfigurationData ::= SEQUENCE {
 *     eimId [0] UTF8String (SIZE(1..128)), -- eimId of eIM
 *     eimFqdn [1] UTF8String OPTIONAL, -- FQDN of eIM or intermediate server, if used
 *     eimIdType [2] EimIdType OPTIONAL,
 *     counterValue [3] INTEGER OPTIONAL, -- initial counterValue for the eIM
 *     associationToken [4] INTEGER OPTIONAL,
 *     eimPublicKeyData [5] CHOICE {
 *         eimPublicKey SubjectPublicKeyInfo, -- public key of eIM, used for eUICC Package signature verification, where the encoding follows X.509 standard
 *         eimCertificate Certificate -- certificate of eIM, used for eUICC Package signature verification, where the encoding follows X.509 standard
 *     } OPTIONAL,
 *     trustedPublicKeyDataTls [6] CHOICE {
 *         trustedEimPkTls SubjectPublicKeyInfo, -- public key of eIM, used for TLS or DTLS, where the encoding follows X.509 standard
 *         trustedCertificateTls Certificate -- either the certificate of eIM, used for (D)TLS, or the certificate of the CA, where the encoding follows X.509 standard
 *     } OPTIONAL,
 *     eimSupportedProtocol [7] EimSupportedProtocol OPTIONAL,
 *     euiccCiPKId [8] SubjectKeyIdentifier OPTIONAL, -- CI Public Key Identifier supported on the eUICC for signature creation
 *     indirectProfileDownload [9] NULL OPTIONAL -- support of Indirect Profile download with indicated EimSupportedProtocol
 * }
 * ```
 * Both inner CHOICEs have only untagged alternatives, so automatic tagging gives them [0] and [1] (implicit:
 * 'A0' / 'A1' in place of the key's or certificate's '30'), wrapped in the explicit 'A5' / 'A6'.
 */
export const eimConfigurationData = (tag = 0x30) =>
  sequence(tag, {
    eimId: eimId(0x80),
    eimFqdn: optional(utf8String(0x81)),
    eimIdType: optional(eimIdType(0x82)),
    counterValue: optional(integer(0x83)),
    associationToken: optional(integer(0x84)),
    eimPublicKeyData: optional(
      explicit(
        0xa5,
        choice({ eimPublicKey: implicitRawTlv(0xa0, 0x30), eimCertificate: taggedCertificate(0xa1) }),
      ),
    ),
    trustedPublicKeyDataTls: optional(
      explicit(
        0xa6,
        choice({
          trustedEimPkTls: implicitRawTlv(0xa0, 0x30),
          trustedCertificateTls: taggedCertificate(0xa1),
        }),
      ),
    ),
    eimSupportedProtocol: optional(namedBitString(0x87, EimSupportedProtocolBits)),
    euiccCiPKId: optional(subjectKeyIdentifier(0x88)),
    indirectProfileDownload: optional(nullValue(0x89)),
  });
export type EimConfigurationData = Infer<ReturnType<typeof eimConfigurationData>>;

/**
 * ```asn
 * EimIdInfo ::= SEQUENCE {
 *     eimId [0] UTF8String (SIZE(1..128)),
 *     eimIdType [2] EimIdType OPTIONAL -- present in case of eimIdTypeOid and eimIdTypeFqdn
 * }
 * ```
 */
export const EimIdInfo = sequence(0x30, { eimId: eimId(0x80), eimIdType: optional(eimIdType(0x82)) });

/**
 * ```asn
 * SequenceNumber ::= [0] INTEGER
 * ```
 */
export const SequenceNumber = integer(0x80);

/**
 * ```asn
 * EimAcknowledgements ::= [83] SEQUENCE OF SequenceNumber -- Tag BF53
 * ```
 */
export const EimAcknowledgements = sequenceOf(0xbf53, SequenceNumber);

/**
 * ```asn
 * StateChangeCause ::= INTEGER {
 *     otherEim(0), -- for change(s) requested by another registered eIM
 *     fallback(1), -- for change(s) following fallback requested by IPA
 *     emergencyProfile(2), -- for change(s) following Emergency Profile swap requested by IPA
 *     local(3), -- for change(s) applied locally (RFU, not supported in this version)
 *     reset(4), -- for change(s) following an euicc reset
 *     immediateEnableProfile(5), -- for change(s) following immediate Profile enabling requested by IPA
 *     deviceChange(6), -- for change(s) detected by IPAe following a IoT Device change (removable eSIMs)
 *     undefined(127)  -- unknown cause
 * }
 * ```
 */
export const StateChangeCauses = {
  otherEim: 0,
  fallback: 1,
  emergencyProfile: 2,
  local: 3,
  reset: 4,
  immediateEnableProfile: 5,
  deviceChange: 6,
  undefined: 127,
} as const;

/**
 * ```asn
 * VendorSpecificExtension ::= SEQUENCE OF SEQUENCE {
 *     vendorOid [0] OBJECT IDENTIFIER, -- OID of the vendor who defined this specific extension
 *     vendorSpecificData [1] OCTET STRING
 * }
 * ```
 * (SGP.22 v2.4, imported from RSPDefinitions; the plain form of fixtures/reference/asn1/
 * RSPDefinitions-additions-for-sgp32.asn)
 */
export const vendorSpecificExtension = (tag: number) =>
  sequenceOf(
    tag,
    sequence(0x30, { vendorOid: objectIdentifier(0x80), vendorSpecificData: octetString(0x81) }),
  );
