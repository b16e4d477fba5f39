import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Asn1DecodeError } from '../../src/asn1/decode-error.ts';
import { iccidFromDigits } from '../../src/profile/iccid.ts';
import { DescriptionError, makeProfile, opcFromOp } from '../../src/saip/make.ts';
import { decodeProfilePackage, encodeProfilePackage } from '../../src/saip/package.ts';
import type { ProfileElement } from '../../src/saip/profile-element.ts';
import { checkProfilePackage } from '../../src/saip/validate.ts';

/** Issue 5: invalid packages are rejected, and each problem names the element and the field. */
const description = JSON.parse(
  readFileSync(new URL('../../fixtures/profiles/made/milenage-test.json', import.meta.url), 'utf8'),
);
const { upp } = makeProfile(description);
const elements = () => decodeProfilePackage(upp);
const problemsOf = (list: ProfileElement[]) => checkProfilePackage(encodeProfilePackage(list)).problems;

describe('checkProfilePackage', () => {
  it('finds nothing wrong with a made profile', () => {
    expect(checkProfilePackage(upp).problems).toEqual([]);
  });

  it('rejects a package whose first element is not the ProfileHeader', () => {
    const [header, mf, ...rest] = elements();
    expect(problemsOf([mf!, header!, ...rest])).toEqual(
      expect.arrayContaining([
        { element: 'element 0 (mf)', field: '', message: 'the first element must be the ProfileHeader' },
        { element: 'element 1 (header)', field: '', message: 'a ProfileHeader after the first element' },
      ]),
    );
  });

  it('rejects a package without PE-End', () => {
    expect(problemsOf(elements().slice(0, -1))).toEqual([
      {
        element: 'element 6 (akaParameter)',
        field: '',
        message: 'the last element must be PE-End (missing)',
      },
    ]);
  });

  it('rejects an ICCID that EF.ICCID does not hold', () => {
    const list = elements();
    const mf = list[1] as Extract<ProfileElement, { mf: unknown }>;
    mf.mf['ef-iccid'] = [{ fillFileContent: iccidFromDigits('8949000000000000026') }];
    expect(problemsOf(list)).toEqual([
      {
        element: 'element 1 (mf)',
        field: 'ef-iccid',
        message: 'EF.ICCID holds 8949000000000000026, the ProfileHeader 8949000000000000018',
      },
    ]);
  });

  it('rejects a service the header does not announce', () => {
    const list = elements();
    const header = list[0] as Extract<ProfileElement, { header: unknown }>;
    header.header.eUICCMandatoryServices = { usim: null };
    expect(problemsOf(list)).toEqual([
      {
        element: 'element 0 (header)',
        field: 'eUICCMandatoryServices.milenage',
        message: 'service milenage is not announced, yet element 6 (akaParameter) needs it',
      },
    ]);
  });

  it('rejects two elements with one identification', () => {
    const list = elements();
    const end = list.at(-1) as Extract<ProfileElement, { end: unknown }>;
    end.end.endHeader.identification = 1;
    expect(problemsOf(list)).toEqual([
      {
        element: 'element 7 (end)',
        field: 'endHeader.identification',
        message: 'identification 1 is already that of element 1 (mf)',
      },
    ]);
  });

  it('rejects a truncated element, naming it', () => {
    const { problems } = checkProfilePackage(upp.subarray(0, upp.length - 3));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.element).toBe('element 7');
    expect(problems[0]!.message).toMatch(/runs past the end/);
  });

  it('rejects a tag that is no ProfileElement, naming the element', () => {
    const bad = Buffer.from(upp);
    const endOffset = upp.length - encodeProfilePackage(elements().slice(-1)).length;
    bad[endOffset] = 0x30; // a universal SEQUENCE where PE-End ('AA') was
    const { problems } = checkProfilePackage(bad);
    expect(problems).toEqual([
      {
        element: 'element 7',
        field: '',
        message: `tag 30 at offset ${endOffset} is no ProfileElement of PEDefinitions 3.3.1`,
      },
    ]);
  });

  it('names the element and field of a value that breaks its type', () => {
    const list = elements();
    const aka = encodeProfilePackage(list.slice(6, 7));
    // the opc OCTET STRING keeps its length; change the algorithmOptions size instead: '81 01 00' → '81 02 00 00'
    const at = aka.indexOf(Buffer.from('810100', 'hex'));
    const broken = Buffer.concat([aka.subarray(0, at), Buffer.from('81020000', 'hex'), aka.subarray(at + 3)]);
    // fix up the lengths of the two enclosing constructed values (A4 .. A1 .. A1)
    const element = fixLengths(broken);
    const prefix = encodeProfilePackage(list.slice(0, 6));
    const suffix = encodeProfilePackage(list.slice(7));
    const { problems } = checkProfilePackage(Buffer.concat([prefix, element, suffix]));
    expect(problems).toEqual([
      {
        element: 'element 6 (akaParameter)',
        field: 'akaParameter.algoConfiguration.algoParameter.algorithmOptions',
        message: 'size 2 outside 1..1',
      },
    ]);
  });

  it('throws Asn1DecodeError from the decoder', () => {
    expect(() => decodeProfilePackage(upp.subarray(0, 10))).toThrow(Asn1DecodeError);
  });
});

/** Re-encodes the short lengths of a nest of constructed TLVs after one of them grew by one byte. */
function fixLengths(tlv: Buffer): Buffer {
  // the AKA element here is short: every length is one octet; each of the three outer containers grew by 1
  const out = Buffer.from(tlv);
  out[1]! += 1; // A4
  const algoConfiguration = out.indexOf(0xa1, 2 + out[3]! + 2);
  out[algoConfiguration + 1]! += 1; // A1 (explicit CHOICE)
  out[algoConfiguration + 3]! += 1; // A1 (AlgoParameter)
  return out;
}

describe('makeProfile', () => {
  it('refuses an ICCID with a wrong Luhn check digit, telling the right one', () => {
    expect(() => makeProfile({ ...description, iccid: '8949000000000000011' })).toThrow(
      new DescriptionError('iccid 8949000000000000011: the Luhn check digit is 8, not 1'),
    );
  });

  it('refuses both OP and OPc', () => {
    expect(() => makeProfile({ ...description, op: description.opc })).toThrow(DescriptionError);
  });

  it('derives OPc from OP as 3GPP TS 35.208 test set 1 gives it', () => {
    expect(
      opcFromOp(
        Buffer.from('465b5ce8b199b49faa5f0a2ee238a6bc', 'hex'),
        Buffer.from('cdc202d5123e20f62b6d676ac72cb318', 'hex'),
      ).toString('hex'),
    ).toBe('cd63cb71954a9f4e48a5994e37a02baf');
  });
});
