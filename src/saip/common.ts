/**
 * Types shared by the profile elements of the TCA eUICC Profile Package (PEDefinitions, version 3.3.1,
 * AUTOMATIC TAGS, EXTENSIBILITY IMPLIED). Every tag is written as the module gives it: the position of a
 * field under automatic tagging, or the tag the module writes (implicit, as AUTOMATIC TAGS implies).
 *
 * Every SEQUENCE keeps unknown extensions and the presence of DEFAULT values, so that a package decoded
 * here re-encodes byte for byte (a Profile Package is BER-ish data from many producers, and the SM-DP+
 * binds what it received).
 */
import {
  choice,
  defaulted,
  type Infer,
  integer,
  nullValue,
  octetString,
  optional,
  type SequenceOptions,
  type SequenceSchema,
  sequence,
  sequenceOf,
} from '../asn1/schema.ts';

const KEEP: SequenceOptions = { extensions: 'keep' };

/** A SEQUENCE of PEDefinitions: unknown extensions are kept in place (EXTENSIBILITY IMPLIED). */
export function peSequence<F extends Parameters<typeof sequence>[1]>(
  tag: number,
  fields: F,
): SequenceSchema<F> {
  return sequence(tag, fields, KEEP);
}

/**
 * ```asn
 * UInt8 ::= INTEGER (0..maxUInt8)
 * UInt15 ::= INTEGER (0..maxUInt15)
 * UInt16 ::= INTEGER (0..maxUInt16)
 * ```
 * (maxUInt8 = 255, maxUInt15 = 32767, maxUInt16 = 65535)
 */
export const uint = (tag: number) => integer(tag);

/**
 * ```asn
 * ApplicationIdentifier ::= OCTET STRING (SIZE(5..16))
 * ```
 */
export const applicationIdentifier = (tag: number) => octetString(tag, [5, 16]);

/**
 * ```asn
 * PEHeader ::= SEQUENCE {
 * mandated NULL OPTIONAL,
 * -- if set, indicate that the support of this PE is mandatory
 * identification UInt15 -- Identification number of this PE
 * }
 * ```
 */
export const peHeader = (tag: number) =>
  peSequence(tag, {
    mandated: optional(nullValue(0x80)),
    identification: uint(0x81),
  });
export type PEHeader = Infer<ReturnType<typeof peHeader>>;

/**
 * ```asn
 * ProprietaryInfo ::= SEQUENCE {
 *     specialFileInformation [PRIVATE 0] OCTET STRING (SIZE (1)) DEFAULT '00'H,
 *     fillPattern [PRIVATE 1] OCTET STRING (SIZE(1..200)) OPTIONAL,
 *     repeatPattern [PRIVATE 2] OCTET STRING (SIZE(1..200)) OPTIONAL,
 *     maximumFileSize [6] OCTET STRING OPTIONAL,
 *     fileDetails [4] OCTET STRING (SIZE(1)) DEFAULT '01'H
 * }
 * ```
 */
export const ProprietaryInfo = peSequence(0xa5, {
  specialFileInformation: defaulted(octetString(0xc0, [1, 1]), Buffer.from([0x00])),
  fillPattern: optional(octetString(0xc1, [1, 200])),
  repeatPattern: optional(octetString(0xc2, [1, 200])),
  maximumFileSize: optional(octetString(0x86)),
  fileDetails: defaulted(octetString(0x84, [1, 1]), Buffer.from([0x01])),
});

/**
 * ```asn
 * Fcp ::= SEQUENCE {
 *     fileDescriptor [2] OCTET STRING (SIZE(2..4)) OPTIONAL,
 *     fileID [3] OCTET STRING (SIZE(2)) OPTIONAL,
 *     dfName [4] ApplicationIdentifier OPTIONAL,
 *     lcsi [10] OCTET STRING (SIZE (1)) DEFAULT '05'H,
 *     securityAttributesReferenced [11] OCTET STRING (SIZE (1..3)) OPTIONAL,
 *     efFileSize [0] OCTET STRING OPTIONAL,
 *     pinStatusTemplateDO [PRIVATE 6] OCTET STRING OPTIONAL,
 *     shortEFID [8] OCTET STRING (SIZE (0..1)) OPTIONAL,
 *     proprietaryEFInfo [5] ProprietaryInfo OPTIONAL,
 *     linkPath [PRIVATE 7] OCTET STRING (SIZE (0..8)) OPTIONAL
 * }
 * ```
 */
export const fcp = (tag: number) =>
  peSequence(tag, {
    fileDescriptor: optional(octetString(0x82, [2, 4])),
    fileID: optional(octetString(0x83, [2, 2])),
    dfName: optional(applicationIdentifier(0x84)),
    lcsi: defaulted(octetString(0x8a, [1, 1]), Buffer.from([0x05])),
    securityAttributesReferenced: optional(octetString(0x8b, [1, 3])),
    efFileSize: optional(octetString(0x80)),
    pinStatusTemplateDO: optional(octetString(0xc6)),
    shortEFID: optional(octetString(0x88, [0, 1])),
    proprietaryEFInfo: optional(ProprietaryInfo),
    linkPath: optional(octetString(0xc7, [0, 8])),
  });
export type Fcp = Infer<ReturnType<typeof fcp>>;

/** One item of a File: create it, or fill it from an offset. */
const FileItem = choice({
  doNotCreate: nullValue(0x80),
  fileDescriptor: fcp(0xa1),
  fillFileOffset: uint(0x82),
  fillFileContent: octetString(0x83),
});
/**
 * ```asn
 * File ::= SEQUENCE OF CHOICE {
 *     doNotCreate    NULL,
 *     fileDescriptor Fcp,
 *     fillFileOffset UInt16,
 *     fillFileContent OCTET STRING
 * }
 * ```
 */
export const file = (tag: number) => sequenceOf(tag, FileItem);
export type File = Infer<ReturnType<typeof file>>;
export type FileItem = Infer<typeof FileItem>;
