import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddInitialEimRequest, type EimPackageResult } from '../../src/asn1/sgp32/index.ts';
import { generateEcKeyPair } from '../../src/crypto/curve.ts';
import { downloadHandlers } from '../../src/eim/download/download-handlers.ts';
import type { DownloadOutcome } from '../../src/eim/download/download-outcome.ts';
import { es9Connector } from '../../src/eim/download/es9-connector.ts';
import { IndirectDownloadRelay } from '../../src/eim/download/indirect-download-relay.ts';
import type { DownloadOrders, PendingDownload } from '../../src/eim/download/pending-download.ts';
import { DEFAULT_RELAY_LIMITS } from '../../src/eim/download/relayed-sessions.ts';
import { downloadTrigger } from '../../src/eim/download/trigger.ts';
import { readTriggerResult } from '../../src/eim/download/trigger-result.ts';
import { EncodedEsipaAnswer, joinHandlers } from '../../src/eim/esipa/esipa-function.ts';
import type { EsipaExchange } from '../../src/eim/http/esipa-binding.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { runIpa } from '../../src/ipa/ipa-run.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import { iccidFromDigits } from '../../src/profile/iccid.ts';
import { profileRecordFrom } from '../../src/smdp/profile-catalogue.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { MemoryProfileRepository } from '../../src/store/memory/memory-profile-repository.ts';
import { postEsipa, startTestEim } from '../helpers/eim-harness.ts';
import { cancelAfterAuthenticateClient } from '../helpers/esipa-ipa-driver.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { uppWithIccid } from '../helpers/unique-upp.ts';

/**
 * SGP.32 3.2.1 indirect download with every part real, over HTTPS on loopback: the built-in IPA (`rspsim ipa
 * run`'s runIpa) polls our eIM, gets the download trigger and runs the download through the eIM's ESipa
 * binding, which relays it to our SM-DP+'s ES9+; the IoT software eUICC installs the profile, the PIR reaches
 * the SM-DP+ through the eIM, and the order's outcome is recorded. Both curves; also a relayed CancelSession
 * and an SM-DP+ refusal mapped to its ESipa error.
 */
const upp = readFileSync(new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url));
const profiles = new MemoryProfileRepository();
let smdp: RunningSmdp;
let orders = 0;

beforeAll(async () => {
  smdp = await startTestSmdp({}, { profiles });
});
afterAll(async () => {
  await smdp?.close();
});

/**
 * Our eIM with the download handlers, its queue reduced to one download order (served once by GetEimPackage),
 * an IoT eUICC whose eIM it is (AddInitialEim, indirect profile download), and a profile order at the SM-DP+.
 */
async function setUp(curve: 'P-256' | 'brainpoolP256r1', options: { matchingId?: string } = {}) {
  const matchingId = `EIM-INDIRECT-${++orders}`;
  const own = uppWithIccid(upp, 750 + orders);
  const record = profileRecordFrom({ matchingId, upp: '' }, own, smdp.address, { ccMaxAttempts: 3 });
  await profiles.add(record, own);

  const outcomes = new Map<string, DownloadOutcome>();
  let pending: PendingDownload | undefined;
  const orderBook: DownloadOrders = {
    byEimTransactionId: async (id) => (pending?.eimTransactionId.equals(id) ? pending : undefined),
    finish: async (download, outcome) => {
      outcomes.set(download.orderId, outcome);
      pending = undefined;
    },
  };
  const connect = es9Connector({ ca: smdp.caPem });
  const relay = new IndirectDownloadRelay({
    orders: orderBook,
    connect,
    limits: DEFAULT_RELAY_LIMITS,
    now: Date.now,
  });
  const order = { activationCode: `1$${smdp.address}$${options.matchingId ?? matchingId}` };
  const trigger = downloadTrigger(order);
  const exchanges: EsipaExchange[] = [];
  const reported: EimPackageResult[] = [];
  let served = false;
  const eim = await startTestEim(
    {},
    {
      onExchange: (exchange) => exchanges.push(exchange),
      handlers: joinHandlers([
        downloadHandlers({ relay, connect, packageResult: () => undefined }),
        {
          // The IPA reports a download that failed by ProvideEimPackageResult { BF54 profileDownloadError }.
          provideEimPackageResult: async (request) => {
            reported.push(request.eimPackageResult);
            return { provideEimPackageResultResponse: { emptyResponse: {} } };
          },
          getEimPackageRequest: async (_request, call) => {
            if (served || !pending) return { getEimPackageResponse: { eimPackageError: 1 } };
            served = true;
            relay.triggerSent(call.connection, pending);
            return new EncodedEsipaAnswer(trigger.der);
          },
        },
      ]),
    },
  );
  const card = await EuiccEmulator.create({ iot: true, curve });
  const es10 = new Es10Client(card);
  await es10.storeData(
    AddInitialEimRequest.encode({
      eimConfigurationDataList: [
        {
          eimId: eim.context.identity.eimId,
          eimFqdn: eim.address,
          counterValue: 0,
          associationToken: -1,
          eimPublicKeyData: {
            eimPublicKey: generateEcKeyPair(curve).publicKey.export({ type: 'spki', format: 'der' }),
          },
          indirectProfileDownload: null,
        },
      ],
    }),
  );
  const orderId = `order-${orders}`;
  pending = { orderId, eid: card.eid, order, eimTransactionId: trigger.eimTransactionId };
  const close = async () => {
    relay.close();
    await es10.close();
    await eim.close();
  };
  return {
    card,
    es10,
    eim,
    relay,
    trigger,
    exchanges,
    reported,
    outcome: () => outcomes.get(orderId),
    record,
    own,
    close,
  };
}

describe.each(['P-256', 'brainpoolP256r1'] as const)('indirect download through our eIM on %s', (curve) => {
  it('the built-in IPA installs the profile; the SM-DP+ gets the PIR from the eIM; the order records it', async () => {
    const { card, eim, relay, exchanges, outcome, record, own, close } = await setUp(curve);
    try {
      const report = await runIpa(card, { eimFqdn: eim.address, caPem: eim.caPem, once: true });
      expect(report.downloadMode).toBe('indirect');
      expect(report.cycles[0]?.items[0]).toMatchObject({ kind: 'profileDownloadTrigger', installed: true });
      expect(exchanges.map((e) => [e.function, e.httpStatus])).toEqual([
        ['getEimPackageRequest', 200],
        ['initiateAuthenticationRequestEsipa', 200],
        ['authenticateClientRequestEsipa', 200],
        ['getBoundProfilePackageRequestEsipa', 200],
        ['handleNotificationEsipa', 204],
        ['getEimPackageRequest', 200],
      ]);
      // The Bound Profile Package the eIM passed on is the SM-DP+'s: the profile is on the card element for element.
      const iccid = iccidFromDigits(record.iccid).toString('hex');
      expect(card.installedProfileElements(iccid)).toEqual(own);
      expect(outcome()).toMatchObject({ kind: 'installed', iccid });
      expect((await profiles.get(record.id))?.state).toBe('installed');
      expect(card.notifications).toEqual([]); // the IPA removed the PIR after the eIM's 204
      expect(relay.sessions.size).toBe(0);
    } finally {
      await close();
    }
  });

  it('relays a CancelSession (its A1 restored to BF41 for ES9+) and records the cancellation', async () => {
    const { es10, eim, relay, trigger, outcome, record, close } = await setUp(curve);
    try {
      const post = async (body: Buffer) => (await postEsipa(eim, body)).body;
      const cancelled = await cancelAfterAuthenticateClient(es10, post, trigger.der);
      expect(cancelled.toString('hex')).toBe('bf4102a000'); // cancelSessionOk
      expect(outcome()).toMatchObject({ kind: 'cancelled', reason: 1 });
      // The SM-DP+ verified the eUICC's signed answer and released the order again (SGP.22 5.6.5).
      expect((await profiles.get(record.id))?.state).toBe('released');
      expect(relay.sessions.size).toBe(0);
    } finally {
      await close();
    }
  });
});

describe('an SM-DP+ refusal relayed', () => {
  it('answers the ESipa error of the SM-DP+ status (8.2.6/3.8 → matchingIdRefused 6), records it, relays the IPA cancel', async () => {
    const { card, eim, exchanges, reported, trigger, outcome, close } = await setUp('P-256', {
      matchingId: 'NO-SUCH-ORDER',
    });
    try {
      const report = await runIpa(card, { eimFqdn: eim.address, caPem: eim.caPem, once: true });
      expect(report.cycles[0]?.items[0]).toMatchObject({ kind: 'profileDownloadTrigger', installed: false });
      const authenticate = exchanges.find((e) => e.function === 'authenticateClientRequestEsipa');
      expect(authenticate?.response?.toString('hex')).toBe('bf3b03820106'); // authenticateClientErrorEsipa 6
      expect(outcome()).toMatchObject({
        kind: 'procedureError',
        step: 'authenticateClient',
        code: 'matchingIdRefused',
      });
      // The IPA ended the eUICC's session with CancelSession, relayed though the SM-DP+ had closed its own.
      expect(exchanges.some((e) => e.function === 'cancelSessionRequestEsipa')).toBe(true);
      // The IPA reported the failed trigger (ProvideEimPackageResult BF54), echoing its eimTransactionId.
      const [result] = reported;
      if (!result) throw new Error('no ProvideEimPackageResult');
      expect(readTriggerResult(result, { eimTransactionId: trigger.eimTransactionId })).toMatchObject({
        kind: 'downloadError',
        profileDownloadErrorReason: 127,
      });
    } finally {
      await close();
    }
  });
});
