import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApduTransport } from '../../src/apdu/transport.ts';
import { StoreMetadataRequest } from '../../src/asn1/rsp/index.ts';
import {
  AddInitialEimRequest,
  type EimConfigurationData,
  EuiccPackageRequest,
  GetEimPackageRequest,
  GetEimPackageResponse,
} from '../../src/asn1/sgp32/index.ts';
import { generateEcKeyPair } from '../../src/crypto/curve.ts';
import { type SignedEuiccPackage, signEuiccPackage } from '../../src/eim/euicc-package.ts';
import { readPackageResultReport } from '../../src/eim/result-report.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { newEuiccState } from '../../src/euicc/identity.ts';
import { emptyIotState } from '../../src/euicc/iot/iot-state.ts';
import { IotEs10Client } from '../../src/ipa/es10-iot-client.ts';
import { runIpa } from '../../src/ipa/ipa-run.ts';
import { TERMINAL_CAPABILITY_APDU } from '../../src/ipa/start-up.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import { loadDefaultPki } from '../../src/pki/pki-store.ts';
import { type EsipaResponder, type Reply, startEsipaResponder } from '../helpers/esipa-responder.ts';

/**
 * The built-in IPA (SGP.32 3.1, 3.3.1, 3.5, 3.7) against a minimal scripted eIM over real HTTPS on loopback
 * and our IoT eUICC in process: the bytes it sends on ESipa and to the card, the package procedure with its
 * rollback, data requests, pending notifications, the eIM's TLS trust. Both curves where the eUICC signs.
 */
const ICCID_A = Buffer.from('98001032547698103214', 'hex');
const ICCID_B = Buffer.from('98001032547698103224', 'hex');
const EIM_ID = 'eim.test.example';
const NOTHING = GetEimPackageResponse.encode({ eimPackageError: 1 });

let responder: EsipaResponder | undefined;
afterEach(async () => {
  await responder?.close();
  responder = undefined;
});

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
async function iotCard(curve: 'P-256' | 'brainpoolP256r1', eim: Partial<EimConfigurationData>) {
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

/** The APDUs a transport passes, in order. */
function recording(card: EuiccEmulator): { transport: ApduTransport; apdus: Buffer[] } {
  const apdus: Buffer[] = [];
  return {
    apdus,
    transport: {
      openLogicalChannel: (aid) => card.openLogicalChannel(aid),
      closeLogicalChannel: (channel) => card.closeLogicalChannel(channel),
      transmit: (apdu) => {
        apdus.push(apdu);
        return card.transmit(apdu);
      },
    },
  };
}

/** STORE DATA payloads (ES10 requests) among APDUs: the data of each single-block command. */
const storeData = (apdus: Buffer[]) =>
  apdus
    .filter((apdu) => apdu[1] === 0xe2)
    .map((apdu) =>
      apdu
        .subarray(5, 5 + (apdu[4] ?? 0))
        .toString('hex')
        .toUpperCase(),
    );

describe.each(['P-256', 'brainpoolP256r1'] as const)('the built-in IPA on %s', (curve) => {
  it('starts up as the reference says, runs a package and removes what the eIM acknowledged', async () => {
    let signed: SignedEuiccPackage | undefined;
    let acknowledged: readonly number[] = [];
    const { card, sign, check } = await iotCard(curve, {});
    responder = await startEsipaResponder((request): Reply => {
      if (request.function === 'getEimPackage') {
        if (signed) return NOTHING;
        signed = sign({ psmoList: [{ enable: { iccid: ICCID_B } }] });
        return GetEimPackageResponse.encode({ euiccPackageRequest: EuiccPackageRequestOf(signed) });
      }
      if (request.function === 'provideEimPackageResult' && signed) {
        const report = check(request.body, signed);
        expect(report.outcome).toMatchObject({ kind: 'executed', results: [{ enableResult: 0 }] });
        acknowledged = report.acknowledged;
        return report.response;
      }
      return { status: 400 };
    });
    const { transport, apdus } = recording(card);
    const report = await runIpa(transport, { eimFqdn: responder.fqdn, caPem: responder.caPem, once: true });

    // start-up: TERMINAL CAPABILITY, then EID, eIM configuration, pending notifications (BF2B 00)
    expect(apdus[0]).toEqual(TERMINAL_CAPABILITY_APDU);
    expect(report.terminalCapabilitySw).toBe('9000');
    expect(storeData(apdus).slice(0, 3)).toEqual(['BF3E035C015A', 'BF5500', 'BF2B00']);
    // ESipa in the ASN.1 binding, its headers and the GetEimPackage body (SGP.32 6.1, 6.3.2.6)
    const first = responder.requests[0];
    expect(first?.path).toBe('/gsma/rsp2/asn1');
    expect(first?.headers['content-type']).toBe('application/x-gsma-rsp-asn1');
    expect(first?.headers['x-admin-protocol']).toBe('gsma/rsp/v2.1.0');
    expect(first?.headers['user-agent']).toBe('gsma-rsp-ipad');
    expect(first?.body).toEqual(GetEimPackageRequest.encode({ eidValue: Buffer.from(card.eid, 'hex') }));
    expect(responder.requests.map((r) => r.function)).toEqual([
      'getEimPackage',
      'provideEimPackageResult',
      'getEimPackage',
    ]);
    expect(acknowledged).toHaveLength(3); // the result, B's enable and A's disable notifications
    expect(report.cycles[0]?.items[0]).toMatchObject({ kind: 'euiccPackage', rolledBack: false });
    expect(report.cycles[0]?.ended).toBe('noEimPackageAvailable');
    expect(card.notifications).toEqual([]);
    expect(card.iot?.packageResults).toEqual([]);
    expect(card.profiles.find((p) => p.state === 'enabled')?.iccid).toBe(ICCID_B.toString('hex'));
  });

  it('rolls back once when the result cannot be delivered with the new profile, and reports the rollback', async () => {
    let signed: SignedEuiccPackage | undefined;
    let deliveries = 0;
    const { card, sign, check } = await iotCard(curve, {});
    responder = await startEsipaResponder((request): Reply => {
      if (request.function === 'getEimPackage') {
        if (signed) return NOTHING;
        signed = sign({ psmoList: [{ enable: { iccid: ICCID_B, rollbackFlag: null } }] });
        return GetEimPackageResponse.encode({ euiccPackageRequest: EuiccPackageRequestOf(signed) });
      }
      if (request.function === 'provideEimPackageResult' && signed) {
        // the first delivery gets no answer: what the device sees when the new profile has no connectivity
        if (++deliveries === 1) return 'drop';
        const report = check(request.body, signed);
        expect(report.outcome).toMatchObject({
          kind: 'executed',
          results: [{ enableResult: 0 }, { rollbackResult: 0 }],
        });
        return report.response;
      }
      return { status: 400 };
    });
    const report = await runIpa(card, { eimFqdn: responder.fqdn, caPem: responder.caPem, once: true });
    expect(deliveries).toBe(2);
    expect(report.cycles[0]?.items[0]).toMatchObject({ kind: 'euiccPackage', rolledBack: true });
    expect(card.profiles.find((p) => p.state === 'enabled')?.iccid).toBe(ICCID_A.toString('hex'));
    expect(card.notifications).toEqual([]);
  });
});

/** The EuiccPackageRequest value of a signed package, as GetEimPackageResponse carries it. */
const EuiccPackageRequestOf = (signed: SignedEuiccPackage) => EuiccPackageRequest.decode(signed.der);
