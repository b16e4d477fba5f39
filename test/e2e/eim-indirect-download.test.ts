import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTlv, readTlv } from '../../src/asn1/tlv.ts';
import type { DownloadOutcome } from '../../src/eim/download/download-outcome.ts';
import { es9Connector } from '../../src/eim/download/es9-connector.ts';
import { IndirectDownloadRelay } from '../../src/eim/download/indirect-download-relay.ts';
import { handleNotificationEsipa } from '../../src/eim/download/notification-relay.ts';
import type { DownloadOrders, PendingDownload } from '../../src/eim/download/pending-download.ts';
import { DEFAULT_RELAY_LIMITS } from '../../src/eim/download/relayed-sessions.ts';
import { downloadTrigger } from '../../src/eim/download/trigger.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import { iccidFromDigits } from '../../src/profile/iccid.ts';
import { profileRecordFrom } from '../../src/smdp/profile-catalogue.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { MemoryProfileRepository } from '../../src/store/memory/memory-profile-repository.ts';
import { type EsipaEndpoint, runIndirectDownload } from '../helpers/esipa-ipa-driver.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { uppWithIccid } from '../helpers/unique-upp.ts';

/**
 * SGP.32 3.2.1 indirect download end to end: the eIM's trigger, then each ESipa request of the IPA relayed by
 * the eIM to our SM-DP+'s ES9+ over real HTTPS on loopback, the IoT software eUICC installing the profile, the
 * PIR forwarded to the SM-DP+ by HandleNotification, and the order's outcome recorded — on both curves.
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

/** The eIM's work queue as the relay sees it: open orders by eimTransactionId, outcomes as recorded. */
class TestOrders implements DownloadOrders {
  readonly open = new Map<string, PendingDownload>();
  readonly outcomes = new Map<string, DownloadOutcome>();
  async byEimTransactionId(id: Buffer) {
    return this.open.get(id.toString('hex'));
  }
  async finish(download: PendingDownload, outcome: DownloadOutcome) {
    this.open.delete(download.eimTransactionId.toString('hex'));
    this.outcomes.set(download.orderId, outcome);
  }
}

/** A TLV in hex, for expected bytes (short lengths only). */
const tlv = (tag: string, value: string) =>
  `${tag}${(value.length / 2).toString(16).padStart(2, '0')}${value}`;

async function setUp(curve: 'P-256' | 'brainpoolP256r1') {
  const matchingId = `EIM-INDIRECT-${++orders}`;
  const own = uppWithIccid(upp, 700 + orders);
  const record = profileRecordFrom({ matchingId, upp: '' }, own, smdp.address, { ccMaxAttempts: 3 });
  await profiles.add(record, own);
  const euicc = await EuiccEmulator.create({ iot: true, curve });
  const es10 = new Es10Client(euicc);
  const queue = new TestOrders();
  const connect = es9Connector({ ca: smdp.caPem });
  const relay = new IndirectDownloadRelay({
    orders: queue,
    connect,
    limits: DEFAULT_RELAY_LIMITS,
    now: Date.now,
  });
  const esipa: EsipaEndpoint = {
    initiateAuthentication: (body) => relay.initiateAuthentication(body),
    authenticateClient: (body) => relay.authenticateClient(body),
    getBoundProfilePackage: (body) => relay.getBoundProfilePackage(body),
    cancelSession: (body) => relay.cancelSession(body),
    handleNotification: async (body) => {
      const handled = await handleNotificationEsipa(body, relay, connect);
      if (handled.kind !== 'delivered')
        throw new Error(`notification not delivered: ${JSON.stringify(handled)}`);
    },
  };
  const order = { activationCode: `LPA:1$${smdp.address}$${matchingId}` } as const;
  const trigger = downloadTrigger(order);
  const download: PendingDownload = {
    orderId: `order-${orders}`,
    eid: await es10.getEid(),
    order,
    eimTransactionId: trigger.eimTransactionId,
  };
  queue.open.set(trigger.eimTransactionId.toString('hex'), download);
  return { euicc, es10, queue, relay, esipa, trigger, download, record, own, matchingId };
}

describe.each(['P-256', 'brainpoolP256r1'] as const)('indirect download through the eIM on %s', (curve) => {
  it('installs the profile, forwards the PIR to the SM-DP+ and records the outcome', async () => {
    const { euicc, es10, queue, relay, esipa, trigger, download, record, own, matchingId } =
      await setUp(curve);
    try {
      const run = await runIndirectDownload(es10, esipa, trigger.der);
      // The trigger the IPA got: BF4F { BF54 { A0 { 80 "1$…" }, 82 eimTransactionId } }, no "LPA:" prefix.
      const ac = Buffer.from(`1$${smdp.address}$${matchingId}`).toString('hex');
      const trigger54 = tlv('a0', tlv('80', ac)) + tlv('82', trigger.eimTransactionId.toString('hex'));
      expect(trigger.der.toString('hex')).toBe(tlv('bf4f', tlv('bf54', trigger54)));
      expect(run.exchanges.map((e) => e.request.subarray(0, 2).toString('hex'))).toEqual([
        'bf39',
        'bf3b',
        'bf3a',
        'bf3d',
      ]);
      // Each eIM answer is its function's ok alternative ('A0') with the SM-DP+'s TransactionID first.
      for (const { request, response } of run.exchanges.slice(0, 3)) {
        const answer = readTlv(response ?? Buffer.alloc(0), 0);
        expect(answer.tag).toBe(readTlv(request, 0).tag);
        const ok = readTlv(answer.value, 0);
        expect(ok.tag).toBe(0xa0);
        expect(readTlv(ok.value, 0).bytes).toEqual(encodeTlv(0x80, run.transactionId ?? Buffer.alloc(0)));
      }
      // The profile the SM-DP+ bound is on the eUICC, element for element.
      const iccid = iccidFromDigits(record.iccid).toString('hex');
      expect(euicc.installedProfileElements(iccid)).toEqual(own);
      const outcome = queue.outcomes.get(download.orderId);
      expect(outcome).toMatchObject({
        kind: 'installed',
        iccid,
        transactionId: run.transactionId?.toString('hex').toUpperCase(),
      });
      // The SM-DP+ took the PIR from the eIM: the order is installed there (SGP.22 5.6.4).
      expect((await profiles.get(record.id))?.state).toBe('installed');
      expect(relay.sessions.size).toBe(0);
    } finally {
      relay.close();
    }
  });

  it('relays a CancelSession (A1 restored to BF41) and records the cancellation', async () => {
    const { es10, queue, relay, esipa, trigger, download, record } = await setUp(curve);
    try {
      const run = await runIndirectDownload(es10, esipa, trigger.der, {
        cancelAfterAuthenticateClient: true,
      });
      const cancel = run.exchanges.at(-1);
      expect(cancel?.response?.toString('hex')).toBe('bf4102a000'); // cancelSessionOk
      expect(queue.outcomes.get(download.orderId)).toMatchObject({ kind: 'cancelled', reason: 1 });
      // The SM-DP+ verified the eUICC's signed answer and released the order again (SGP.22 5.6.5).
      expect((await profiles.get(record.id))?.state).toBe('released');
      expect(relay.sessions.size).toBe(0);
    } finally {
      relay.close();
    }
  });
});
