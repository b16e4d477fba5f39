import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder } from '../../src/eim/orders/create-order.ts';
import { addInitialEimRequestDer } from '../../src/eim/server/eim-configuration.ts';
import type { RunningEim } from '../../src/eim/start.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { runIpa } from '../../src/ipa/ipa-run.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import { iccidFromDigits } from '../../src/profile/iccid.ts';
import { profileRecordFrom } from '../../src/smdp/profile-catalogue.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { MemoryProfileRepository } from '../../src/store/memory/memory-profile-repository.ts';
import { startTestEim } from '../helpers/eim-harness.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { uppWithIccid } from '../helpers/unique-upp.ts';

/**
 * The eIM's queue end to end on loopback HTTPS, every part ours and real: orders queued at `rspsim eim
 * start`'s server are fetched by the built-in IPA (runIpa); a download order runs the indirect download through
 * the eIM's relay to our SM-DP+; a data request teaches the eIM the eUICC's certificate; an enable PSMO is
 * signed by the eIM, executed by the IoT software eUICC, and its signed result verified. Both curves.
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
      const matchingId = `EIM-QUEUE-${curve}-${++orders}`;
      const own = uppWithIccid(upp, 850 + orders);
      const record = profileRecordFrom({ matchingId, upp: '' }, own, smdp.address, { ccMaxAttempts: 3 });
      await profiles.add(record, own);
      const card = await EuiccEmulator.create({ curve, iot: true });
      const es10 = new Es10Client(card);
      await es10.storeData(addInitialEimRequestDer(eim.context));
      const eid = card.eid.toUpperCase();
      const queue = (facility: 'download' | 'edr' | 'psmo', order: Record<string, unknown>) =>
        createOrder(eim.context, facility, { eidValue: eid, order: order as never });

      const download = await queue('download', {
        download: { activationCode: `1$${smdp.address}$${matchingId}` },
      });
      const first = await runIpa(card, { eimFqdn: eim.address, caPem: eim.caPem, once: true });
      expect(first.downloadMode).toBe('indirect');
      const iccid = iccidFromDigits(record.iccid).toString('hex');
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
      await es10.close();
    });
  },
);
