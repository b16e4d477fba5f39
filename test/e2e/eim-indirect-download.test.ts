import { describe, expect, it } from 'vitest';
import { GetEimPackageRequest } from '../../src/asn1/sgp32/index.ts';
import type { EsipaExchange } from '../../src/eim/http/esipa-binding.ts';
import { createOrder } from '../../src/eim/orders/create-order.ts';
import { runIpa } from '../../src/ipa/ipa-run.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import {
  iotCardOfEim,
  postEsipa,
  runEimOrder,
  smdpWithOrders,
  startTestEim,
} from '../helpers/eim-harness.ts';
import { cancelAfterAuthenticateClient } from '../helpers/esipa-ipa-driver.ts';

/**
 * SGP.32 3.2.1 indirect download with every part real, over HTTPS on loopback: the built-in IPA (`rspsim ipa
 * run`'s runIpa) polls our eIM, gets the download trigger and runs the download through the eIM's ESipa
 * binding, which relays it to our SM-DP+'s ES9+; the IoT software eUICC installs the profile, the PIR reaches
 * the SM-DP+ through the eIM, and the order's outcome is recorded. Both curves; also a relayed CancelSession
 * and an SM-DP+ refusal mapped to its ESipa error.
 */
const lab = smdpWithOrders('EIM-INDIRECT', 750);
const { profiles } = lab;

/**
 * Our eIM as `rspsim eim start` runs it (its ESipa registry with the download handlers, its work queue in
 * memory) with one download order for an IoT eUICC whose eIM it is (AddInitialEim, indirect profile download),
 * and the profile's order at our SM-DP+.
 */
async function setUp(curve: 'P-256' | 'brainpoolP256r1', options: { matchingId?: string } = {}) {
  const { matchingId, record, own, iccid } = await lab.order();
  const exchanges: EsipaExchange[] = [];
  const eim = await startTestEim({}, { onExchange: (exchange) => exchanges.push(exchange) });
  const card = await iotCardOfEim(eim, curve);
  const es10 = new Es10Client(card);
  const order = await createOrder(eim.context, 'download', {
    eidValue: card.eid.toUpperCase(),
    order: { download: { activationCode: `1$${lab.smdp.address}$${options.matchingId ?? matchingId}` } },
  });
  const close = async () => {
    await es10.close();
    await eim.close();
  };
  const lookup = async () => eim.context.repository.order(order.id);
  return { card, es10, eim, exchanges, lookup, record, own, iccid: iccid.toString('hex'), close };
}

describe.each(['P-256', 'brainpoolP256r1'] as const)('indirect download through our eIM on %s', (curve) => {
  it('the built-in IPA installs the profile; the SM-DP+ gets the PIR from the eIM; the order records it', async () => {
    const { card, eim, exchanges, lookup, record, own, iccid, close } = await setUp(curve);
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
      expect(card.installedProfileElements(iccid)).toEqual(own);
      const done = await lookup();
      expect(done?.status).toBe('done');
      expect(done?.outcome).toEqual([{ profileInstallationResult: { finalResult: 'successResult', iccid } }]);
      expect((await profiles.get(record.id))?.state).toBe('installed');
      expect(card.notifications).toEqual([]); // the IPA removed the PIR after the eIM's 204
    } finally {
      await close();
    }
  });

  it("learns CERT.EUICC from the relayed AuthenticateServerResponse: the next package's result verifies", async () => {
    const { card, eim, close } = await setUp(curve);
    try {
      expect((await eim.context.repository.euicc(card.eid.toUpperCase()))?.euiccCertificate).toBeUndefined();
      await runIpa(card, { eimFqdn: eim.address, caPem: eim.caPem, once: true });
      const known = await eim.context.repository.euicc(card.eid.toUpperCase());
      expect(known?.euiccCertificate?.subarray(0, 1).toString('hex')).toBe('30');
      // no data request first: the listProfileInfo result is verified with the certificate the download carried
      const { status, outcome } = await runEimOrder(eim, card, 'psmo', { psmo: [{ listProfileInfo: {} }] });
      expect(status).toBe('done');
      expect(JSON.stringify(outcome)).not.toContain('procedureError');
      expect(JSON.stringify(outcome).match(/"profileState"/g)).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it('relays a CancelSession (its A1 restored to BF41 for ES9+) and records the cancellation', async () => {
    const { card, es10, eim, lookup, record, close } = await setUp(curve);
    try {
      const post = async (body: Buffer) => (await postEsipa(eim, body)).body;
      const trigger = await post(GetEimPackageRequest.encode({ eidValue: Buffer.from(card.eid, 'hex') }));
      const cancelled = await cancelAfterAuthenticateClient(es10, post, trigger);
      expect(cancelled.toString('hex')).toBe('bf4102a000'); // cancelSessionOk
      expect((await lookup())?.outcome).toEqual([{ cancelSessionResult: 'ok' }]);
      // The SM-DP+ verified the eUICC's signed answer and released the order again (SGP.22 5.6.5).
      expect((await profiles.get(record.id))?.state).toBe('released');
    } finally {
      await close();
    }
  });
});

describe('an SM-DP+ refusal relayed', () => {
  it('answers the ESipa error of the SM-DP+ status (8.2.6/3.8 → matchingIdRefused 6), records it, relays the IPA cancel', async () => {
    const { card, eim, exchanges, lookup, close } = await setUp('P-256', { matchingId: 'NO-SUCH-ORDER' });
    try {
      const report = await runIpa(card, { eimFqdn: eim.address, caPem: eim.caPem, once: true });
      expect(report.cycles[0]?.items[0]).toMatchObject({ kind: 'profileDownloadTrigger', installed: false });
      const authenticate = exchanges.find((e) => e.function === 'authenticateClientRequestEsipa');
      expect(authenticate?.response?.toString('hex')).toBe('bf3b03820106'); // authenticateClientErrorEsipa 6
      expect((await lookup())?.outcome).toEqual([
        {
          procedureError: 'authenticateClientError',
          authenticateClientError: 'matchingIdRefused',
          detail: expect.stringContaining('8.2.6'),
        },
      ]);
      // The IPA ended the eUICC's session with CancelSession (relayed though the SM-DP+ had closed its own),
      // then reported the failed trigger (ProvideEimPackageResult BF54).
      const functions = exchanges.map((e) => e.function);
      expect(functions).toContain('cancelSessionRequestEsipa');
      expect(functions).toContain('provideEimPackageResult');
    } finally {
      await close();
    }
  });
});
