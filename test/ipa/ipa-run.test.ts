import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApduTransport } from '../../src/apdu/transport.ts';
import {
  EuiccPackageRequest,
  GetEimPackageRequest,
  GetEimPackageResponse,
  HandleNotificationEsipa,
  ProvideEimPackageResult,
  ProvideEimPackageResultResponse,
} from '../../src/asn1/sgp32/index.ts';
import { generateEcKeyPair } from '../../src/crypto/curve.ts';
import type { SignedEuiccPackage } from '../../src/eim/euicc-package.ts';
import { TlsTrustError } from '../../src/errors/client-errors.ts';
import type { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { runIpa } from '../../src/ipa/ipa-run.ts';
import { TERMINAL_CAPABILITY_APDU } from '../../src/ipa/start-up.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import { type EsipaResponder, type Reply, startEsipaResponder } from '../helpers/esipa-responder.ts';
import { ICCID_A, ICCID_B, iotCard } from '../helpers/iot-card.ts';

/**
 * The built-in IPA (SGP.32 3.1, 3.3.1, 3.5, 3.7) against a minimal scripted eIM over real HTTPS on loopback
 * and our IoT eUICC in process: the bytes it sends on ESipa and to the card, the package procedure with its
 * rollback, data requests, pending notifications, the eIM's TLS trust. Both curves where the eUICC signs.
 */
const NOTHING = GetEimPackageResponse.encode({ eimPackageError: 1 });

let responder: EsipaResponder | undefined;
afterEach(async () => {
  await responder?.close();
  responder = undefined;
});

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
    // B's enable and A's disable notifications; the IPA removes the package result itself (SGP.32 3.3.1 15-17)
    expect(acknowledged).toHaveLength(2);
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

describe('the built-in IPA, its other procedures', () => {
  it('answers an eUICC data request with the v1.2 IpaEuiccData, taking the v1.0 tag list', async () => {
    const { card } = await iotCard('P-256', {});
    const eimTransactionId = Buffer.alloc(16, 3);
    const answers: Buffer[] = [];
    const requests = [
      '80BF20BF228384A5A688A9BF2B', // what onomondo-eim and the osmo-ttcn3 eim suite send (v1.0)
      '99', // no such item
    ];
    responder = await startEsipaResponder((request): Reply => {
      if (request.function === 'getEimPackage') {
        const tagList = requests.shift();
        return GetEimPackageResponse.encode(
          tagList === undefined
            ? { eimPackageError: 1 }
            : { ipaEuiccDataRequest: { tagList: Buffer.from(tagList, 'hex'), eimTransactionId } },
        );
      }
      answers.push(request.body);
      return ProvideEimPackageResultResponse.encode({ emptyResponse: {} });
    });
    await runIpa(card, { eimFqdn: responder.fqdn, caPem: responder.caPem, once: true });
    const [data, refused] = answers.map((body) => ProvideEimPackageResult.decode(body).eimPackageResult);
    if (!data || !('ipaEuiccDataResponse' in data) || !('ipaEuiccData' in data.ipaEuiccDataResponse))
      throw new Error('no IpaEuiccData');
    const euiccData = data.ipaEuiccDataResponse.ipaEuiccData;
    expect(Object.keys(euiccData).sort()).toEqual(
      [
        'notificationsList',
        'euiccInfo1',
        'euiccInfo2',
        'rootSmdsAddress',
        'associationToken',
        'eumCertificate',
        'euiccCertificate',
        'eimTransactionId',
        'ipaCapabilities',
        'deviceInfo',
      ].sort(),
    );
    expect(euiccData.associationToken).toBe(1);
    expect(euiccData.eimTransactionId).toEqual(eimTransactionId);
    expect(euiccData.ipaCapabilities?.ipaFeatures).toEqual([
      'directRspServerCommunication',
      'indirectRspServerCommunication',
    ]);
    expect(refused).toEqual({
      ipaEuiccDataResponse: { ipaEuiccDataResponseError: { eimTransactionId, ipaEuiccDataErrorCode: 1 } },
    });
  });

  it('sends pending notifications first, by HandleNotification, and removes those the eIM took', async () => {
    const { card } = await iotCard('P-256', {});
    const es10 = new Es10Client(card);
    await es10.disableProfile(ICCID_A); // the profile asks for a disable notification
    await es10.close();
    expect(card.notifications).toHaveLength(1);
    responder = await startEsipaResponder(
      (request): Reply => (request.function === 'handleNotification' ? { status: 200 } : NOTHING),
    );
    const report = await runIpa(card, { eimFqdn: responder.fqdn, caPem: responder.caPem, once: true });
    expect(responder.requests.map((r) => r.function)).toEqual(['handleNotification', 'getEimPackage']);
    const sent = HandleNotificationEsipa.decode(responder.requests[0]?.body ?? Buffer.alloc(0));
    expect('pendingNotification' in sent && 'otherSignedNotification' in sent.pendingNotification).toBe(true);
    expect(report.pending).toMatchObject([{ kind: 'notification', delivered: true }]);
    expect(card.notifications).toEqual([]);
  });

  it('rolls back when the connectivity check fails for the profile a package enabled', async () => {
    let signed: SignedEuiccPackage | undefined;
    const { card, sign, check } = await iotCard('P-256', {});
    const checked: string[] = [];
    responder = await startEsipaResponder((request): Reply => {
      if (request.function === 'getEimPackage') {
        if (signed) return NOTHING;
        signed = sign({ psmoList: [{ enable: { iccid: ICCID_B, rollbackFlag: null } }] });
        return GetEimPackageResponse.encode({ euiccPackageRequest: EuiccPackageRequest.decode(signed.der) });
      }
      if (!signed) return { status: 400 };
      const report = check(request.body, signed);
      expect(report.outcome).toMatchObject({ results: [{ enableResult: 0 }, { rollbackResult: 0 }] });
      return report.response;
    });
    const report = await runIpa(card, {
      eimFqdn: responder.fqdn,
      caPem: responder.caPem,
      once: true,
      connectivityCheck: async (iccid) => {
        checked.push(iccid.toString('hex'));
        return !iccid.equals(ICCID_B);
      },
    });
    // asked before the poll for A (fine), then after the package for B (no connectivity)
    expect(checked).toEqual([ICCID_A.toString('hex'), ICCID_B.toString('hex')]);
    expect(report.cycles[0]?.items[0]).toMatchObject({ kind: 'euiccPackage', rolledBack: true });
    expect(card.profiles.find((p) => p.state === 'enabled')?.iccid).toBe(ICCID_A.toString('hex'));
  });

  it('falls back when the enabled profile gives no connectivity, and tells the eIM (stateChangeCause fallback)', async () => {
    let signed: SignedEuiccPackage | undefined;
    const { card, sign, check } = await iotCard('P-256', {});
    responder = await startEsipaResponder((request): Reply => {
      if (request.function === 'getEimPackage') {
        if (signed) return NOTHING;
        signed = sign({ psmoList: [{ setFallbackAttribute: { iccid: ICCID_B } }] });
        return GetEimPackageResponse.encode({ euiccPackageRequest: EuiccPackageRequest.decode(signed.der) });
      }
      return signed ? check(request.body, signed).response : { status: 400 };
    });
    const options = { eimFqdn: responder.fqdn, caPem: responder.caPem, once: true };
    await runIpa(card, options);
    expect(card.iot?.fallbackIccid).toBe(ICCID_B.toString('hex'));
    await runIpa(card, { ...options, connectivityCheck: async (iccid) => !iccid.equals(ICCID_A) });
    expect(card.profiles.find((p) => p.state === 'enabled')?.iccid).toBe(ICCID_B.toString('hex'));
    const polls = responder.requests.filter((r) => r.function === 'getEimPackage');
    expect(polls.at(-1)?.body).toEqual(
      GetEimPackageRequest.encode({
        eidValue: Buffer.from(card.eid, 'hex'),
        notifyStateChange: null,
        stateChangeCause: 1,
      }),
    );
  });

  it('ends the cycle on an eimPackageError, and fails a --once run when the eIM answers outside the binding', async () => {
    const { card } = await iotCard('P-256', {});
    responder = await startEsipaResponder(() => GetEimPackageResponse.encode({ eimPackageError: 127 }));
    const report = await runIpa(card, { eimFqdn: responder.fqdn, caPem: responder.caPem, once: true });
    expect(report.cycles[0]?.ended).toBe('undefinedError');
    await responder.close();
    responder = await startEsipaResponder(() => ({
      status: 500,
      body: Buffer.from('boom'),
      contentType: 'text/plain',
    }));
    await expect(
      runIpa(card, { eimFqdn: responder.fqdn, caPem: responder.caPem, once: true }),
    ).rejects.toThrow(/ESipa getEimPackage: HTTP 500: boom/);
    await expect(runIpa(card, { eimFqdn: 'eim/x', once: true })).rejects.toThrow(
      'ESipa: the eIM address "eim/x" is not a host[:port]',
    );
  });

  it("trusts the eIM's TLS as the eUICC's trustedPublicKeyDataTls says, and writes nothing to another server", async () => {
    responder = await startEsipaResponder(() => NOTHING);
    const leafKey = new X509Certificate(responder.certPem).publicKey.export({ type: 'spki', format: 'der' });
    const { card: pinned } = await iotCard('P-256', {
      trustedPublicKeyDataTls: { trustedEimPkTls: leafKey },
    });
    await runIpa(pinned, { eimFqdn: responder.fqdn, once: true });
    const ci = new X509Certificate(responder.caPem).raw;
    const { card: anchored } = await iotCard('P-256', {
      trustedPublicKeyDataTls: { trustedCertificateTls: ci },
    });
    await runIpa(anchored, { eimFqdn: responder.fqdn, once: true });
    expect(responder.requests).toHaveLength(2);
    const otherKey = generateEcKeyPair('P-256').publicKey.export({ type: 'spki', format: 'der' });
    const { card: wrong } = await iotCard('P-256', {
      trustedPublicKeyDataTls: { trustedEimPkTls: otherKey },
    });
    await expect(runIpa(wrong, { eimFqdn: responder.fqdn, once: true })).rejects.toThrow(TlsTrustError);
    expect(responder.requests).toHaveLength(2);
  });
});

describe('the polling loop', () => {
  it('polls again after the interval, sends what an emptyResponse left, and backs off after a failure', async () => {
    let signed: SignedEuiccPackage | undefined;
    let polls = 0;
    const { card, sign } = await iotCard('P-256', {});
    responder = await startEsipaResponder((request): Reply => {
      if (request.function === 'getEimPackage') {
        polls++;
        if (polls === 1) {
          signed = sign({ psmoList: [{ enable: { iccid: ICCID_B } }] });
          return GetEimPackageResponse.encode({
            euiccPackageRequest: EuiccPackageRequest.decode(signed.der),
          });
        }
        return polls === 2 ? NOTHING : { status: 503 };
      }
      if (request.function === 'provideEimPackageResult')
        return ProvideEimPackageResultResponse.encode({ emptyResponse: {} });
      return { status: 200 }; // HandleNotification
    });
    const stop = new AbortController();
    const waits: number[] = [];
    const cycles: string[] = [];
    const report = await runIpa(card, {
      eimFqdn: responder.fqdn,
      caPem: responder.caPem,
      intervalMs: 1000,
      signal: stop.signal,
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 2) stop.abort();
      },
      onCycle: (cycle) => cycles.push(cycle instanceof Error ? cycle.message : cycle.ended),
    });
    expect(cycles).toEqual(['noEimPackageAvailable', 'ESipa getEimPackage: HTTP 503']);
    expect(waits).toEqual([1000, 2000]);
    // the result was removed after emptyResponse; its two notifications went by HandleNotification next cycle
    expect(report.pending).toMatchObject([
      { kind: 'notification', delivered: true },
      { kind: 'notification', delivered: true },
    ]);
    expect(card.notifications).toEqual([]);
    expect(card.iot?.packageResults).toEqual([]);
  });
});
