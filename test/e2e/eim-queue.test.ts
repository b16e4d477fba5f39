import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder } from '../../src/eim/orders/create-order.ts';
import type { RunningEim } from '../../src/eim/start.ts';
import { runIpa } from '../../src/ipa/ipa-run.ts';
import { iotCardOfEim, smdpWithOrders, startTestEim } from '../helpers/eim-harness.ts';

/**
 * The eIM's queue end to end on loopback HTTPS, every part ours and real: orders queued at `rspsim eim
 * start`'s server are fetched by the built-in IPA (runIpa); a download order runs the indirect download through
 * the eIM's relay to our SM-DP+; a data request teaches the eIM the eUICC's certificate; an enable PSMO is
 * signed by the eIM, executed by the IoT software eUICC, and its signed result verified. Both curves.
 */
const lab = smdpWithOrders('EIM-QUEUE', 850);
const { profiles } = lab;

describe.each(['P-256', 'brainpoolP256r1'] as const)(
  'orders of the eIM run by the built-in IPA on %s',
  (curve) => {
    let eim: RunningEim;
    beforeAll(async () => {
      eim = await startTestEim({ eimCurve: curve });
    });
    afterAll(async () => {
      await eim?.close();
    });

    it('downloads a profile through the eIM, learns CERT.EUICC, enables the profile with a verified result', async () => {
      const { activationCode, record, iccid: ordered } = await lab.order();
      const card = await iotCardOfEim(eim, curve);
      const eid = card.eid.toUpperCase();
      const queue = (facility: 'download' | 'edr' | 'psmo', order: Record<string, unknown>) =>
        createOrder(eim.context, facility, { eidValue: eid, order: order as never });

      const download = await queue('download', {
        download: { activationCode },
      });
      const first = await runIpa(card, { eimFqdn: eim.address, caPem: eim.caPem, once: true });
      expect(first.downloadMode).toBe('indirect');
      const iccid = ordered.toString('hex');
      expect(await eim.context.repository.order(download.id)).toMatchObject({
        status: 'done',
        outcome: [{ profileInstallationResult: { finalResult: 'successResult', iccid } }],
      });
      expect((await profiles.get(record.id))?.state).toBe('installed');

      const edr = await queue('edr', { edr: { tagList: 'A5A6' } });
      const enable = await queue('psmo', {
        psmo: [{ enable: { iccid: iccid.toUpperCase(), rollback: false } }],
      });
      await runIpa(card, { eimFqdn: eim.address, caPem: eim.caPem, once: true });
      expect((await eim.context.repository.order(edr.id))?.status).toBe('done');
      expect((await eim.context.repository.euicc(eid))?.euiccCertificate).toBeDefined();
      expect(await eim.context.repository.order(enable.id)).toMatchObject({
        status: 'done',
        outcome: [{ enableResult: 'ok' }],
      });
      expect(card.profiles.find((p) => p.iccid === iccid)?.state).toBe('enabled');
      // the package result was acknowledged and removed; the enable notification reached the SM-DP+ via the eIM
      expect(card.iot?.packageResults).toEqual([]);
      expect(card.notifications).toEqual([]);
    });
  },
);
