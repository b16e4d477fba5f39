import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BoundProfilePackage,
  ConfigureISDPRequest,
  ReplaceSessionKeysRequest,
  StoreMetadataRequest,
} from '../../src/asn1/rsp/index.ts';
import { derOf } from '../../src/asn1/schema.ts';

/** Known-good DER from the public SGP.22 BSP test vectors (fixtures/vectors/bsp-vectors.json). */
const vectors = JSON.parse(
  readFileSync(new URL('../../fixtures/vectors/bsp-vectors.json', import.meta.url), 'utf8'),
);
const hex = (s: string) => Buffer.from(s, 'hex');

describe('known-good DER', () => {
  it('decodes the vector BoundProfilePackage and re-encodes it byte for byte', () => {
    const der = Buffer.from(vectors.bpp_decode.bpp_base64, 'base64');
    const bpp = BoundProfilePackage.decode(der);
    const iscr = bpp.initialiseSecureChannelRequest;
    expect(iscr.remoteOpId).toBe(1);
    expect(iscr.controlRefTemplate.keyType).toEqual(hex('88'));
    expect(iscr.controlRefTemplate.keyLen).toEqual(hex('10'));
    expect(iscr.smdpOtpk[0]).toBe(0x04);
    expect(iscr.smdpOtpk).toHaveLength(65);
    expect(iscr.smdpSign).toHaveLength(64);
    expect(bpp.firstSequenceOf87).toHaveLength(1);
    expect(bpp.sequenceOf88.length).toBeGreaterThan(0);
    expect(bpp.secondSequenceOf87).toBeUndefined(); // this vector carries no ReplaceSessionKeys
    expect(bpp.sequenceOf86.length).toBeGreaterThan(0);
    expect(BoundProfilePackage.encode(bpp)).toEqual(der);
    // The signed part is kept as the exact received bytes.
    expect(der.includes(derOf(iscr))).toBe(true);
    expect(derOf(iscr).subarray(0, 2)).toEqual(hex('bf23'));
  });

  it('decodes the plain ConfigureISDP and StoreMetadata of the vectors', () => {
    expect(ConfigureISDPRequest.decode(hex(vectors.bpp_decode.firstSequenceOf87_plain))).toEqual({});
    const plain = hex(vectors.bpp_decode.sequenceOf88_plain);
    const metadata = StoreMetadataRequest.decode(plain);
    expect(metadata.iccid).toEqual(hex('89000123456789012341'));
    expect(metadata.serviceProviderName).toBe('OsmocomSPN');
    expect(metadata.profileName).toBe('OsmocomProfile');
    expect(StoreMetadataRequest.encode(metadata)).toEqual(plain);
  });

  it('decodes the StoreMetadata and ReplaceSessionKeys of the BSP steps', () => {
    const [, macOnly, replace] = vectors.bsp.steps;
    const metadata = StoreMetadataRequest.decode(hex(macOnly.plain));
    expect(metadata.serviceProviderName).toBe('GSMA_TEST');
    expect(metadata.profileName).toBe('GSMA_TEST_PROFILE');
    expect(metadata.profileClass).toBe(0);
    const keys = ReplaceSessionKeysRequest.decode(hex(replace.plain));
    expect(keys.initialMacChainingValue).toEqual(hex('000102030405060708090a0b0c0d0e0f'));
    expect(keys.ppkEnc).toEqual(hex(vectors.bsp.after_replace_session_keys.s_enc));
    expect(keys.ppkCmac).toEqual(hex(vectors.bsp.after_replace_session_keys.s_mac));
    expect(ReplaceSessionKeysRequest.encode(keys)).toEqual(hex(replace.plain));
  });
});
