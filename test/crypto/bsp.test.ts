import { describe, expect, it } from 'vitest';
import { BoundProfilePackage } from '../../src/asn1/rsp/index.ts';
import { readTlv } from '../../src/asn1/tlv.ts';
import { BspError } from '../../src/crypto/bsp-error.ts';
import { Scp03t } from '../../src/crypto/scp03t.ts';
import { deriveSessionKeys } from '../../src/crypto/session-keys.ts';
import { hex, bspVectors as v } from './vectors.ts';

const keysOf = (k: { s_enc: string; s_mac: string; initial_mac_chaining_value: string }) => ({
  sEnc: hex(k.s_enc),
  sMac: hex(k.s_mac),
  initialMacChainingValue: hex(k.initial_mac_chaining_value),
});

/** Unwraps one segment TLV the way the eUICC receives it. */
const unwrapTlv = (bsp: Scp03t, tlv: Buffer) => {
  const { tag, value } = readTlv(tlv, 0);
  return bsp.unwrap(tag, tlv.subarray(0, tlv.length - value.length), value);
};

describe('SGP.22 BSP key derivation (vectors)', () => {
  it.each(v.kdf as any[])('vector for EID $eid', (k) => {
    const keys = deriveSessionKeys({
      sharedSecret: hex(k.shared_secret),
      keyType: hex(k.key_type),
      keyLength: Buffer.from([k.key_length]),
      hostId: hex(k.host_id),
      eid: hex(k.eid),
    });
    expect(keys.sEnc.toString('hex')).toBe(k.s_enc);
    expect(keys.sMac.toString('hex')).toBe(k.s_mac);
    expect(keys.initialMacChainingValue.toString('hex')).toBe(k.initial_mac_chaining_value);
  });
});

describe('SCP03t segments (vectors, one chain in order)', () => {
  it('encrypt+MAC and MAC-only steps chain as published', () => {
    const bsp = new Scp03t(keysOf(v.bsp.session_keys));
    for (const s of v.bsp.steps) {
      expect(bsp.wrap(Number.parseInt(s.tag, 16) as 0x87 | 0x88, hex(s.plain)).toString('hex')).toBe(
        s.expected,
      );
    }
  });

  it('the eUICC side opens the same steps and the chain holds', () => {
    const bsp = new Scp03t(keysOf(v.bsp.session_keys));
    for (const s of v.bsp.steps) expect(unwrapTlv(bsp, hex(s.expected))).toEqual(hex(s.plain));
  });

  it('segments after ReplaceSessionKeys', () => {
    const bsp = new Scp03t(keysOf(v.bsp.session_keys));
    bsp.replaceSessionKeys(keysOf(v.bsp.after_replace_session_keys));
    for (const s of v.bsp.after_replace_session_keys.steps) {
      expect(bsp.wrap(0x86, hex(s.plain)).toString('hex')).toBe(s.expected);
    }
  });

  // pySim encodes each element of the BPP's SEQUENCE OF [7]/[8]/[6] OCTET STRING with the whole protected
  // segment (tag | length | data | C-MAC) as its value, so each element wraps one segment TLV. SGP.22's BPP
  // (and ours, and what lpac forwards) has the segment TLV itself as the element; the protection is the same.
  it('opens the published Bound Profile Package into its plain commands and profile', () => {
    const bpp = BoundProfilePackage.decode(Buffer.from(v.bpp_decode.bpp_base64, 'base64'));
    const bsp = new Scp03t(keysOf(v.bpp_decode));
    const open = (element: Buffer) => unwrapTlv(bsp, element);
    expect(open(bpp.firstSequenceOf87[0]!).toString('hex')).toBe(v.bpp_decode.firstSequenceOf87_plain);
    expect(Buffer.concat(bpp.sequenceOf88.map(open)).toString('hex')).toBe(v.bpp_decode.sequenceOf88_plain);
    // This vector's profile segments were protected beforehand under the listed PPK and the BPP carries no
    // ReplaceSessionKeys: switch to those keys as ReplaceSessionKeys would.
    expect(bpp.secondSequenceOf87).toBeUndefined();
    const ppk = v.bpp_decode.ppk;
    bsp.replaceSessionKeys({
      sEnc: hex(ppk.enc),
      sMac: hex(ppk.mac),
      initialMacChainingValue: hex(ppk.initial_mac_chaining_value),
    });
    const upp = Buffer.concat(bpp.sequenceOf86.map(open));
    expect(upp.toString('base64')).toBe(v.bpp_decode.sequenceOf86_plain_upp_base64);
  });
});

describe('SCP03t round trips and tampering', () => {
  const keys = {
    sEnc: Buffer.alloc(16, 1),
    sMac: Buffer.alloc(16, 2),
    initialMacChainingValue: Buffer.alloc(16, 3),
  };

  it.each([1, 1007, 1008, 5000])('protects and opens %i bytes in segments of at most 1020 bytes', (size) => {
    const plain = Buffer.from(Array.from({ length: size }, (_, i) => i & 0xff));
    const segments = new Scp03t(keys).protect(0x86, plain);
    expect(segments.every((s) => s.length <= 1020)).toBe(true);
    const receiver = new Scp03t(keys);
    expect(Buffer.concat(segments.map((s) => unwrapTlv(receiver, s)))).toEqual(plain);
  });

  it('detects a flipped bit in ciphertext or MAC, and segments out of order', () => {
    const segments = new Scp03t(keys).protect(0x86, Buffer.alloc(3000, 9));
    for (const at of [5, segments[0]!.length - 1]) {
      const tampered = Buffer.from(segments[0]!);
      tampered[at]! ^= 0x01;
      expect(() => unwrapTlv(new Scp03t(keys), tampered)).toThrow(
        expect.objectContaining({ kind: 'macMismatch' }),
      );
    }
    expect(() => unwrapTlv(new Scp03t(keys), segments[1]!)).toThrow(BspError);
  });
});
