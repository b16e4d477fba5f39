import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ProfileInstallationResultData } from '../../../src/asn1/rsp/index.ts';
import { ProvideEimPackageResult } from '../../../src/asn1/sgp32/index.ts';
import { ecdsaSign } from '../../../src/crypto/ecdsa.ts';
import { DownloadOrderError, parseDownloadOrder } from '../../../src/eim/download/download-order.ts';
import { outcomeItem } from '../../../src/eim/download/download-outcome.ts';
import { downloadTrigger } from '../../../src/eim/download/trigger.ts';
import { readTriggerResult, TriggerResultError } from '../../../src/eim/download/trigger-result.ts';

/** SGP.32 2.11.1.3 Profile Download Trigger and 2.11.2.3 its result, in real bytes. */
const ID = Buffer.from('00112233445566778899AABBCCDDEEFF', 'hex');
const hex = (bytes: Buffer) => bytes.toString('hex');

describe('downloadTrigger (GetEimPackageResponse BF4F { BF54 … })', () => {
  it('carries the activation code without the QR prefix, and the eimTransactionId', () => {
    const { der, eimTransactionId } = downloadTrigger({ activationCode: 'LPA:1$smdp.example.com$ABC' }, ID);
    // BF4F 2F BF54 2C A0 18 80 16 "1$smdp.example.com$ABC" 82 10 <id>
    expect(hex(der)).toBe(`bf4f2fbf542ca0188016${hex(Buffer.from('1$smdp.example.com$ABC'))}8210${hex(ID)}`);
    expect(eimTransactionId).toBe(ID);
  });

  it('encodes contactDefaultSmdp as A0 { 81 00 } and contactSmds as A0 { A2 { 80 address } }', () => {
    expect(hex(downloadTrigger({ contactDefaultSmdp: {} }, ID).der)).toBe(
      `bf4f19bf5416a00281008210${hex(ID)}`,
    );
    expect(hex(downloadTrigger({ contactSmds: {} }, ID).der)).toBe(`bf4f19bf5416a002a2008210${hex(ID)}`);
    const smds = hex(Buffer.from('lpa.ds.gsma.com'));
    expect(hex(downloadTrigger({ contactSmds: { smdsAddress: 'lpa.ds.gsma.com' } }, ID).der)).toBe(
      `bf4f2abf5427a013a211800f${smds}8210${hex(ID)}`,
    );
  });

  it('makes a fresh 16-byte eimTransactionId per trigger', () => {
    const a = downloadTrigger({ contactDefaultSmdp: {} });
    const b = downloadTrigger({ contactDefaultSmdp: {} });
    expect(a.eimTransactionId).toHaveLength(16);
    expect(a.eimTransactionId.equals(b.eimTransactionId)).toBe(false);
  });
});

describe('parseDownloadOrder (the operator API download facility)', () => {
  it('takes the onomondo-eim form and the two other ProfileDownloadData alternatives', () => {
    expect(parseDownloadOrder({ activationCode: '1$smdp.example.com$X' })).toEqual({
      activationCode: '1$smdp.example.com$X',
    });
    expect(parseDownloadOrder({ contactDefaultSmdp: {} })).toEqual({ contactDefaultSmdp: {} });
    expect(parseDownloadOrder({ contactSmds: { smdsAddress: 'smds.example.com:8443' } })).toEqual({
      contactSmds: { smdsAddress: 'smds.example.com:8443' },
    });
  });

  it.each([
    [{ activationCode: '2$smdp$X' }, 'unsupported activation code format'],
    [{ activationCode: `1$smdp.example.com$${'A'.repeat(260)}` }, 'longer than 255 bytes'],
    [{ activationCode: 7 }, 'must be a string'],
    [{ contactSmds: { smdsAddress: 'a/b' } }, 'SM-DS address'],
    [{ contactSmds: { other: 1 } }, 'unknown field "other"'],
    [{ contactDefaultSmdp: 'yes' }, 'carries no value'],
    [{ psmo: [] }, 'unknown download order "psmo"'],
    [{ activationCode: '1$a$b', contactDefaultSmdp: {} }, 'one of'],
    ['1$a$b', 'one of'],
  ])('refuses %j with a one-line message', (order, message) => {
    expect(() => parseDownloadOrder(order)).toThrow(DownloadOrderError);
    expect(() => parseDownloadOrder(order)).toThrow(message);
  });
});

describe('readTriggerResult (ProvideEimPackageResult BF50 { BF54 … })', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const data = ProfileInstallationResultData.encode({
    transactionId: Buffer.from('ABCD', 'hex'),
    notificationMetadata: {
      seqNumber: 3,
      profileManagementOperation: ['notificationInstall'],
      notificationAddress: 'smdp.example.com',
      iccid: Buffer.from('98109909002143658739', 'hex'),
    },
    finalResult: {
      successResult: {
        aid: Buffer.from('A0000005591010FFFFFFFF8900001100', 'hex'),
        simaResponse: Buffer.from('3007a00530038001', 'hex'),
      },
    },
  });
  const decoded = ProfileInstallationResultData.decode(data);
  const result = (signature: Buffer, eimTransactionId?: Buffer) =>
    ProvideEimPackageResult.decode(
      ProvideEimPackageResult.encode({
        eimPackageResult: {
          profileDownloadTriggerResult: {
            ...(eimTransactionId ? { eimTransactionId } : {}),
            profileDownloadTriggerResultData: {
              profileInstallationResult: { profileInstallationResultData: decoded, euiccSignPIR: signature },
            },
          },
        },
      }),
    ).eimPackageResult;

  it('records an installation whose euiccSignPIR verifies with the eUICC key', () => {
    const outcome = readTriggerResult(result(ecdsaSign(privateKey, data), ID), {
      eimTransactionId: ID,
      euiccKey: publicKey,
    });
    expect(outcome).toEqual({
      kind: 'installed',
      iccid: '98109909002143658739',
      isdpAid: 'A0000005591010FFFFFFFF8900001100',
      transactionId: 'ABCD',
    });
    // onomondo-eim's item exactly: {finalResult, iccid}
    expect(outcomeItem(outcome)).toEqual({
      profileInstallationResult: { finalResult: 'successResult', iccid: '98109909002143658739' },
    });
  });

  it('refuses a wrong signature, another eimTransactionId, or another kind of result', () => {
    const signature = ecdsaSign(privateKey, data);
    const bad = Buffer.from(signature);
    bad[10] = (bad[10] ?? 0) ^ 1;
    expect(() => readTriggerResult(result(bad, ID), { eimTransactionId: ID, euiccKey: publicKey })).toThrow(
      expect.objectContaining({ reason: 'euiccSignatureInvalid' }),
    );
    expect(() => readTriggerResult(result(signature, Buffer.alloc(16)), { eimTransactionId: ID })).toThrow(
      TriggerResultError,
    );
    expect(() =>
      readTriggerResult(
        { eimPackageResultResponseError: { eimPackageResultErrorCode: 2 } },
        { eimTransactionId: ID },
      ),
    ).toThrow(expect.objectContaining({ reason: 'notATriggerResult' }));
  });

  it('records profileDownloadError with its reason', () => {
    const outcome = readTriggerResult(
      {
        profileDownloadTriggerResult: {
          eimTransactionId: ID,
          profileDownloadTriggerResultData: {
            profileDownloadError: {
              profileDownloadErrorReason: 104,
              errorResponse: Buffer.from('0102', 'hex'),
            },
          },
        },
      },
      { eimTransactionId: ID },
    );
    expect(outcome).toEqual({
      kind: 'downloadError',
      profileDownloadErrorReason: 104,
      errorResponse: '0102',
    });
    expect(outcomeItem(outcome)).toEqual({
      profileDownloadError: { profileDownloadErrorReason: 'ecallActive', errorResponse: '0102' },
    });
  });
});
