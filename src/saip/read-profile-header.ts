/**
 * The first element of a TCA eUICC Profile Package (SAIP, PEDefinitions): its ProfileHeader carries the
 * ICCID the SM-DP+ must put in StoreMetadata. The SM-DP+ reads only this element; the whole package is
 * declared in src/saip.
 */
import { Asn1DecodeError } from '../asn1/decode-error.ts';
import { readTlv } from '../asn1/tlv.ts';
import { ProfileHeader } from './profile-header.ts';

export { ProfileHeader };

export interface ProfileHeaderSummary {
  readonly majorVersion: number;
  readonly minorVersion: number;
  readonly profileType?: string;
  /** ICCID as the ProfileHeader codes it (plain BCD, padded with F). */
  readonly iccid: Buffer;
}

/** Reads the ProfileHeader that opens an Unprotected Profile Package. */
export function readProfileHeader(upp: Buffer): ProfileHeaderSummary {
  const first = readTlv(upp, 0);
  if (first.tag !== 0xa0)
    throw new Asn1DecodeError('unexpectedTag', 'a profile package must start with its ProfileHeader');
  return ProfileHeader.decode(first.bytes);
}
