import { describe, expect, it } from 'vitest';
import { EuiccResultData, IpaEuiccDataResponse } from '../../src/asn1/sgp32/index.ts';
import { outcomeItem } from '../../src/eim/download/download-outcome.ts';
import { dataResponseOutcome, packageOutcomeItems } from '../../src/eim/orders/outcome.ts';
import { loadDefaultPki } from '../../src/pki/pki-store.ts';

/**
 * The operator API's outcome items in onomondo-eim's shapes (its contrib/rest_api_response_schema.json and
 * esipa_rest_utils.erl): what the osmo-ttcn3 `eim` suite decodes with closed TTCN-3 records (REST_Types_JSON)
 * after sending these very results (its SGP32Definitions_Templates: eimId "myEIM", seqNumber 123, …).
 * Each value goes through DER first, as a result from an IPA does.
 */
const viaDer = (result: EuiccResultData): EuiccResultData =>
  EuiccResultData.decode(EuiccResultData.encode(result));
const items = (...results: EuiccResultData[]) =>
  packageOutcomeItems({ kind: 'executed', seqNumber: 123, results: results.map(viaDer) });

describe('package result outcome items (onomondo-eim shapes)', () => {
  it('gives addEim, listEim and setDefaultDpAddress results as flat values', () => {
    expect(
      items(
        { addEimResult: { associationToken: 2 } },
        { addEimResult: { addEimResultCode: 1 } },
        { listEimResult: { eimIdList: [{ eimId: 'eIM', eimIdType: 2 }] } },
        { listEimResult: { listEimError: 127 } },
        { setDefaultDpAddressResult: { setDefaultDpAddressResult: 0 } },
        { enableResult: 0 },
      ),
    ).toEqual([
      { addEimResult: { addEimResultCode: 'ok', associationToken: 2 } },
      { addEimResult: { addEimResultCode: 'insufficientMemory' } },
      {
        listEimResult: {
          finalResult: 'successResult',
          eimIdList: [{ eimId: 'eIM', eimIdType: 'eimIdTypeFqdn' }],
        },
      },
      { listEimResult: { finalResult: 'errorResult' } },
      { setDefaultDpAddressResult: 'ok' },
      { enableResult: 'ok' },
    ]);
  });

  it("gives a profile's info with onomondo-eim's members only (fallbackAttribute when set), getRAT's bits as booleans", () => {
    expect(
      items(
        {
          listProfileInfoResult: {
            profileInfoListOk: [
              {
                iccid: Buffer.from('123456789ABCDEFFAAAA', 'hex'),
                profileState: 1,
                profileName: 'testme',
                profileClass: 2,
                profilePolicyRules: ['ppr2'],
                fallbackAttribute: false,
              },
              { iccid: Buffer.from('98001032547698103214', 'hex'), fallbackAttribute: true },
            ],
          },
        },
        { listProfileInfoResult: { profileInfoListError: 1 } },
        {
          getRATResult: [
            {
              pprIds: ['ppr1'],
              allowedOperators: [{ mccMnc: Buffer.from('001F01', 'hex') }],
              pprFlags: ['consentRequired'],
            },
          ],
        },
      ),
    ).toEqual([
      {
        listProfileInfoResult: {
          finalResult: 'successResult',
          profileInfoList: [
            {
              iccid: '123456789ABCDEFFAAAA',
              profileState: 'enabled',
              profileName: 'testme',
              profileClass: 'operational',
            },
            { iccid: '98001032547698103214', fallbackAttribute: true },
          ],
        },
      },
      { listProfileInfoResult: { finalResult: 'errorResult' } },
      {
        getRATResult: [
          {
            pprUpdateControl: false,
            ppr1: true,
            ppr2: false,
            allowedOperators: [{ mccMnc: '001F01' }],
            consentRequired: true,
          },
        ],
      },
    ]);
  });
});

describe('data request outcome (euiccDataResult)', () => {
  it('gives IpaEuiccData as onomondo-eim: addresses and token as values, the rest as hex of its own DER', () => {
    const pki = loadDefaultPki();
    const eum = pki.curves.get('P-256')?.eum?.certificate;
    if (!eum) throw new Error('no SGP.26 EUM');
    const response = IpaEuiccDataResponse.decode(
      IpaEuiccDataResponse.encode({
        ipaEuiccData: {
          defaultSmdpAddress: 'smdp.example.com',
          associationToken: 1,
          eumCertificate: eum.der,
          eimTransactionId: Buffer.alloc(16, 7),
          deviceInfo: { tac: Buffer.from('12345678', 'hex'), deviceCapabilities: {} },
        },
      }),
    );
    const [item] = dataResponseOutcome(response);
    expect(item).toEqual({
      euiccDataResult: {
        edrResult: 'ok',
        euiccData: {
          defaultSmdpAddress: 'smdp.example.com',
          associationToken: 1,
          // the certificate's own DER (30 …), as an euicc order takes it
          eumCertificate: eum.der.toString('hex').toUpperCase(),
          // DeviceInfo as a SEQUENCE (30), not under IpaEuiccData's [9]
          deviceInfo: '3008800412345678A100',
        },
      },
    });
  });

  it('gives an error as its edrResult name', () => {
    const response = IpaEuiccDataResponse.decode(
      IpaEuiccDataResponse.encode({
        ipaEuiccDataResponseError: { eimTransactionId: Buffer.alloc(16, 1), ipaEuiccDataErrorCode: 127 },
      }),
    );
    expect(dataResponseOutcome(response)).toEqual([{ euiccDataResult: { edrResult: 'undefinedError' } }]);
  });
});

describe('download outcome items (onomondo-eim shapes)', () => {
  it('gives an installation as {finalResult, iccid} and a cancellation as its one member', () => {
    expect(
      outcomeItem({
        kind: 'installed',
        iccid: '123456789abcdeffaaaa',
        isdpAid: '0102030405',
        transactionId: 'AB',
      }),
    ).toEqual({ profileInstallationResult: { finalResult: 'successResult', iccid: '123456789abcdeffaaaa' } });
    expect(outcomeItem({ kind: 'cancelled', reason: 5, transactionId: 'AB' })).toEqual({
      cancelSessionResult: 'ok',
    });
  });
});
