import { describe, expect, it } from 'vitest';
import { es10Name } from '../../src/conformance/euicc/es10-trace.ts';

const hex = (s: string) => Buffer.from(s, 'hex');

/** The eUICC campaign's trace names each STORE DATA payload by the tag it starts with (asn1/tlv.ts peekTag). */
describe('ES10 trace names', () => {
  it('name a function by its request tag, a BPP piece by its TLV', () => {
    expect(es10Name(hex('BF2200'))).toBe('ES10b.GetEuiccInfo2');
    expect(es10Name(hex('BF3681'))).toBe('ES10b.LoadBoundProfilePackage BF36');
    expect(es10Name(hex('A300'))).toBe('ES10b.LoadBoundProfilePackage A3');
    expect(es10Name(hex('BF7F00'))).toBe('ES10 tag BF7F');
  });

  it('say so when a payload starts with no well-formed tag (cut short, or a leading zero octet)', () => {
    expect(es10Name(hex(''))).toBe('ES10 (empty)');
    expect(es10Name(hex('BF'))).toBe('ES10 (no tag)');
    expect(es10Name(hex('BF8001'))).toBe('ES10 (no tag)');
  });
});
