import { describe, expect, it } from 'vitest';
import { parseTagList } from '../../src/ipa/euicc-data.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

/** The tagList of an IpaEuiccDataRequest (SGP.32 2.11.1.2), read by the shared DER tag reader (asn1/tlv.ts). */
describe('IpaEuiccDataRequest tagList', () => {
  it('reads one- and two-octet tags back to back', () => {
    expect(parseTagList(hex('80 BF2B A6'))).toEqual([0x80, 0xbf2b, 0xa6]);
  });

  it('refuses an empty list, a tag cut short, a leading zero octet, more than 32 tags', () => {
    expect(parseTagList(hex(''))).toBeUndefined();
    expect(parseTagList(hex('80 BF'))).toBeUndefined();
    expect(parseTagList(hex('BF 80 2B'))).toBeUndefined(); // not DER (X.690 8.1.2.4.2 c)
    expect(parseTagList(Buffer.alloc(33, 0x80))).toBeUndefined();
    expect(parseTagList(Buffer.alloc(32, 0x80))).toHaveLength(32);
  });
});
