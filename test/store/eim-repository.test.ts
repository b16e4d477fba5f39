import { describe, expect, it } from 'vitest';
import type { NewEimOrder } from '../../src/eim/eim-repository.ts';
import { storesClosedAfterEach, testStores } from '../helpers/test-stores.ts';

/** The eIM's repository contract, on every store: the queue, its bounds, its atomicity, the counter. */
const EID = '89049032123451234512345678901235';
const OTHER = '89049032123451234512345678901299';
const LIMITS = { maxOrdersPerEid: 3, maxOrders: 5 };
const order = (
  id: string,
  eid = EID,
  facility: NewEimOrder['facility'] = 'psmo',
  at = 1000,
): NewEimOrder => ({
  id,
  facility,
  eid,
  order: { psmo: [{ getRAT: {} }] },
  status: facility === 'euicc' ? 'done' : 'new',
  outcome: [],
  createdAt: at,
});

const open = storesClosedAfterEach();

describe.each(testStores('eim'))('the eIM repository on %s', (_name, url) => {
  it('queues orders per EID within the bounds, oldest first, and hands each out once', async () => {
    const { eim } = await open(url());
    expect(await eim.addOrder(order('a', EID, 'psmo', 1), LIMITS)).toBe('added');
    expect(await eim.addOrder(order('b', EID, 'euicc', 2), LIMITS)).toBe('added');
    expect(await eim.addOrder(order('c', EID, 'edr', 3), LIMITS)).toBe('added');
    expect(await eim.addOrder(order('d', EID, 'eco', 4), LIMITS)).toBe('eidFull');
    expect(await eim.addOrder(order('e', OTHER), LIMITS)).toBe('added');
    expect(await eim.addOrder(order('f', OTHER), LIMITS)).toBe('added');
    expect(await eim.addOrder(order('g', OTHER), LIMITS)).toBe('ordersFull');
    expect(await eim.orderIds('psmo')).toEqual(['a', 'e', 'f']);
    expect((await eim.order('b'))?.status).toBe('done');

    const first = await eim.takeNext(EID, 5000);
    expect(first).toMatchObject({
      id: 'a',
      status: 'work',
      updatedAt: 5000,
      order: { psmo: [{ getRAT: {} }] },
    });
    // the euicc order 'b' is never handed out
    expect((await eim.takeNext(EID, 5001))?.id).toBe('c');
    expect(await eim.takeNext(EID, 5002)).toBeUndefined();
    expect((await eim.recentOrders(2)).map((o) => o.id)).toEqual(['f', 'e']);
    expect(await eim.deleteOrder('b')).toBe(true);
    expect(await eim.deleteOrder('b')).toBe(false);
    expect(await eim.order('b')).toBeUndefined();
  });

  it('finds an order in work by the eimTransactionId it sent, and finishes it once', async () => {
    const { eim } = await open(url());
    await eim.addOrder(order('a'), LIMITS);
    await eim.addOrder(order('b'), LIMITS);
    await eim.takeNext(EID, 10);
    await eim.takeNext(EID, 11);
    await eim.markSent('b', '00112233445566778899aabbccddeeff', { counterValue: 7, associationToken: 1 }, 12);
    const b = await eim.inWorkByTransactionId('00112233445566778899aabbccddeeff');
    expect(b).toMatchObject({ id: 'b', sent: { counterValue: 7, associationToken: 1 }, updatedAt: 12 });
    expect((await eim.oldestInWork(EID))?.id).toBe('a');
    expect(await eim.finish('b', [{ enableResult: 'ok' }], 'bf50', 20)).toBe(true);
    expect(await eim.finish('b', [{ procedureError: 'stuckOrder' }], undefined, 21)).toBe(false);
    expect(await eim.order('b')).toMatchObject({
      status: 'done',
      outcome: [{ enableResult: 'ok' }],
      debugInfo: 'bf50',
      updatedAt: 20,
    });
    expect(await eim.inWorkByTransactionId('00112233445566778899aabbccddeeff')).toBeUndefined();
  });

  it('gives up orders stuck in work or never fetched, and forgets finished ones, by the clock given', async () => {
    const { eim } = await open(url());
    await eim.addOrder(order('work', EID, 'psmo', 0), LIMITS);
    await eim.addOrder(order('noshow', OTHER, 'psmo', 0), LIMITS);
    await eim.addOrder(order('done', OTHER, 'euicc', 0), LIMITS);
    await eim.takeNext(EID, 100);
    const timeouts = { stuckMs: 300_000, noshowMs: 1_800_000, expiryMs: 86_400_000 };
    expect(await eim.expire(300_099, timeouts)).toEqual({ stuck: 0, noshow: 0, removed: 0 });
    expect(await eim.expire(300_100, timeouts)).toEqual({ stuck: 1, noshow: 0, removed: 0 });
    expect(await eim.order('work')).toMatchObject({
      status: 'done',
      outcome: [{ procedureError: 'stuckOrder' }],
    });
    expect(await eim.expire(1_800_000, timeouts)).toEqual({ stuck: 0, noshow: 1, removed: 0 });
    expect(await eim.order('noshow')).toMatchObject({ outcome: [{ procedureError: 'noshowOrder' }] });
    expect(await eim.expire(86_400_000, timeouts)).toEqual({ stuck: 0, noshow: 0, removed: 1 });
    expect(await eim.order('done')).toBeUndefined();
    expect(await eim.expire(86_400_000 + 1_800_000, timeouts)).toEqual({ stuck: 0, noshow: 0, removed: 2 });
  });

  it('keeps each eUICC once, within the bound, and signs with its counterValue + 1, stored first', async () => {
    const { eim } = await open(url());
    expect(await eim.nextCounterValue(EID, 1)).toBeUndefined();
    expect(await eim.ensureEuicc(EID, { associationToken: 1 }, 1, 1)).toMatchObject({
      eid: EID,
      counterValue: 0,
      associationToken: 1,
    });
    expect(await eim.ensureEuicc(OTHER, {}, 1, 1)).toBeUndefined();
    expect(await eim.ensureEuicc(EID, { associationToken: 9 }, 1, 2)).toMatchObject({ associationToken: 1 });
    expect(await eim.nextCounterValue(EID, 3)).toBe(1);
    expect(await eim.nextCounterValue(EID, 4)).toBe(2);
    const certificate = Buffer.from('3003020101', 'hex');
    expect(
      await eim.updateEuicc(EID, { counterValue: 1000, euiccCertificate: certificate }, 5),
    ).toMatchObject({
      counterValue: 1000,
      associationToken: 1,
      euiccCertificate: certificate,
      updatedAt: 5,
    });
    expect(await eim.nextCounterValue(EID, 6)).toBe(1001);
    expect(await eim.updateEuicc(OTHER, { counterValue: 3 }, 7)).toBeUndefined();
    expect((await eim.euiccs(10)).map((e) => e.eid)).toEqual([EID]);
  });

  it("gives the admin page's reads a page at a time: orders newest first, eUICC records by EID", async () => {
    const { eim } = await open(url());
    const eids = ['89000000000000000000000000000003', '89000000000000000000000000000001', EID, OTHER];
    for (const eid of eids) await eim.ensureEuicc(eid, {}, 10, 1);
    const byEid = [...eids].sort();
    expect((await eim.euiccs(2)).map((e) => e.eid)).toEqual(byEid.slice(0, 2));
    expect((await eim.euiccs(2, 2)).map((e) => e.eid)).toEqual(byEid.slice(2, 4));
    expect(await eim.euiccs(2, 4)).toEqual([]);
    for (const id of ['a', 'b', 'c', 'd', 'e'])
      await eim.addOrder(order(id, OTHER), { maxOrdersPerEid: 10, maxOrders: 10 });
    expect((await eim.recentOrders(2)).map((o) => o.id)).toEqual(['e', 'd']);
    expect((await eim.recentOrders(2, 2)).map((o) => o.id)).toEqual(['c', 'b']);
    expect((await eim.recentOrders(2, 4)).map((o) => o.id)).toEqual(['a']);
  });

  it.skipIf(url() === 'memory')('never hands one order to two instances sharing the store', async () => {
    const shared = url();
    const [one, two] = [await open(shared), await open(shared)];
    for (let i = 0; i < 5; i++)
      await one.eim.addOrder(order(`o${i}`), { maxOrdersPerEid: 10, maxOrders: 10 });
    const taken = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two).eim.takeNext(EID, 100 + i)),
    );
    const ids = taken.flatMap((o) => (o ? [o.id] : []));
    expect(ids.sort()).toEqual(['o0', 'o1', 'o2', 'o3', 'o4']);
    // the counter too: twenty increments from two instances, twenty distinct values
    await one.eim.ensureEuicc(EID, {}, 10, 1);
    const values = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).eim.nextCounterValue(EID, 200)),
    );
    expect(new Set(values).size).toBe(20);
    expect(Math.max(...values.map(Number))).toBe(20);
  });
});
