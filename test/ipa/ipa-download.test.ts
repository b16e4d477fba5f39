import { describe, expect, it } from 'vitest';
import type { ApduTransport } from '../../src/apdu/transport.ts';
import {
  GetEimPackageResponse,
  HandleNotificationEsipa,
  type ProfileDownloadTriggerRequest,
  ProvideEimPackageResult,
  ProvideEimPackageResultResponse,
} from '../../src/asn1/sgp32/index.ts';
import { encodeTlv, readChildren, readTlv } from '../../src/asn1/tlv.ts';
import { type EsipaTraceLine, traceLine } from '../../src/ipa/esipa-trace.ts';
import { runIpa } from '../../src/ipa/ipa-run.ts';
import { smdpWithOrders } from '../helpers/eim-harness.ts';
import { es9Relay } from '../helpers/esipa-es9-relay.ts';
import { type Reply, startEsipaResponder } from '../helpers/esipa-responder.ts';
import { httpsJson } from '../helpers/https-json.ts';
import { iotCard } from '../helpers/iot-card.ts';

/**
 * Profile download triggers through the built-in IPA (SGP.32 3.2.3): a scripted eIM sends BF54 with an
 * activation code of our SM-DP+ over real HTTPS; indirect, the eIM relays ES9+ (a test relay) and gets the
 * ProfileInstallationResult by HandleNotification; direct, the IPA downloads itself and reports BF54 with
 * the result. Both curves.
 */
const lab = smdpWithOrders('IPA-DOWNLOAD', 700);
const order = () => lab.order();

describe.each(['P-256', 'brainpoolP256r1'] as const)('download triggers on %s', (curve) => {
  it('indirect: the IPA relays through the eIM and the PIR comes back by HandleNotification', async () => {
    const { activationCode, iccid } = await order();
    const { card } = await iotCard(curve, { indirectProfileDownload: null });
    const relay = es9Relay(lab.smdp.address, lab.smdp.caPem);
    const eimTransactionId = Buffer.alloc(16, 7);
    let triggered = false;
    const responder = await startEsipaResponder(async (request): Promise<Reply> => {
      if (request.function === 'getEimPackage') {
        if (triggered) return GetEimPackageResponse.encode({ eimPackageError: 1 });
        triggered = true;
        return GetEimPackageResponse.encode({
          profileDownloadTriggerRequest: { profileDownloadData: { activationCode }, eimTransactionId },
        });
      }
      return (await relay.relay(request)) ?? { status: 400 };
    });
    try {
      const trace: EsipaTraceLine[] = [];
      const report = await runIpa(card, {
        caPem: responder.caPem,
        eimFqdn: responder.fqdn,
        once: true,
        onExchange: (exchange) => trace.push(traceLine(exchange, new Date(0))),
      });
      expect(report.downloadMode).toBe('indirect');
      // the IPA's decoded trace names the SM-DP+'s TransactionID: the ES9+ side of the same download
      const ids = new Set(trace.flatMap((line) => (line.transactionId ? [line.transactionId] : [])));
      expect(trace.filter((line) => line.transactionId).map((line) => line.function)).toEqual([
        'initiateAuthentication',
        'authenticateClient',
        'getBoundProfilePackage',
        'handleNotification',
      ]);
      expect(ids.size).toBe(1);
      const [transactionId] = ids;
      const es9 = await httpsJson(`${lab.smdp.url}/admin/sessions/${transactionId}`, {
        ca: lab.smdp.caPem,
        token: lab.smdp.adminToken,
      });
      expect(es9.body.exchanges.map((e: { function: string }) => e.function)).toEqual([
        'initiateAuthentication',
        'authenticateClient',
        'getBoundProfilePackage',
        'handleNotification',
      ]);
      expect(relay.relayed).toEqual([
        'initiateAuthentication',
        'authenticateClient',
        'getBoundProfilePackage',
        'handleNotification',
      ]);
      const initiate = responder.requests.find((r) => r.function === 'initiateAuthentication');
      expect(initiate?.body.subarray(0, 2).toString('hex')).toBe('bf39');
      const notified = responder.requests.find((r) => r.function === 'handleNotification');
      const notification = HandleNotificationEsipa.decode(notified?.body ?? Buffer.alloc(0));
      expect(
        'pendingNotification' in notification &&
          'profileInstallationResult' in notification.pendingNotification,
      ).toBe(true);
      expect(report.cycles[0]?.items[0]).toMatchObject({ kind: 'profileDownloadTrigger', installed: true });
      expect(card.profiles.map((p) => p.iccid)).toContain(iccid.toString('hex'));
      expect(card.notifications).toEqual([]);
    } finally {
      relay.close();
      await responder.close();
    }
  });

  it('direct: the IPA downloads from the SM-DP+ and reports BF54 with the ProfileInstallationResult', async () => {
    const { activationCode, iccid } = await order();
    const { card } = await iotCard(curve, {});
    const eimTransactionId = Buffer.alloc(16, 9);
    const { report, result } = await directTrigger(card, {
      profileDownloadData: { activationCode },
      eimTransactionId,
    });
    expect(report.downloadMode).toBe('direct');
    expect(result.eidValue?.toString('hex').toUpperCase()).toBe(card.eid);
    const data = result.eimPackageResult;
    if (!('profileDownloadTriggerResult' in data)) throw new Error('no BF54 result');
    expect(data.profileDownloadTriggerResult.eimTransactionId).toEqual(eimTransactionId);
    const pir = data.profileDownloadTriggerResult.profileDownloadTriggerResultData;
    if (!('profileInstallationResult' in pir)) throw new Error('no ProfileInstallationResult');
    const installed = pir.profileInstallationResult.profileInstallationResultData;
    expect('successResult' in installed.finalResult).toBe(true);
    expect(installed.notificationMetadata.iccid).toEqual(iccid);
    expect(card.profiles.map((p) => p.iccid)).toContain(iccid.toString('hex'));
  });

  it("direct: BF54 carries the eUICC's own ProfileInstallationResult, an unknown field included", async () => {
    const { activationCode } = await order();
    const { card } = await iotCard(curve, {});
    // SGP.32 3.2.3.2 / SGP.22 5.7.6: euiccSignPIR covers the eUICC's bytes, so the IPA passes the PIR on as
    // the eUICC made it; a newer eUICC's field (EXTENSIBILITY IMPLIED) must survive (no re-encoding).
    let pir: Buffer | undefined;
    const extending: ApduTransport = {
      openLogicalChannel: (aid) => card.openLogicalChannel(aid),
      closeLogicalChannel: (channel) => card.closeLogicalChannel(channel),
      transmit: async (apdu) => {
        const response = await card.transmit(apdu);
        if (response.length < 4 || response.readUInt16BE(0) !== 0xbf37) return response;
        // after euiccSignPIR, where the signature (over profileInstallationResultData) stays valid
        const children = readChildren(readTlv(response.subarray(0, -2), 0).value).map((child) => child.bytes);
        pir = encodeTlv(0xbf37, ...children, Buffer.from('df7f03cafe01', 'hex'));
        return Buffer.concat([pir, response.subarray(-2)]);
      },
    };
    const { result, body } = await directTrigger(extending, {
      profileDownloadData: { activationCode },
    });
    if (!pir) throw new Error('the eUICC gave no ProfileInstallationResult');
    expect('profileDownloadTriggerResult' in result.eimPackageResult).toBe(true);
    // BF50 { 5A eid, BF54 { BF37 … } }: the eUICC's TLV as it sent it
    const bf54 = readChildren(readTlv(body, 0).value)[1];
    expect(bf54 && readChildren(readTlv(bf54.bytes, 0).value).map((child) => child.bytes)).toContainEqual(
      pir,
    );
  });

  it('reports a download the SM-DP+ refuses as profileDownloadError', async () => {
    const { card } = await iotCard(curve, {});
    const { report, result } = await directTrigger(card, {
      profileDownloadData: { activationCode: `1$${lab.smdp.address}$NO-SUCH-ORDER` },
    });
    expect(report.cycles[0]?.items[0]).toMatchObject({ kind: 'profileDownloadTrigger', installed: false });
    const data = result.eimPackageResult;
    if (!('profileDownloadTriggerResult' in data)) throw new Error('no BF54 result');
    expect(data.profileDownloadTriggerResult.profileDownloadTriggerResultData).toEqual({
      profileDownloadError: { profileDownloadErrorReason: 127 },
    });
  });
});

/** One direct download trigger from a scripted eIM: the IPA's report and the ProvideEimPackageResult it sent. */
async function directTrigger(card: ApduTransport, trigger: ProfileDownloadTriggerRequest) {
  let result: ProvideEimPackageResult | undefined;
  let body: Buffer = Buffer.alloc(0);
  const responder = await startEsipaResponder((request): Reply => {
    if (request.function === 'getEimPackage')
      return GetEimPackageResponse.encode(
        result ? { eimPackageError: 1 } : { profileDownloadTriggerRequest: trigger },
      );
    if (request.function !== 'provideEimPackageResult') return { status: 400 };
    body = request.body;
    result = ProvideEimPackageResult.decode(request.body);
    return ProvideEimPackageResultResponse.encode({ emptyResponse: {} });
  });
  try {
    const options = {
      caPem: responder.caPem,
      eimFqdn: responder.fqdn,
      es9: { ca: lab.smdp.caPem },
      once: true,
    };
    const report = await runIpa(card, options);
    if (!result) throw new Error('no ProvideEimPackageResult');
    return { report, result, body };
  } finally {
    await responder.close();
  }
}
