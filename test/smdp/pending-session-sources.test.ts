/**
 * Issue 25, finding 1: the pending-session cap was a lockout switch — one address sent 10,100
 * initiateAuthentication requests and every other LPA got 1.2/4.2 for ten minutes. Now a source keeps a
 * share of the pending sessions, its own oldest making room for its newest; at the global cap the source
 * holding the most gives way; a pending session lives 60 s. Clients on other loopback addresses
 * (127.0.0.x, all on `lo`) stand for other LPAs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pendingSourceOf } from '../../src/rsp-server/session-admission.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { postEs9 } from '../helpers/es9-request.ts';
import { expectRspFailure, expectRspSuccess } from '../helpers/rsp-assertions.ts';
import { ScriptedEuicc } from '../helpers/scripted-euicc.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { testStores } from '../helpers/test-stores.ts';

let clock = Date.now();
const now = () => clock;
let smdp: RunningSmdp | undefined;

afterEach(async () => {
  await smdp?.close();
  smdp = undefined;
});

const FLOODER = '127.0.0.2';
const euicc = new ScriptedEuicc();

async function initiateFrom(localAddress: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const answer = await euicc.initiateAuthentication(smdp!.url, smdp!.address, localAddress);
    expectRspSuccess(answer);
    ids.push(answer.body.transactionId as string);
  }
  return ids;
}

describe('the source of a client address', () => {
  it('is an IPv4 address as it is (also IPv4-mapped), an IPv6 address by its /64', () => {
    expect(pendingSourceOf('192.0.2.7')).toBe('192.0.2.7');
    expect(pendingSourceOf('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(pendingSourceOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(pendingSourceOf('2001:0db8:0001:0002:ffff:ffff:ffff:fffe')).toBe('2001:db8:1:2::/64');
    expect(pendingSourceOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(pendingSourceOf('fe80::1%lo')).toBe('fe80:0:0:0::/64');
    expect(pendingSourceOf('::1')).toBe('0:0:0:0::/64');
  });
});

describe.each(testStores('pending'))(
  'pending sessions per source on the %s store (issue 25, finding 1)',
  (_, store) => {
    it('a flood from one address keeps only its share and never refuses a client from another', async () => {
      const flags = { maxPendingSessions: 12, maxPendingSessionsPerSource: 4, store: store() };
      smdp = await startTestSmdp(flags, { now });
      // Three times the global cap, from one address: every request is answered, the oldest of the flood go.
      const flood = await initiateFrom(FLOODER, 36);
      expect(await smdp.context.sessions.countInitiated(now(), FLOODER)).toBe(4);
      expect(await smdp.context.sessions.countInitiated(now())).toBe(4);
      const live = (await smdp.context.sessions.list(now())).map((s) => s.transactionId);
      expect(live.sort()).toEqual(flood.slice(-4).sort());
      // Another LPA is served, and its session survives the rest of the flood.
      const [mine] = await initiateFrom('127.0.0.3', 1);
      await initiateFrom(FLOODER, 8);
      expect(await smdp.context.sessions.get(mine!, now())).toMatchObject({ source: '127.0.0.3' });
    });

    it('at the global cap the source holding the most gives way; one that holds the most is refused', async () => {
      const flags = { maxPendingSessions: 6, maxPendingSessionsPerSource: 4, store: store() };
      smdp = await startTestSmdp(flags, { now });
      await initiateFrom('127.0.0.2', 3);
      await initiateFrom('127.0.0.3', 3);
      // Full: a newcomer is served, and the oldest session of a source holding the most ended for it.
      await initiateFrom('127.0.0.4', 1);
      expect(await smdp.context.sessions.countInitiated(now())).toBe(6);
      const counts = await Promise.all(
        ['127.0.0.2', '127.0.0.3'].map((a) => smdp!.context.sessions.countInitiated(now(), a)),
      );
      expect(counts.sort()).toEqual([2, 3]);
      // The source still holding 3 holds the most: it is the one refused.
      const busiest = counts[0] === 3 ? '127.0.0.2' : '127.0.0.3';
      const refused = await euicc.initiateAuthentication(smdp.url, smdp.address, busiest);
      expectRspFailure(refused, 'executionError');
      expect(refused.body.header.functionExecutionStatus.statusCodeData.message).toBe(
        'Function Provider - Execution Error: 6 sessions are waiting for authenticateClient',
      );
    });

    it('a pending session lives 60 s; an authenticated one its full TTL from its start', async () => {
      smdp = await startTestSmdp({ store: store(), sessionTtlSeconds: 600 }, { now });
      const idle = (await euicc.initiateAuthentication(smdp.url, smdp.address)).body;
      const { transactionId: authenticated } = await euicc.authenticatedSession(
        smdp.url,
        smdp.address,
        'DEMO',
      );
      clock += 60_000;
      expect(await smdp.context.sessions.get(idle.transactionId, now())).toBeUndefined();
      const late = await postEs9(smdp.url, 'authenticateClient', {
        transactionId: idle.transactionId,
        authenticateServerResponse: euicc.authenticateServer(idle, 'DEMO'),
      });
      expectRspFailure(late, 'transactionIdUnknown');
      expect(await smdp.context.sessions.get(authenticated, now())).toMatchObject({ phase: 'authenticated' });
      clock += 540_000;
      expect(await smdp.context.sessions.get(authenticated, now())).toBeUndefined();
    });
  },
);
