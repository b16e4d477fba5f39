/**
 * An IoT eUICC for the IPA's tests (SGP.32): two profiles (A enabled, B disabled, both asking for enable and
 * disable notifications) and one eIM installed by AddInitialEim with a fresh key; `sign` makes that eIM's
 * packages (counter +1 each), `check` reads a result the way an eIM does.
 */
import { X509Certificate } from 'node:crypto';
import { StoreMetadataRequest } from '../../src/asn1/rsp/index.ts';
import { AddInitialEimRequest, type EimConfigurationData } from '../../src/asn1/sgp32/index.ts';
import { generateEcKeyPair } from '../../src/crypto/curve.ts';
import { type SignedEuiccPackage, signEuiccPackage } from '../../src/eim/euicc-package.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { newEuiccState } from '../../src/euicc/identity.ts';
import { emptyIotState } from '../../src/euicc/iot/iot-state.ts';
import { IotEs10Client } from '../../src/ipa/es10-iot-client.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import { loadDefaultPki } from '../../src/pki/pki-store.ts';
import { readPackageResultReport } from './package-result-report.ts';

export const ICCID_A = Buffer.from('98001032547698103214', 'hex');
export const ICCID_B = Buffer.from('98001032547698103224', 'hex');
export const EIM_ID = 'eim.test.example';

function profile(iccid: Buffer, state: 'enabled' | 'disabled', aid: string) {
  return {
    iccid: iccid.toString('hex'),
    isdpAid: aid,
    state,
    metadata: StoreMetadataRequest.encode({
      iccid,
      serviceProviderName: 'Operator',
      profileName: `IoT ${aid.slice(-4)}`,
      notificationConfigurationInfo: [
        {
          profileManagementOperation: ['notificationEnable', 'notificationDisable'],
          notificationAddress: 'smdp.example.com',
        },
      ],
    }).toString('base64'),
    profileElements: '',
  };
}

/** An IoT eUICC with profile A enabled and B disabled, its eIM installed by AddInitialEim. */
export async function iotCard(curve: 'P-256' | 'brainpoolP256r1', eim: Partial<EimConfigurationData>) {
  const state = { ...newEuiccState(loadDefaultPki(), curve), iot: emptyIotState() };
  state.profiles.push(
    profile(ICCID_A, 'enabled', 'A0000005591010FFFFFFFF8900001000'),
    profile(ICCID_B, 'disabled', 'A0000005591010FFFFFFFF8900001100'),
  );
  const card = EuiccEmulator.fromState(state);
  const keys = generateEcKeyPair(curve);
  const es10 = new Es10Client(card);
  await es10.storeData(
    AddInitialEimRequest.encode({
      eimConfigurationDataList: [
        {
          eimId: EIM_ID,
          counterValue: 0,
          associationToken: -1,
          eimPublicKeyData: { eimPublicKey: keys.publicKey.export({ type: 'spki', format: 'der' }) },
          ...eim,
        },
      ],
    }),
  );
  const certs = (await new IotEs10Client(es10).getCerts()).value;
  await es10.close();
  if (!('certs' in certs)) throw new Error('no certificates');
  const euiccKey = new X509Certificate(certs.certs.euiccCertificate).publicKey;
  let counter = 0;
  const sign = (euiccPackage: Parameters<typeof signEuiccPackage>[1]) =>
    signEuiccPackage(
      { eimId: EIM_ID, eid: card.eid, counterValue: ++counter, associationToken: 1 },
      euiccPackage,
      keys.privateKey,
    );
  /** The eIM's check of a result for `signed`, and its answer. */
  const check = (body: Buffer, signed: SignedEuiccPackage) =>
    readPackageResultReport(body, card.eid, euiccKey, {
      eimId: EIM_ID,
      counterValue: counter,
      eimTransactionId: signed.eimTransactionId,
      associationToken: 1,
    });
  return { card, sign, check };
}
