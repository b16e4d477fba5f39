import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOrder } from '../../src/eim/orders/create-order.ts';
import type { RunningEim } from '../../src/eim/start.ts';
import { runIpa } from '../../src/ipa/ipa-run.ts';
import { iotCardOfEim, postEsipa, smdpWithOrders, startTestEim } from '../helpers/eim-harness.ts';
import { type RecordedRequest, startEsipaResponder } from '../helpers/esipa-responder.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * The indirect download's relayed sessions live in the eIM's store (SGP.32 3.2; src/eim/download/
 * relayed-sessions.ts): the built-in IPA's ESipa requests reach our eIM through a front that picks the eIM
 * instance for each request (as a load balancer without affinity, or an eIM restarted between two steps), and
 * the download still completes: the IoT eUICC installs the profile and the order records the PIR.
 */
const lab = smdpWithOrders('EIM-SHARED', 950);
const postgres = process.env.RSPSIM_TEST_POSTGRES;

/**
 * An IPA's indirect download of one order through `front`, which picks an eIM per request: the IPA's report,
 * the order as the store keeps it, and which instance served each function.
 */
async function downloadThrough(first: RunningEim, pick: (request: RecordedRequest) => Promise<RunningEim>) {
  const { activationCode, iccid } = await lab.order();
  const card = await iotCardOfEim(first);
  const order = await createOrder(first.context, 'download', {
    eidValue: card.eid.toUpperCase(),
    order: { download: { activationCode } },
  });
  const served: [string | undefined, RunningEim][] = [];
  const front = await startEsipaResponder(async (request) => {
    const eim = await pick(request);
    served.push([request.function, eim]);
    const answer = await postEsipa(eim, request.body);
    const contentType = answer.headers['content-type'];
    return {
      status: answer.status,
      body: answer.body,
      ...(typeof contentType === 'string' ? { contentType } : {}),
    };
  });
  try {
    const report = await runIpa(card, { eimFqdn: front.fqdn, caPem: front.caPem, once: true });
    return { report, order: order.id, iccid: iccid.toString('hex'), card, served };
  } finally {
    await front.close();
  }
}

describe.skipIf(!postgres)('two eIM instances sharing PostgreSQL', () => {
  it('relay one indirect download between them, step by step', async () => {
    const store = `${postgres}?schema=eim_shared_${process.pid}`;
    const eims = [await startTestEim({ store }), await startTestEim({ store })] as const;
    try {
      let n = 0;
      const { report, order, iccid, card, served } = await downloadThrough(eims[0], async () =>
        n++ % 2 === 0 ? eims[0] : eims[1],
      );
      expect(report.cycles[0]?.items[0]).toMatchObject({ kind: 'profileDownloadTrigger', installed: true });
      // every step went to the other instance than the step before it
      expect(served.map(([fn, eim]) => [fn, eims.indexOf(eim as (typeof eims)[number])])).toEqual([
        ['getEimPackage', 0],
        ['initiateAuthentication', 1],
        ['authenticateClient', 0],
        ['getBoundProfilePackage', 1],
        ['handleNotification', 0],
        ['getEimPackage', 1],
      ]);
      expect(card.profiles.map((p) => p.iccid)).toContain(iccid);
      for (const eim of eims)
        expect(await eim.context.repository.order(order)).toMatchObject({
          status: 'done',
          outcome: [{ profileInstallationResult: { finalResult: 'successResult', iccid } }],
        });
      // the session ended with the PIR, for both
      expect(await eims[1].context.download?.relay.sessions.count()).toBe(0);
    } finally {
      for (const eim of eims) await eim.close();
    }
  });
});

describe('an eIM restarted in the middle of an indirect download (SQLite)', () => {
  it('continues the download it relayed before the restart', async () => {
    const store = `sqlite:${join(tempDir('eim-restart'), 'eim.db')}`;
    let eim = await startTestEim({ store });
    const before = eim;
    let restarted = false;
    try {
      const { report, order, iccid, card, served } = await downloadThrough(eim, async (request) => {
        // InitiateAuthentication was relayed by the first process; the rest goes to the restarted one
        if (request.function === 'authenticateClient' && !restarted) {
          restarted = true;
          await eim.close();
          eim = await startTestEim({ store });
        }
        return eim;
      });
      expect(restarted).toBe(true);
      expect(served.map(([fn, by]) => [fn, by === before ? 'before' : 'after'])).toEqual([
        ['getEimPackage', 'before'],
        ['initiateAuthentication', 'before'],
        ['authenticateClient', 'after'],
        ['getBoundProfilePackage', 'after'],
        ['handleNotification', 'after'],
        ['getEimPackage', 'after'],
      ]);
      expect(report.cycles[0]?.items[0]).toMatchObject({ kind: 'profileDownloadTrigger', installed: true });
      expect(card.profiles.map((p) => p.iccid)).toContain(iccid);
      expect(await eim.context.repository.order(order)).toMatchObject({
        status: 'done',
        outcome: [{ profileInstallationResult: { finalResult: 'successResult', iccid } }],
      });
    } finally {
      await eim.close();
    }
  });
});
