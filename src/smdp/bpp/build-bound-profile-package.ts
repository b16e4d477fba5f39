/**
 * Building the Bound Profile Package (SGP.22 2.5.5 / 5.5): the ES8+ commands protected with SCP03t under
 * the session keys agreed with the eUICC, with one MAC chain running through every segment in order.
 */
import {
  type BoundProfilePackage,
  ConfigureISDPRequest,
  type InitialiseSecureChannelRequest,
  ReplaceSessionKeysRequest,
  StoreMetadataRequest,
} from '../../asn1/rsp/index.ts';
import { readTlv } from '../../asn1/tlv.ts';
import { Scp03t, type SessionKeys } from '../../crypto/scp03t.ts';
import type { ProfileProtectionKeys } from '../profile-repository.ts';

export interface BoundProfilePackageInput {
  readonly initialiseSecureChannelRequest: InitialiseSecureChannelRequest;
  readonly sessionKeys: SessionKeys;
  readonly configureIsdp: ConfigureISDPRequest;
  readonly storeMetadata: StoreMetadataRequest;
  /** The Unprotected Profile Package: DER profile elements. */
  readonly profilePackage: Buffer;
  /** With profile protection keys, the profile segments are protected under them (ReplaceSessionKeys). */
  readonly ppk?: ProfileProtectionKeys;
  /**
   * Test lab: plaintext bytes per '86' segment instead of the most that fits 1020 bytes (SGP.22 2.5.5), to
   * see an eUICC take small segments or refuse oversized ones.
   */
  readonly profileSegmentPlainSize?: number;
}

export function buildBoundProfilePackage(input: BoundProfilePackageInput): BoundProfilePackage {
  const bsp = new Scp03t(input.sessionKeys);
  // SGP.22 5.5.2: ConfigureISDP encrypted and MACed ('87').
  const firstSequenceOf87 = bsp.protect(0x87, ConfigureISDPRequest.encode(input.configureIsdp));
  // SGP.22 5.5.3: StoreMetadata MACed only ('88'), so that the LPA can read it.
  const sequenceOf88 = bsp.protect(0x88, StoreMetadataRequest.encode(input.storeMetadata));
  let secondSequenceOf87: Buffer[] | undefined;
  if (input.ppk) {
    // SGP.22 5.5.4: ReplaceSessionKeys under the session keys, then the profile under the new keys.
    secondSequenceOf87 = bsp.protect(0x87, ReplaceSessionKeysRequest.encode(input.ppk));
    bsp.replaceSessionKeys({
      sEnc: input.ppk.ppkEnc,
      sMac: input.ppk.ppkCmac,
      initialMacChainingValue: input.ppk.initialMacChainingValue,
    });
  }
  // SGP.22 5.5.5: LoadProfileElements, the profile package cut into '86' segments.
  const sequenceOf86 =
    input.profileSegmentPlainSize === undefined
      ? bsp.protect(0x86, input.profilePackage)
      : bsp.protect(0x86, input.profilePackage, input.profileSegmentPlainSize);
  return {
    initialiseSecureChannelRequest: input.initialiseSecureChannelRequest,
    firstSequenceOf87: firstSequenceOf87.map(tlvValue),
    sequenceOf88: sequenceOf88.map(tlvValue),
    ...(secondSequenceOf87 ? { secondSequenceOf87: secondSequenceOf87.map(tlvValue) } : {}),
    sequenceOf86: sequenceOf86.map(tlvValue),
  };
}

/** The declared BPP holds the values of the '86'/'87'/'88' TLVs; the codec adds their tags. */
const tlvValue = (tlv: Buffer): Buffer => readTlv(tlv, 0).value;
