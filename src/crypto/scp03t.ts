/**
 * The BSP segment protection of SGP.22 2.6.6.3 / 2.6.6.4 (SCP03t, GlobalPlatform Amd F): one instance per
 * Bound Profile Package and side. Each '86'/'87' segment is padded and AES-CBC encrypted under S-ENC with
 * ICV = AES-ECB(S-ENC, counter); each '86'/'87'/'88' segment carries C-MAC = first 8 bytes of
 * AES-CMAC(S-MAC, MAC chaining value || tag || length || data), and the full CMAC becomes the next chaining
 * value. The counter starts at 1 and counts every segment, MAC-only ones included (checked against the
 * public pySim BSP vectors in fixtures/vectors/bsp-vectors.json).
 */
import { timingSafeEqual } from 'node:crypto';
import { lengthBytes } from '../asn1/tlv.ts';
import { aesCbcDecrypt, ContinuedCbc, cmacBlocks, pad80, unpad80 } from './aes.ts';
import { BspError } from './bsp-error.ts';
import type { SessionKeys } from './session-keys.ts';

export type { SessionKeys };

const MAC_LENGTH = 8;
/** SGP.22 2.5.5: a '86'/'87'/'88' segment is at most 1020 bytes, tag, length and MAC included. */
export const MAX_SEGMENT_SIZE = 1020;
/** Tag and a three-byte length ('82' LL LL) in front of a long segment. */
const LONG_HEADER = 4;
/** Largest plaintext per encrypted segment: padded to 1008 plus the 8-byte MAC and the header is 1020. */
const MAX_ENCRYPTED_CHUNK = 1007;
/** Largest plaintext per MAC-only segment. */
const MAX_MAC_ONLY_CHUNK = MAX_SEGMENT_SIZE - LONG_HEADER - MAC_LENGTH;

export type SegmentTag = 0x86 | 0x87 | 0x88;

const isEncrypted = (tag: number) => tag === 0x86 || tag === 0x87;

/** The keys of the channel and, for each, one CBC cipher for the whole package (see ContinuedCbc). */
interface ChannelKeys {
  readonly sEnc: Buffer;
  readonly sMac: Buffer;
  readonly enc: ContinuedCbc;
  readonly cmac: ContinuedCbc;
}

const channelKeys = ({ sEnc, sMac }: SessionKeys): ChannelKeys => ({
  sEnc,
  sMac,
  enc: new ContinuedCbc(sEnc),
  cmac: new ContinuedCbc(sMac),
});

export class Scp03t {
  #keys: ChannelKeys;
  #macChainingValue: Buffer;
  #counter = 1;

  constructor(keys: SessionKeys) {
    this.#keys = channelKeys(keys);
    this.#macChainingValue = keys.initialMacChainingValue;
  }

  /** SGP.22 2.5.5 ReplaceSessionKeys: new keys and chaining value; the counter starts again. */
  replaceSessionKeys(keys: SessionKeys): void {
    this.#keys = channelKeys(keys);
    this.#macChainingValue = keys.initialMacChainingValue;
    this.#counter = 1;
  }

  /** Writes, in the first block of `into`, the counter block: its encryption under S-ENC is the ICV. */
  #writeCounterBlock(into: Buffer): Buffer {
    into.fill(0, 0, 12);
    into.writeUInt32BE(this.#counter, 12);
    return into;
  }

  /** The full CMAC over the chaining value and the segment; it becomes the next chaining value. */
  #mac(header: Buffer, data: Buffer): Buffer {
    const blocks = this.#keys.cmac.encryptFromZeroIv(
      cmacBlocks(this.#keys.sMac, [this.#macChainingValue, header, data]),
    );
    return Buffer.from(blocks.subarray(blocks.length - 16));
  }

  /**
   * Pads and encrypts under ICV = AES(S-ENC, counter): a zero-IV CBC encryption of the counter block
   * followed by the plaintext gives the ICV first, then exactly the CBC encryption under it.
   */
  #encrypt(plain: Buffer): Buffer {
    const blocks = this.#writeCounterBlock(pad80(plain, 16));
    return this.#keys.enc.encryptFromZeroIv(blocks).subarray(16);
  }

  /** Protects one segment: the whole TLV, tag | length | data | C-MAC. */
  wrap(tag: SegmentTag, plain: Buffer): Buffer {
    const data = isEncrypted(tag) ? this.#encrypt(plain) : plain;
    this.#counter++;
    const header = Buffer.concat([Buffer.from([tag]), lengthBytes(data.length + MAC_LENGTH)]);
    const cmac = this.#mac(header, data);
    this.#macChainingValue = cmac;
    return Buffer.concat([header, data, cmac.subarray(0, MAC_LENGTH)]);
  }

  /**
   * Cuts a command into segments that fit (SGP.22 2.5.5) and protects each, in order. `chunk` (plaintext
   * bytes per segment) lets a test lab make segments smaller or, to see an eUICC refuse them, larger.
   */
  protect(
    tag: SegmentTag,
    plain: Buffer,
    chunk = isEncrypted(tag) ? MAX_ENCRYPTED_CHUNK : MAX_MAC_ONLY_CHUNK,
  ): Buffer[] {
    const segments: Buffer[] = [];
    for (let offset = 0; offset < plain.length || offset === 0; offset += chunk) {
      segments.push(this.wrap(tag, plain.subarray(offset, offset + chunk)));
    }
    return segments;
  }

  /**
   * The eUICC side: checks the C-MAC of a received segment (its exact header bytes) against the chain,
   * then decrypts. A MAC that does not verify leaves the chain as it was.
   */
  unwrap(tag: number, header: Buffer, value: Buffer): Buffer {
    if (tag !== 0x86 && tag !== 0x87 && tag !== 0x88)
      throw new BspError('structure', `segment tag ${tag.toString(16)}`);
    // The SGP.22 size limit of a segment (MAX_SEGMENT_SIZE) is the receiver's policy, checked where the
    // BPP is processed; this layer only needs room for the MAC.
    if (value.length < MAC_LENGTH) throw new BspError('structure', `segment of ${value.length} bytes`);
    const data = value.subarray(0, value.length - MAC_LENGTH);
    const received = value.subarray(value.length - MAC_LENGTH);
    const cmac = this.#mac(header, data);
    if (!timingSafeEqual(cmac.subarray(0, MAC_LENGTH), received))
      throw new BspError('macMismatch', 'C-MAC does not verify');
    this.#macChainingValue = cmac;
    if (!isEncrypted(tag)) {
      this.#counter++;
      return data;
    }
    if (data.length === 0 || data.length % 16 !== 0)
      throw new BspError('structure', 'ciphertext not whole blocks');
    const icv = this.#keys.enc.encryptFromZeroIv(this.#writeCounterBlock(Buffer.allocUnsafe(16)));
    const plain = aesCbcDecrypt(this.#keys.sEnc, icv, data);
    this.#counter++;
    return unpad80(plain);
  }
}
