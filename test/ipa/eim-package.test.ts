import { describe, expect, it } from 'vitest';
import { ProvideEimPackageResult } from '../../src/asn1/sgp32/index.ts';
import { packageErrorReport, packageTransactionId, readEimPackage } from '../../src/ipa/eim-package.ts';
import { EsipaError } from '../../src/ipa/esipa-client.ts';

const hex = (text: string) => Buffer.from(text.replace(/\s/g, ''), 'hex');
const ID = '0102030405060708090A0B0C0D0E0F10';

/** SGP.32 6.3.2.6 / 6.3.2.7: what the IPA makes of a GetEimPackage answer, on hand-written bytes. */
describe('readEimPackage', () => {
  it('takes an eUICC Package as its bytes, without decoding what is inside', () => {
    // BF51 { 30 { 80 01 'x' } }: no EuiccPackageSigned our declaration would accept, still passed on
    expect(readEimPackage(hex('BF4F 08 BF51 05 30 03 80 01 78'))).toEqual({
      kind: 'euiccPackage',
      der: hex('BF51 05 30 03 80 01 78'),
    });
    expect(readEimPackage(hex('BF4F 03 02 01 01'))).toEqual({ kind: 'eimPackageError', code: 1 });
  });

  it('reports a package it cannot delimit as invalidPackageFormat, without an id', () => {
    expect(readEimPackage(hex('BF4F 06 BF51 05 30 00 80'))).toMatchObject({
      kind: 'unusable',
      code: 'invalidPackageFormat',
    });
    // two TLVs where GetEimPackageResponse has one
    expect(readEimPackage(hex('BF4F 06 02 01 01 02 01 01'))).toMatchObject({ code: 'invalidPackageFormat' });
  });

  it('reports a data request that does not decode with the eimTransactionId it could read', () => {
    // BF52 without its mandatory tagList, eimTransactionId [3] '83'
    const answer = hex(`BF4F 15 BF52 12 83 10 ${ID}`);
    expect(readEimPackage(answer)).toMatchObject({
      kind: 'unusable',
      code: 'invalidPackageFormat',
      eimTransactionId: hex(ID),
    });
  });

  it('reports an alternative the module does not have as unknownPackage', () => {
    expect(readEimPackage(hex('BF4F 03 BF7F 00'))).toMatchObject({
      kind: 'unusable',
      code: 'unknownPackage',
    });
  });

  it('refuses an answer that is no GetEimPackageResponse at all', () => {
    expect(() => readEimPackage(hex('BF50 02 30 00'))).toThrow(EsipaError);
    expect(() => readEimPackage(hex('BF4F 04 02 01'))).toThrow(EsipaError);
    expect(() => readEimPackage(hex('BF4F 03 02 01 01 00'))).toThrow(EsipaError);
  });
});

describe('packageErrorReport and packageTransactionId', () => {
  it('encodes ProvideEimPackageResult { eidValue, A0 { 80 id, 02 code } } byte for byte', () => {
    const eid = hex('89049032123451234512345678901235');
    const report = packageErrorReport(eid, 'invalidPackageFormat', hex(ID));
    expect(report.toString('hex').toUpperCase()).toBe(
      `BF50295A10${eid.toString('hex').toUpperCase()}A01580 10${ID}020101`.replace(/\s/g, ''),
    );
    expect(ProvideEimPackageResult.decode(report).eimPackageResult).toEqual({
      eimPackageResultResponseError: { eimTransactionId: hex(ID), eimPackageResultErrorCode: 1 },
    });
    expect(packageErrorReport(eid, 'unknownPackage').subarray(-5).toString('hex')).toBe('a003020102');
  });

  it('reads the eimTransactionId of an EuiccPackageSigned that lacks its euiccPackage', () => {
    const signed = hex(`30 1A 80 01 78 5A 00 81 01 01 82 10 ${ID}`);
    const request = Buffer.concat([hex('BF51 21'), signed, hex('5F37 02 0000')]);
    expect(packageTransactionId(request)).toEqual(hex(ID));
    expect(packageTransactionId(hex('BF51 05 30 03 80'))).toBeUndefined();
  });
});
