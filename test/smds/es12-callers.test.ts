/**
 * Issue 25, finding 3: any accepted ES12 caller could delete another SM-DP+'s event, register an event for
 * an address not its own, and fill an EID's 64 slots so that the rightful SM-DP+ got 1.2/4.2. Each Event
 * Record is now bound to the caller that registered it (its TLS certificate), on every store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_LIMITS } from '../../src/smds/event-store.ts';
import type { RunningSmds } from '../../src/smds/start.ts';
import { ScriptedEuicc } from '../helpers/scripted-euicc.ts';
import {
  type Es12Outcomes,
  es12Refusal,
  smdpEs12Client,
  smdpEs12Identity,
  smdpEs12Outcomes,
  startTestSmds,
} from '../helpers/smds-harness.ts';
import { testStores } from '../helpers/test-stores.ts';

// Two SM-DP+s under the same CI: DPtls certificates for their own host names and OIDs.
const RIGHTFUL = ['smdp-a.test', '2.999.10.1'] as const;
const HOSTILE = ['smdp-b.test', '2.999.10.2'] as const;

describe.each(testStores('smds_callers'))(
  'ES12 callers on the %s store (issue 25, finding 3)',
  (_, store) => {
    let smds: RunningSmds;
    let rightful: Es12Outcomes;
    let hostile: Es12Outcomes;

    beforeAll(async () => {
      smds = await startTestSmds({ store: store() });
      rightful = smdpEs12Outcomes(smdpEs12Client(...RIGHTFUL));
      hostile = smdpEs12Outcomes(smdpEs12Client(...HOSTILE));
    });
    afterAll(async () => {
      await smds?.close();
    });

    it("another caller cannot delete an SM-DP+'s event: it is unknown to it, and stays", async () => {
      const eid = new ScriptedEuicc('P-256', { fresh: true }).eid;
      const event = { eid, eventId: 'A-1', rspServerAddress: 'smdp-a.test:8443' };
      expect(await rightful.call(smds.address, 'registerEvent', event)).toEqual({ executed: true });
      expect(await hostile.call(smds.address, 'deleteEvent', { eid, eventId: 'A-1' })).toMatchObject(
        es12Refusal('eventIdUnknown'),
      );
      expect(await smds.context.events.forEid(eid)).toMatchObject([
        { eventId: 'A-1', rspServerAddress: 'smdp-a.test:8443', registeredBy: smdpEs12Identity(...RIGHTFUL) },
      ]);
      expect(await rightful.call(smds.address, 'deleteEvent', { eid, eventId: 'A-1' })).toEqual({
        executed: true,
      });
      expect(await smds.context.events.forEid(eid)).toEqual([]);
    });

    it('a caller cannot register an event for an address its certificate does not name (1.1/1.2)', async () => {
      const eid = new ScriptedEuicc('P-256', { fresh: true }).eid;
      for (const address of ['smdp-a.test', 'SMDP-A.test:8443', 'evil.example']) {
        expect(
          await hostile.call(smds.address, 'registerEvent', {
            eid,
            eventId: 'B-1',
            rspServerAddress: address,
          }),
        ).toMatchObject(es12Refusal('requesterNotAllowed'));
      }
      expect(await smds.context.events.forEid(eid)).toEqual([]);
      // Its own name, in any case and with a port, is accepted.
      expect(
        await hostile.call(smds.address, 'registerEvent', {
          eid,
          eventId: 'B-1',
          rspServerAddress: 'SMDP-B.test:8443',
        }),
      ).toEqual({ executed: true });
    });

    it("a caller that fills an EID's slots fills only its own: the rightful SM-DP+ still registers", async () => {
      const eid = new ScriptedEuicc('P-256', { fresh: true }).eid;
      const registeredBy = smdpEs12Identity(...HOSTILE);
      for (let i = 1; i < EVENT_LIMITS.perCallerPerEid; i++)
        await smds.context.events.register({
          eid,
          eventId: `FLOOD-${i}`,
          rspServerAddress: 'smdp-b.test',
          registeredAt: i,
          registeredBy,
        });
      const flood = { eid, rspServerAddress: 'smdp-b.test' };
      expect(await hostile.call(smds.address, 'registerEvent', { ...flood, eventId: 'FLOOD-LAST' })).toEqual({
        executed: true,
      });
      expect(
        await hostile.call(smds.address, 'registerEvent', { ...flood, eventId: 'ONE-TOO-MANY' }),
      ).toMatchObject(es12Refusal('executionError'));
      const event = { eid, eventId: 'RIGHTFUL', rspServerAddress: 'smdp-a.test' };
      expect(await rightful.call(smds.address, 'registerEvent', event)).toEqual({ executed: true });
      expect(await smds.context.events.forEid(eid)).toHaveLength(EVENT_LIMITS.perCallerPerEid + 1);
    });
  },
);
