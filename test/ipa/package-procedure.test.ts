import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StoreMetadataRequest } from '../../src/asn1/rsp/index.ts';
import {
  AddInitialEimRequest,
  ProvideEimPackageResult,
  ProvideEimPackageResultResponse,
} from '../../src/asn1/sgp32/index.ts';
import { generateEcKeyPair } from '../../src/crypto/curve.ts';
import { signEuiccPackage } from '../../src/eim/euicc-package.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { newEuiccState } from '../../src/euicc/identity.ts';
import { emptyIotState } from '../../src/euicc/iot/iot-state.ts';
import { IotEs10Client } from '../../src/ipa/es10-iot-client.ts';
import { executeEuiccPackage, removeAcknowledged } from '../../src/ipa/package-procedure.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import { loadDefaultPki } from '../../src/pki/pki-store.ts';
import { readPackageResultReport } from '../helpers/package-result-report.ts';

/**
 * SGP.32 3.3.1 without HTTP: the eIM library signs a package, the IPA's procedure passes it to the IoT eUICC
 * and reports the result with the notifications it made, the eIM verifies and acknowledges them, the IPA
 * removes what was acknowledged. Both curves.
 */
const ICCID = Buffer.from('98001032547698103214', 'hex');

describe.each(['P-256', 'brainpoolP256r1'] as const)('the eUICC Package procedure on %s', (curve) => {
  it('runs a package end to end and leaves nothing pending', async () => {
    const state = { ...newEuiccState(loadDefaultPki(), curve), iot: emptyIotState() };
    state.profiles.push({
      iccid: ICCID.toString('hex'),
      isdpAid: 'A0000005591010FFFFFFFF8900001000',
      state: 'disabled',
      // the profile asks for enable notifications: the package makes one beside its result
      metadata: StoreMetadataRequest.encode({
        iccid: ICCID,
        serviceProviderName: 'Operator',
        profileName: 'IoT profile',
        notificationConfigurationInfo: [
          { profileManagementOperation: ['notificationEnable'], notificationAddress: 'smdp.example.com' },
        ],
      }).toString('base64'),
      profileElements: '',
    });
    const card = EuiccEmulator.fromState(state);
    const ipa = new IotEs10Client(new Es10Client(card));
    const eim = generateEcKeyPair(curve);
    await ipa.es10.storeData(
      AddInitialEimRequest.encode({
        eimConfigurationDataList: [
          {
            eimId: 'eim.example',
            counterValue: 7,
            associationToken: -1,
            eimPublicKeyData: { eimPublicKey: eim.publicKey.export({ type: 'spki', format: 'der' }) },
          },
        ],
      }),
    );
    const certs = (await ipa.getCerts()).value;
    if (!('certs' in certs)) throw new Error('no certificates');
    const euiccKey = new X509Certificate(certs.certs.euiccCertificate).publicKey;

    const target = { eimId: 'eim.example', eid: card.eid, counterValue: 8, associationToken: 1 };
    const signed = signEuiccPackage(target, { psmoList: [{ enable: { iccid: ICCID } }] }, eim.privateKey);
    const executed = await executeEuiccPackage(ipa, Buffer.from(card.eid, 'hex'), signed.der);
    expect(executed.seqNumbers).toHaveLength(2);

    const report = readPackageResultReport(executed.provideEimPackageResult, card.eid, euiccKey, {
      ...target,
      eimTransactionId: signed.eimTransactionId,
    });
    expect(report.outcome).toMatchObject({ kind: 'executed', results: [{ enableResult: 0 }] });
    expect(report.notifications).toHaveLength(1);
    // the enable notification; the package result (executed.seqNumbers[0]) the IPA removes itself
    expect(report.acknowledged).toEqual(executed.seqNumbers.slice(1));
    const answer = ProvideEimPackageResultResponse.decode(report.response);
    if (!('eimAcknowledgements' in answer)) throw new Error('no acknowledgements');
    expect(await removeAcknowledged(ipa, executed, answer.eimAcknowledgements)).toEqual(executed.seqNumbers);
    expect(card.notifications).toEqual([]);
    expect(card.iot?.packageResults).toEqual([]);
    expect(card.profiles[0]?.state).toBe('enabled');
  });
});

/**
 * SGP.32 6.3.2.7: a LoadEuiccPackage the eUICC answers with a status word instead of an EuiccPackageResult is
 * reported by the IPA itself, with the eimTransactionId of the package it passed on.
 */
describe('a package the eUICC refuses without a result', () => {
  const EID = Buffer.from('89049032123451234512345678901235', 'hex');
  /** A card answering every STORE DATA with one status word. */
  const refusingCard = (sw: number) =>
    new IotEs10Client(
      new Es10Client({
        openLogicalChannel: async () => 1,
        closeLogicalChannel: async () => undefined,
        transmit: async () => Buffer.from([sw >> 8, sw & 0xff]),
      }),
    );
  const { privateKey } = generateEcKeyPair('P-256');
  const signed = signEuiccPackage(
    { eimId: 'eim.example', eid: EID.toString('hex'), counterValue: 9 },
    { psmoList: [{ listProfileInfo: {} }] },
    privateKey,
  );
  const reported = async (sw: number) => {
    const executed = await executeEuiccPackage(refusingCard(sw), EID, signed.der);
    expect(executed.seqNumbers).toEqual([]);
    expect(executed.refusedByEuicc).toContain(sw.toString(16).toUpperCase());
    return ProvideEimPackageResult.decode(executed.provideEimPackageResult);
  };

  it('wrong data (6A80) is invalidPackageFormat, any other status word undefinedError, with the id', async () => {
    expect(await reported(0x6a80)).toEqual({
      eidValue: EID,
      eimPackageResult: {
        eimPackageResultResponseError: {
          eimTransactionId: signed.eimTransactionId,
          eimPackageResultErrorCode: 1,
        },
      },
    });
    expect((await reported(0x6f00)).eimPackageResult).toEqual({
      eimPackageResultResponseError: {
        eimTransactionId: signed.eimTransactionId,
        eimPackageResultErrorCode: 127,
      },
    });
  });

  it('a card that is gone is no refusal: the procedure fails', async () => {
    const gone = new IotEs10Client(
      new Es10Client({
        openLogicalChannel: async () => 1,
        closeLogicalChannel: async () => undefined,
        transmit: async () => {
          throw new Error('the reader was removed');
        },
      }),
    );
    await expect(executeEuiccPackage(gone, EID, signed.der)).rejects.toThrow('the reader was removed');
  });
});
