import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_ADMIN_SESSIONS } from '../../src/rsp-server/http/admin-sessions.ts';
import type { RspSession } from '../../src/rsp-server/session.ts';
import { profileRecordFrom } from '../../src/smdp/profile-catalogue.ts';
import { EVENT_LIMITS } from '../../src/smds/event-store.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { uppWithIccid } from '../helpers/unique-upp.ts';

/** One contract, every store: what the SM-DP+ relies on must hold for memory and SQLite alike. */
const upp = readFileSync(new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url));
/** PostgreSQL runs where CI started one (RSPSIM_TEST_POSTGRES); each store gets a schema of its own. */
const postgres = process.env.RSPSIM_TEST_POSTGRES;
let schemas = 0;
const stores: [string, () => Promise<Store>][] = [
  ['memory', () => openStore('memory')],
  ['sqlite', () => openStore(`sqlite:${join(tempDir('store'), 'rspsim.db')}`)],
  ...(postgres
    ? ([['postgres', () => openStore(`${postgres}?schema=contract_${process.pid}_${++schemas}`)]] as [
        string,
        () => Promise<Store>,
      ][])
    : []),
];

const session = (transactionId: string, expiresAt: number): RspSession => ({
  transactionId,
  phase: 'initiated',
  createdAt: 0,
  expiresAt,
  euiccChallenge: Buffer.alloc(16, 1),
  serverChallenge: Buffer.alloc(16, 2),
  serverAddress: 'smdp.test',
  ciPkid: Buffer.alloc(20, 3),
  curve: 'P-256',
  ccAttempts: 0,
});

let open: Store | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

describe.each(stores)('%s store', (_, make) => {
  it('keeps SM-DS event records per (EID, EventID), in order, bounded per caller and EID, and deletes them once', async () => {
    const store = await make();
    open = store;
    const eid = '89049032123451234512345678901235';
    const other = '89049032123451234512345678901236';
    const event = (eventId: string, forEid = eid) => ({
      eid: forEid,
      eventId,
      rspServerAddress: 'smdp.test:8443',
      registeredAt: 1_795_000_000_000,
      registeredBy: 'oid 2.999.10 (issuer F541)',
    });
    expect(await store.events.register(event('B'))).toBe('registered');
    expect(await store.events.register(event('A'))).toBe('registered');
    expect(await store.events.register({ ...event('A'), rspServerAddress: 'elsewhere' })).toBe('duplicate');
    expect(await store.events.register({ ...event('A', other), forwardedTo: 'root.test' })).toBe(
      'registered',
    );
    expect(await store.events.forEid(eid)).toEqual([event('B'), event('A')]);
    expect(await store.events.forEid(other)).toEqual([{ ...event('A', other), forwardedTo: 'root.test' }]);
    expect(await store.events.delete(eid, 'B')).toEqual(event('B'));
    expect(await store.events.delete(eid, 'B')).toBeUndefined();
    expect((await store.events.list()).map((e) => `${e.eid.slice(-1)}${e.eventId}`)).toEqual(['5A', '6A']);
    for (let i = 1; i < EVENT_LIMITS.perCallerPerEid; i++)
      expect(await store.events.register(event(`N${i}`))).toBe('registered');
    expect(await store.events.register(event('ONE-TOO-MANY'))).toBe('full');
    expect(await store.events.forEid(eid)).toHaveLength(EVENT_LIMITS.perCallerPerEid);
    // The bound is the caller's (issue 25, finding 3): another SM-DP+ still registers for this EID, and a
    // record the first one deletes frees a slot of its own.
    const rightful = { ...event('RIGHTFUL'), registeredBy: 'oid 2.999.12 (issuer F541)' };
    expect(await store.events.register(rightful)).toBe('registered');
    expect(await store.events.forEid(eid)).toHaveLength(EVENT_LIMITS.perCallerPerEid + 1);
    expect(await store.events.delete(eid, 'N1')).toEqual(event('N1'));
    expect(await store.events.register(event('AGAIN'))).toBe('registered');
    expect(await store.events.register(event('AGAIN-TOO-MANY'))).toBe('full');
  });

  it('keeps sessions with their bytes, updates them and lets them expire', async () => {
    const store = await make();
    open = store;
    await store.sessions.create(session('AA01', 1000));
    await store.sessions.create(session('AA02', 10));
    const read = await store.sessions.get('AA01', 5);
    expect(read).toEqual(session('AA01', 1000));
    expect(Buffer.isBuffer(read!.serverChallenge)).toBe(true);
    read!.phase = 'authenticated';
    read!.eid = '89049032123451234512345678901235';
    await store.sessions.update(read!);
    expect(await store.sessions.get('AA01', 5)).toMatchObject({ phase: 'authenticated', eid: read!.eid });
    expect(await store.sessions.get('AA02', 50)).toBeUndefined();
    expect((await store.sessions.list(50)).map((s) => s.transactionId)).toEqual(['AA01']);
    await store.sessions.delete('AA01');
    expect(await store.sessions.get('AA01', 5)).toBeUndefined();
  });

  it('purges expired sessions and counts the live ones not yet authenticated', async () => {
    const store = await make();
    open = store;
    for (const [id, expiresAt] of [
      ['CC01', 10],
      ['CC02', 20],
      ['CC03', 30],
      ['CC04', 40],
    ] as const)
      await store.sessions.create(session(id, expiresAt));
    await store.sessions.update({ ...session('CC04', 40), phase: 'authenticated' });
    expect(await store.sessions.countInitiated(0)).toBe(3);
    expect(await store.sessions.countInitiated(15)).toBe(2);
    expect(await store.sessions.purgeExpired(20)).toBe(2);
    expect(await store.sessions.purgeExpired(20)).toBe(0);
    expect(await store.sessions.countInitiated(0)).toBe(1);
    expect((await store.sessions.list(0)).map((s) => s.transactionId)).toEqual(['CC03', 'CC04']);
    await store.sessions.delete('CC03');
    expect(await store.sessions.countInitiated(0)).toBe(0);
  });

  it('keeps profiles, finds them, and lets exactly one racing transition win', async () => {
    const store = await make();
    open = store;
    const record = profileRecordFrom(
      { id: 'P1', matchingId: 'M1', upp: '', confirmationCode: '1234' },
      upp,
      'smdp.test',
      { ccMaxAttempts: 3 },
    );
    await store.profiles.add(record, upp);
    await expect(store.profiles.add(record, upp)).rejects.toThrow();
    // ICCIDs and matchingIds are unique in an inventory.
    await expect(store.profiles.add({ ...record, id: 'P9', matchingId: 'M9' }, upp)).rejects.toThrow();
    await expect(
      store.profiles.add({ ...record, id: 'P9', iccid: '8900000000000000001' }, upp),
    ).rejects.toThrow();
    expect(await store.profiles.has('P1')).toBe(true);
    expect(await store.profiles.findByMatchingId('M1')).toEqual(record);
    expect(await store.profiles.loadPackage('P1')).toEqual(upp);
    const results = await Promise.all([
      store.profiles.transition('P1', ['released'], 'downloaded', { eid: '8904' }),
      store.profiles.transition('P1', ['released'], 'downloaded', { eid: '8905' }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await store.profiles.get('P1'))!.state).toBe('downloaded');
    expect(await store.profiles.findByIccid(record.iccid)).toMatchObject({ id: 'P1', state: 'downloaded' });
    expect(await store.profiles.findByIccid('8900000000000000001')).toBeUndefined();
    // Held by: only the eUICC that won acts on the claim (a losing racer's cancellation changes nothing).
    const holder = (await store.profiles.get('P1'))!.eid!;
    const loser = holder === '8904' ? '8905' : '8904';
    expect(await store.profiles.transition('P1', ['downloaded'], 'released', {}, loser)).toBeUndefined();
    expect(await store.profiles.transition('P1', ['downloaded'], 'downloaded', {}, holder)).toMatchObject({
      eid: holder,
    });
    const failed = await store.profiles.transition('P1', ['downloaded'], 'downloaded', {
      ccFailedAttempts: 2,
    });
    expect(failed).toMatchObject({ ccFailedAttempts: 2, eid: '8904' });
    expect(await store.profiles.list()).toHaveLength(1);
  });

  it('finds available profiles of a profileType, oldest first and at most as many as asked', async () => {
    const store = await make();
    open = store;
    // Each its own ICCID (unique in an inventory).
    const add = (n: number, profileType: string | undefined) => {
      const own = uppWithIccid(upp, n);
      const entry = { id: `P${n}`, upp: '', ...(profileType ? { profileType } : {}) };
      return store.profiles.add(profileRecordFrom(entry, own, 'smdp.test', { ccMaxAttempts: 3 }), own);
    };
    for (let n = 1; n <= 6; n++) await add(n, n <= 4 ? 'TypeA' : n === 5 ? 'TypeB' : undefined);
    await store.profiles.transition('P1', ['available'], 'allocated');
    expect((await store.profiles.findAvailableByType('TypeA', 10)).map((p) => p.id)).toEqual([
      'P2',
      'P3',
      'P4',
    ]);
    expect((await store.profiles.findAvailableByType('TypeA', 2)).map((p) => p.id)).toEqual(['P2', 'P3']);
    expect(await store.profiles.findAvailableByType('TypeC', 10)).toEqual([]);
    await store.profiles.transition('P5', ['available'], 'allocated');
    expect(await store.profiles.findAvailableByType('TypeB', 10)).toEqual([]);
    expect(await store.profiles.hasProfileType('TypeB')).toBe(true);
    expect(await store.profiles.hasProfileType('TypeC')).toBe(false);
  });

  it('finds the profiles in given states that hold an SM-DS event, by id, page after page', async () => {
    const store = await make();
    open = store;
    const smdsEvent = (n: number) => ({ smdsAddress: 'smds.test', eid: '8904', eventId: `E${n}` });
    for (let n = 1; n <= 7; n++) {
      const own = uppWithIccid(upp, n);
      const entry = { id: `P${n}`, upp: '', matchingId: `M${n}`, state: 'allocated' as const };
      await store.profiles.add(profileRecordFrom(entry, own, 'smdp.test', { ccMaxAttempts: 3 }), own);
    }
    // P1, P2, P4, P5, P6 get an event; P2 stays allocated; P6 has its event forgotten again.
    for (const n of [1, 2, 4, 5, 6])
      await store.profiles.transition(`P${n}`, ['allocated'], n === 2 ? 'allocated' : 'downloaded', {
        smdsEvent: smdsEvent(n),
      });
    await store.profiles.transition('P6', ['downloaded'], 'downloaded', { smdsEvent: undefined });
    await store.profiles.transition('P7', ['allocated'], 'downloaded');
    const ids = async (limit: number, afterId?: string) =>
      (await store.profiles.findWithSmdsEvent(['downloaded', 'installed'], limit, afterId)).map((p) => p.id);
    expect(await ids(10)).toEqual(['P1', 'P4', 'P5']);
    expect(await ids(2)).toEqual(['P1', 'P4']);
    expect(await ids(2, 'P4')).toEqual(['P5']);
    expect(await ids(2, 'P5')).toEqual([]);
    const [first] = await store.profiles.findWithSmdsEvent(['allocated'], 10);
    expect(first).toMatchObject({ id: 'P2', smdsEvent: smdsEvent(2) });
    expect(await store.profiles.findWithSmdsEvent([], 10)).toEqual([]);
  });

  it('keeps admin page sessions by hash until they expire or are forgotten, at most MAX_ADMIN_SESSIONS', async () => {
    const store = await make();
    open = store;
    const hash = (n: number) => createHash('sha256').update(`session ${n}`).digest();
    await store.adminSessions.keep(hash(0), 1000, 0);
    expect(await store.adminSessions.isKept(hash(0), 999)).toBe(true);
    expect(await store.adminSessions.isKept(hash(0), 1000)).toBe(false);
    expect(await store.adminSessions.isKept(hash(1), 0)).toBe(false);
    await store.adminSessions.forget(hash(0));
    expect(await store.adminSessions.isKept(hash(0), 0)).toBe(false);
    for (let n = 1; n <= MAX_ADMIN_SESSIONS + 1; n++) await store.adminSessions.keep(hash(n), 10_000 + n, n);
    // The oldest went to make room; the newest MAX_ADMIN_SESSIONS stay.
    expect(await store.adminSessions.isKept(hash(1), 100)).toBe(false);
    expect(await store.adminSessions.isKept(hash(2), 100)).toBe(true);
    expect(await store.adminSessions.isKept(hash(MAX_ADMIN_SESSIONS + 1), 100)).toBe(true);
  });

  it('adds a profile if absent exactly once, even when two loads race (instances starting together)', async () => {
    const store = await make();
    open = store;
    const record = profileRecordFrom({ id: 'P1', matchingId: 'M1', upp: '' }, upp, 'smdp.test', {
      ccMaxAttempts: 3,
    });
    const added = await Promise.all([
      store.profiles.addIfAbsent(record, upp),
      store.profiles.addIfAbsent({ ...record, state: 'unavailable' }, upp),
    ]);
    expect(added.filter(Boolean)).toHaveLength(1);
    expect(await store.profiles.addIfAbsent(record, upp)).toBe(false);
    expect((await store.profiles.list()).map((p) => p.id)).toEqual(['P1']);
    // Only the id is a "present" profile: another id with a taken ICCID is still refused.
    await expect(
      store.profiles.addIfAbsent({ ...record, id: 'P2', matchingId: 'M2' }, upp),
    ).rejects.toThrow();
  });

  it('finds for an EID only its released profile that no matchingId names (default SM-DP+, SGP.22 3.1.2)', async () => {
    const store = await make();
    open = store;
    const eid = '89049032123451234512345678901235';
    const forEid = profileRecordFrom({ id: 'E1', eid, upp: '' }, upp, 'smdp.test', { ccMaxAttempts: 3 });
    expect(forEid).toMatchObject({ state: 'released', eid });
    await store.profiles.add({ ...forEid, id: 'E2', iccid: '8900000000000000002', matchingId: 'M-E2' }, upp);
    expect(await store.profiles.findForEid(eid)).toBeUndefined();
    await store.profiles.add(forEid, upp);
    expect(await store.profiles.findForEid(eid)).toEqual(forEid);
    expect(await store.profiles.findForEid('89049032123451234512345678901236')).toBeUndefined();
    await store.profiles.transition('E1', ['released'], 'downloaded');
    expect(await store.profiles.findForEid(eid)).toBeUndefined();
  });

  it('counts download attempts one by one, even racing, and keeps the order limits', async () => {
    const store = await make();
    open = store;
    const limits = { expiresAt: 1_800_000_000_000, maxDownloadAttempts: 3, tacAllow: ['3529'], tacDeny: [] };
    const record = profileRecordFrom({ id: 'P3', matchingId: 'M3', upp: '' }, upp, 'smdp.test', {
      ccMaxAttempts: 3,
    });
    await store.profiles.add({ ...record, orderLimits: limits }, upp);
    const counted = await Promise.all([
      store.profiles.countDownloadAttempt('P3', ['released']),
      store.profiles.countDownloadAttempt('P3', ['released']),
    ]);
    expect(counted.map((p) => p!.downloadAttempts).sort()).toEqual([1, 2]);
    expect(await store.profiles.countDownloadAttempt('P3', ['downloaded'])).toBeUndefined();
    expect(await store.profiles.get('P3')).toMatchObject({ downloadAttempts: 2, orderLimits: limits });
    const cleared = await store.profiles.transition('P3', ['released'], 'available', {
      orderLimits: undefined,
      downloadAttempts: 0,
    });
    expect(cleared).toMatchObject({ downloadAttempts: 0 });
    expect(cleared!.orderLimits).toBeUndefined();
  });

  it('keeps one BPP binding per order, replaced by a new key and gone when deleted', async () => {
    const store = await make();
    open = store;
    const first = {
      profileId: 'P1',
      eid: '89049032123451234512345678901235',
      euiccOtpk: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]),
      boundProfilePackage: Buffer.from(upp),
    };
    expect(await store.bindings.get('P1')).toBeUndefined();
    await store.bindings.put(first);
    const read = await store.bindings.get('P1');
    expect(read).toEqual(first);
    expect(Buffer.isBuffer(read!.euiccOtpk) && Buffer.isBuffer(read!.boundProfilePackage)).toBe(true);
    const second = { ...first, euiccOtpk: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 2)]) };
    await store.bindings.put(second);
    expect(await store.bindings.get('P1')).toEqual(second);
    await store.bindings.put({ ...first, profileId: 'P2' });
    await store.bindings.delete('P1');
    expect(await store.bindings.get('P1')).toBeUndefined();
    expect(await store.bindings.get('P2')).toEqual({ ...first, profileId: 'P2' });
  });
});

describe('sqlite store across processes', () => {
  it('is the same store for everyone who opens the file', async () => {
    const file = join(tempDir('shared'), 'rspsim.db');
    const a = await openStore(`sqlite:${file}`);
    const b = await openStore(`sqlite:${file}`);
    try {
      await a.sessions.create(session('BB01', 1000));
      expect(await b.sessions.get('BB01', 1)).toEqual(session('BB01', 1000));
      const record = profileRecordFrom({ id: 'P2', matchingId: 'M2', upp: '' }, upp, 'smdp.test', {
        ccMaxAttempts: 3,
      });
      await a.profiles.add(record, upp);
      expect(await b.profiles.transition('P2', ['released'], 'downloaded')).toBeDefined();
      expect(await a.profiles.transition('P2', ['released'], 'downloaded')).toBeUndefined();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('refuses an unknown store setting clearly', async () => {
    await expect(openStore('postgres')).rejects.toThrow(/unknown store/);
    await expect(openStore('sqlite:')).rejects.toThrow(/needs a file/);
    await expect(openStore('postgres://nobody@127.0.0.1:1/none')).rejects.toThrow(
      /cannot open the PostgreSQL store/,
    );
  });
});
