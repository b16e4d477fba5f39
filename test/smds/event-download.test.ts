import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusCodes } from '../../src/errors/status-codes.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { discoverEvents, downloadEvent } from '../../src/lpa/discovery.ts';
import type { Es2Client } from '../../src/operator/es2-client.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import type { RunningSmds } from '../../src/smds/start.ts';
import { postEs9 } from '../helpers/es9-request.ts';
import { es2ClientFor, importProfile } from '../helpers/operator.ts';
import { expectRspSuccess } from '../helpers/rsp-assertions.ts';
import { ScriptedEuicc } from '../helpers/scripted-euicc.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { serverEs12Identity, startTestSmds } from '../helpers/smds-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { testStores } from '../helpers/test-stores.ts';

const es2Failure = async (promise: Promise<unknown>, name: keyof typeof StatusCodes) => {
  const { subjectCode, reasonCode } = StatusCodes[name];
  await expect(promise).rejects.toMatchObject({ subjectCode, reasonCode });
};

/**
 * End to end over HTTPS on loopback: ES2+ ConfirmOrder with an smdsAddress registers the event at our SM-DS
 * (ES12), the built-in LPA finds it there (ES11) and downloads with the EventID (ES9+), and the SM-DP+ deletes
 * the event once the profile is installed.
 */
describe.each(testStores('smdsdl'))('event-based download on the %s store', (_, storeUrl) => {
  let smds: RunningSmds;
  let smdp: RunningSmdp;
  let es2: Es2Client;
  let next = 20;
  const fastRetries = { register: [20], delete: [50, 50, 50, 2_000] };
  const newOrder = async () => {
    const iccid = (await importProfile(smdp, next++)).body.profile.iccid as string;
    await es2.call('downloadOrder', { iccid });
    return iccid;
  };
  const stateOf = async (iccid: string) =>
    (await smdp.context.profiles.list()).find((p) => p.iccid === iccid);

  beforeAll(async () => {
    smds = await startTestSmds({ store: storeUrl() });
    smdp = await startTestSmdp({ store: storeUrl() }, { es12RetryDelaysMs: fastRetries });
    es2 = es2ClientFor(smdp);
  });
  afterAll(async () => {
    await smdp?.close();
    await smds?.close();
  });

  it('ConfirmOrder registers the event, the LPA discovers it and downloads with the EventID, the event goes', async () => {
    const euicc = await EuiccEmulator.create({ rootSmdsAddress: smds.address });
    const iccid = await newOrder();
    const confirmed = await es2.call('confirmOrder', {
      iccid,
      eid: euicc.eid,
      smdsAddress: smds.address,
      releaseFlag: true,
    });
    const eventId = confirmed.matchingId as string;
    expect(eventId).toMatch(/^[0-9A-Z-]+$/);
    expect(await smds.context.events.forEid(euicc.eid)).toMatchObject([
      { eid: euicc.eid, eventId, rspServerAddress: smdp.address },
    ]);
    expect((await stateOf(iccid))?.smdsEvent).toEqual({ smdsAddress: smds.address, eid: euicc.eid, eventId });

    const events = await discoverEvents({ euicc });
    expect(events).toEqual([{ eventId, rspServerAddress: smdp.address, smdsAddress: smds.address }]);
    const result = await downloadEvent(events[0]!, { euicc });
    expect(result.success).toBe(true);
    expect(euicc.profiles).toHaveLength(1);
    expect((await stateOf(iccid))?.state).toBe('installed');

    await smdp.smdsEvents.drain();
    expect(await smds.context.events.forEid(euicc.eid)).toEqual([]);
    expect((await stateOf(iccid))?.smdsEvent).toBeUndefined();
    expect(await discoverEvents({ euicc })).toEqual([]);
  });

  it('deletes the event once the BPP went out, before the LPA sends the installation result (as lpac does)', async () => {
    const euicc = new ScriptedEuicc('P-256', { fresh: true });
    const iccid = await newOrder();
    const matchingId = (
      await es2.call('confirmOrder', {
        iccid,
        eid: euicc.eid,
        smdsAddress: smds.address,
        releaseFlag: true,
      })
    ).matchingId as string;
    const initiated = await euicc.initiateAuthentication(smdp.url, smdp.address);
    const transactionId = initiated.body.transactionId as string;
    const authenticated = await postEs9(smdp.url, 'authenticateClient', {
      transactionId,
      authenticateServerResponse: euicc.authenticateServer(initiated.body, matchingId),
    });
    expectRspSuccess(authenticated);
    await smdp.smdsEvents.drain();
    expect(await smds.context.events.forEid(euicc.eid)).toHaveLength(1);
    const bound = await postEs9(smdp.url, 'getBoundProfilePackage', {
      transactionId,
      prepareDownloadResponse: euicc.prepareDownload(authenticated.body),
    });
    expectRspSuccess(bound);
    expect((await stateOf(iccid))?.state).toBe('downloaded');
    await smdp.smdsEvents.drain();
    expect(await smds.context.events.forEid(euicc.eid)).toEqual([]);
  });

  it('refuses an smdsAddress without an EID (8.1.1/2.2) or that is no address (8.9.1/3.8), changing nothing', async () => {
    const iccid = await newOrder();
    await es2Failure(
      es2.call('confirmOrder', { iccid, smdsAddress: smds.address, releaseFlag: true }),
      'eidMissing',
    );
    const eid = (await EuiccEmulator.create()).eid;
    await es2Failure(
      es2.call('confirmOrder', { iccid, eid, smdsAddress: 'https://smds/path', releaseFlag: true }),
      'smdsAddressInvalid',
    );
    expect((await stateOf(iccid))?.state).toBe('allocated');
    expect(await smds.context.events.forEid(eid)).toEqual([]);
  });

  it('answers 8.9/5.1 when the SM-DS cannot be reached after its retries, and 8.9/4.2 when it refuses', async () => {
    const iccid = await newOrder();
    const eid = (await EuiccEmulator.create()).eid;
    await es2Failure(
      es2.call('confirmOrder', { iccid, eid, smdsAddress: 'localhost:1', releaseFlag: true }),
      'smdsUnavailable',
    );
    expect((await stateOf(iccid))?.state).toBe('allocated');
    // This SM-DP+'s own slots for the EID are taken (the bound counts per ES12 caller).
    const registeredBy = await serverEs12Identity(smdp.url);
    for (let i = 0; i < 64; i++)
      await smds.context.events.register({
        eid,
        eventId: `FULL-${i}`,
        rspServerAddress: 'x.example',
        registeredAt: i,
        registeredBy,
      });
    await es2Failure(
      es2.call('confirmOrder', { iccid, eid, smdsAddress: smds.address, releaseFlag: true }),
      'smdsExecutionError',
    );
    expect((await stateOf(iccid))?.state).toBe('allocated');
  });

  it('CancelOrder deletes the event', async () => {
    const iccid = await newOrder();
    const eid = (await EuiccEmulator.create()).eid;
    await es2.call('confirmOrder', { iccid, eid, smdsAddress: smds.address, releaseFlag: true });
    expect(await smds.context.events.forEid(eid)).toHaveLength(1);
    await es2.call('cancelOrder', { iccid, finalProfileStatusIndicator: 'Available' });
    await smdp.smdsEvents.drain();
    expect(await smds.context.events.forEid(eid)).toEqual([]);
    expect((await stateOf(iccid))?.smdsEvent).toBeUndefined();
  });
});

describe('ES12 DeleteEvent when the SM-DS is down', () => {
  it('is retried until the SM-DS is back, and finished by a restarted SM-DP+', async () => {
    const dir = tempDir('smds-retry');
    const smdsStore = `sqlite:${join(dir, 'smds.db')}`;
    const smdpStore = `sqlite:${join(dir, 'smdp.db')}`;
    let smds = await startTestSmds({ store: smdsStore });
    const port = Number(smds.address.split(':')[1]);
    // Many short pauses: the SM-DS is back within them however slow the machine is.
    const retries = { register: [], delete: Array<number>(40).fill(100) };
    let smdp = await startTestSmdp({ store: smdpStore }, { es12RetryDelaysMs: retries });
    try {
      const es2 = es2ClientFor(smdp);
      const order = async (n: number) => {
        const iccid = (await importProfile(smdp, n)).body.profile.iccid as string;
        await es2.call('downloadOrder', { iccid });
        const eid = (await EuiccEmulator.create()).eid;
        await es2.call('confirmOrder', { iccid, eid, smdsAddress: smds.address, releaseFlag: true });
        return { iccid, eid };
      };
      const first = await order(1);
      const second = await order(2);
      await smds.close();
      // The SM-DS comes back while the first deletion is still being retried.
      await es2.call('cancelOrder', { iccid: first.iccid, finalProfileStatusIndicator: 'Available' });
      smds = await startTestSmds({ store: smdsStore, port });
      await smdp.smdsEvents.drain();
      expect(await smds.context.events.forEid(first.eid)).toEqual([]);

      // Down for longer than the retries (none here): the profile keeps the event, the next start deletes it.
      await smds.close();
      await smdp.close();
      smdp = await startTestSmdp({ store: smdpStore }, { es12RetryDelaysMs: { register: [], delete: [] } });
      await es2ClientFor(smdp).call('cancelOrder', {
        iccid: second.iccid,
        finalProfileStatusIndicator: 'Available',
      });
      await smdp.smdsEvents.drain();
      const kept = (await smdp.context.profiles.list()).find((p) => p.iccid === second.iccid);
      expect(kept?.smdsEvent?.eid).toBe(second.eid);
      await smdp.close();
      smds = await startTestSmds({ store: smdsStore, port });
      expect(await smds.context.events.forEid(second.eid)).toHaveLength(1);
      smdp = await startTestSmdp({ store: smdpStore }, { es12RetryDelaysMs: retries });
      await smdp.smdsEvents.drain();
      expect(await smds.context.events.forEid(second.eid)).toEqual([]);
    } finally {
      await smdp.close();
      await smds.close();
    }
  });
});
