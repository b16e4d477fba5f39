/**
 * The first element of a TCA eUICC Profile Package (SAIP, PEDefinitions): its ProfileHeader carries the
 * ICCID the SM-DP+ must put in StoreMetadata. Only the fields the SM-DP+ needs are declared here; the
 * remaining ones are skipped as the codec skips unknown trailing fields.
 */
import { Asn1DecodeError } from '../asn1/decode-error.ts';
import { integer, octetString, optional, sequence, utf8String } from '../asn1/schema.ts';
import { readTlv } from '../asn1/tlv.ts';

// ProfileElement ::= CHOICE { header ProfileHeader, ... }        -- header: tag 'A0' (AUTOMATIC TAGS)
// ProfileHeader ::= SEQUENCE {
//     major-version UInt8, minor-version UInt8,
//     profileType UTF8String (SIZE (1..100)) OPTIONAL,
//     iccid OCTET STRING (SIZE (10)), -- ICCID of the Profile
//     pol OCTET STRING OPTIONAL, eUICC-Mandatory-services ServicesList, ... }
export const ProfileHeader = sequence(0xa0, {
  majorVersion: integer(0x80),
  minorVersion: integer(0x81),
  profileType: optional(utf8String(0x82, [1, 100])),
  iccid: octetString(0x83, [10, 10]),
});

export interface ProfileHeaderSummary {
  readonly majorVersion: number;
  readonly minorVersion: number;
  readonly profileType?: string;
  /** ICCID as coded in EF.ICCID (BCD, nibbles swapped). */
  readonly iccid: Buffer;
}

/** Reads the ProfileHeader that opens an Unprotected Profile Package. */
export function readProfileHeader(upp: Buffer): ProfileHeaderSummary {
  const first = readTlv(upp, 0);
  if (first.tag !== 0xa0)
    throw new Asn1DecodeError('unexpectedTag', 'a profile package must start with its ProfileHeader');
  return ProfileHeader.decode(first.bytes);
}
