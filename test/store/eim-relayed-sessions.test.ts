import { describe, expect, it } from 'vitest';
import type { RelayLimits } from '../../src/eim/download/relayed-sessions.ts';
import { storesClosedAfterEach, testStores } from '../helpers/test-stores.ts';

/**
 * The eIM's relayed download sessions (SGP.32 3.2), on every store: kept by TransactionID, bounded in total,
 * without a trigger and per EID, one per order, gone after their lifetime by the clock given, finished once;
 * on SQLite and PostgreSQL seen by a second opening of the same store (another instance, or a restart).
 */
const EID = '89049032123451234512345678901235';
const OTHER = '89049032123451234512345678901299';
const LIMITS: RelayLimits = {
  maxSessions: 5,
  maxUntriggeredSessions: 2,
  maxSessionsPerEid: 2,
  sessionLifetimeMs: 1000,
};
const session = (transactionId: string, orderId?: string, eid = EID, openedAt = 10_000) => ({
  transactionId,
  smdpAddress: 'smdp.example.com:8443',
  ...(orderId ? { download: { orderId, eid } } : {}),
  openedAt,
});

const open = storesClosedAfterEach();

describe.each(testStores('eimrelay'))('relayed download sessions on %s', (name, url) => {
  it('keeps a session by TransactionID with its order until its lifetime ends', async () => {
    const { relayedSessions: sessions } = await open(url());
    expect(await sessions.room({ orderId: 'o1', eid: EID }, LIMITS, 10_000)).toBe('room');
    expect(await sessions.open(session('0A01', 'o1'), LIMITS, 10_000)).toBe('room');
    expect(await sessions.get('0A01', 10_000 - LIMITS.sessionLifetimeMs)).toEqual({
      transactionId: '0A01',
      smdpAddress: 'smdp.example.com:8443',
      download: { orderId: 'o1', eid: EID },
      openedAt: 10_000,
      finished: false,
    });
    expect(await sessions.get('0A02', 0)).toBeUndefined();
    // opened at 10 000 with a lifetime of 1000: live until 11 000 (exclusive)
    expect(await sessions.get('0A01', 10_999 - LIMITS.sessionLifetimeMs)).toBeDefined();
    expect(await sessions.get('0A01', 11_000 - LIMITS.sessionLifetimeMs)).toBeUndefined();
    expect(await sessions.purgeExpired(11_000 - LIMITS.sessionLifetimeMs)).toBe(1);
    expect(await sessions.count()).toBe(0);
  });

  it('records a session finished once; close ends it', async () => {
    const { relayedSessions: sessions } = await open(url());
    await sessions.open(session('0B01', 'o1'), LIMITS, 10_000);
    expect(await sessions.finish('0B01')).toBe(true);
    expect(await sessions.finish('0B01')).toBe(false);
    expect((await sessions.get('0B01', 0))?.finished).toBe(true);
    expect(await sessions.finish('0B99')).toBe(false);
    await sessions.close('0B01');
    expect(await sessions.get('0B01', 0)).toBeUndefined();
  });

  it('bounds sessions per EID, without a trigger and in total; the same order starting over replaces its session', async () => {
    const { relayedSessions: sessions } = await open(url());
    expect(await sessions.open(session('01', 'a'), LIMITS, 10_000)).toBe('room');
    expect(await sessions.open(session('02', 'b'), LIMITS, 10_000)).toBe('room');
    expect(await sessions.room({ orderId: 'c', eid: EID }, LIMITS, 10_000)).toBe('eidFull');
    expect(await sessions.open(session('03', 'c'), LIMITS, 10_000)).toBe('eidFull');
    // order b starts over: its earlier session does not count and ends
    expect(await sessions.room({ orderId: 'b', eid: EID }, LIMITS, 10_000)).toBe('room');
    expect(await sessions.open(session('04', 'b'), LIMITS, 10_000)).toBe('room');
    expect(await sessions.get('02', 0)).toBeUndefined();
    expect((await sessions.get('04', 0))?.download?.orderId).toBe('b');
    expect(await sessions.open(session('05'), LIMITS, 10_000)).toBe('room');
    expect(await sessions.open(session('06'), LIMITS, 10_000)).toBe('room');
    expect(await sessions.room(undefined, LIMITS, 10_000)).toBe('untriggeredFull');
    expect(await sessions.open(session('07'), LIMITS, 10_000)).toBe('untriggeredFull');
    expect(await sessions.open(session('08', 'x', OTHER), LIMITS, 10_000)).toBe('room');
    expect(await sessions.room({ orderId: 'y', eid: OTHER }, LIMITS, 10_000)).toBe('full');
    expect(await sessions.open(session('09', 'y', OTHER), LIMITS, 10_000)).toBe('full');
    expect(await sessions.count()).toBe(5);
    // once the lifetime is over they go, by the clock given, and make room
    expect(await sessions.open(session('0A', 'y', OTHER, 11_000), LIMITS, 11_000)).toBe('room');
    expect(await sessions.count()).toBe(1);
  });

  it.skipIf(name === 'memory')(
    'is seen by another opening of the same store (a second instance, a restart)',
    async () => {
      const where = url();
      const first = await open(where);
      await first.relayedSessions.open(session('0C01', 'o1'), LIMITS, 10_000);
      const second = await open(where);
      expect((await second.relayedSessions.get('0C01', 0))?.download).toEqual({ orderId: 'o1', eid: EID });
      // the outcome is recorded by one of them only
      expect(await second.relayedSessions.finish('0C01')).toBe(true);
      expect(await first.relayedSessions.finish('0C01')).toBe(false);
    },
  );
});
