import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { NOTIFICATION_LOG_SIZE } from '../../src/smdp/notification-log.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { postEs9 } from '../helpers/es9-request.ts';
import { expectRspFailure, expectRspSuccess } from '../helpers/rsp-assertions.ts';
import { ScriptedEuicc } from '../helpers/scripted-euicc.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { testStores } from '../helpers/test-stores.ts';

/** What a client can make the server keep: sessions (issue 13.5) and received notifications (13.7). */
const TTL_SECONDS = 600;
let clock = Date.now();
const now = () => clock;
let smdp: RunningSmdp | undefined;

afterEach(async () => {
  await smdp?.close();
  smdp = undefined;
});

async function initiate(euicc: ScriptedEuicc, count: number) {
  for (let i = 0; i < count; i++)
    expectRspSuccess(await euicc.initiateAuthentication(smdp!.url, smdp!.address));
}

const rows = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('expired sessions (issue 13.5)', () => {
  it('are purged from SQLite periodically and at start, on the server clock', async () => {
    const file = join(tempDir('purge'), 'store.db');
    const flags = { store: `sqlite:${file}`, sessionTtlSeconds: TTL_SECONDS };
    smdp = await startTestSmdp(flags, { now });
    const euicc = new ScriptedEuicc();
    await initiate(euicc, 5);
    expect(rows(file)).toBe(5);
    clock += TTL_SECONDS * 1000;
    await initiate(euicc, 2);
    expect(await smdp.purgeExpiredSessions()).toBe(5);
    expect(rows(file)).toBe(2);
    await smdp.close();
    // Stopped with two live sessions; started again after they expired.
    clock += TTL_SECONDS * 1000;
    smdp = await startTestSmdp(flags, { now });
    expect(rows(file)).toBe(0);
  });

  it('are purged from memory', async () => {
    smdp = await startTestSmdp({ sessionTtlSeconds: TTL_SECONDS }, { now });
    await initiate(new ScriptedEuicc(), 4);
    expect(await smdp.purgeExpiredSessions()).toBe(0);
    clock += TTL_SECONDS * 1000;
    expect(await smdp.purgeExpiredSessions()).toBe(4);
    expect(await smdp.context.sessions.list(now())).toEqual([]);
  });
});

describe('sessions not yet authenticated are bounded (issue 13.5)', () => {
  for (const [name, store] of testStores('bound')) {
    it(`refuses initiateAuthentication past maxPendingSessions with 1.2/4.2 (${name})`, async () => {
      const flags = { maxPendingSessions: 3, sessionTtlSeconds: TTL_SECONDS, store: store() };
      smdp = await startTestSmdp(flags, { now });
      const euicc = new ScriptedEuicc();
      await initiate(euicc, 3);
      const refused = await euicc.initiateAuthentication(smdp.url, smdp.address);
      expectRspFailure(refused, 'executionError');
      expect(await smdp.context.sessions.countInitiated(now())).toBe(3);
      // An authenticated session no longer counts: a download in progress is never what blocks new ones.
      const [session] = await smdp.context.sessions.list(now());
      await smdp.context.sessions.update({ ...session!, phase: 'authenticated' });
      await initiate(euicc, 1);
      expectRspFailure(await euicc.initiateAuthentication(smdp.url, smdp.address), 'executionError');
      // Once they expire, new sessions are served again.
      clock += TTL_SECONDS * 1000;
      await initiate(euicc, 3);
    });
  }
});

describe('received notifications (issue 13.7)', () => {
  it('keeps only the last ones', async () => {
    smdp = await startTestSmdp();
    const euicc = new ScriptedEuicc();
    const iccid = Buffer.from('98001032547698103214', 'hex');
    const sent = NOTIFICATION_LOG_SIZE + 3;
    for (let i = 0; i < sent; i++) {
      const res = await postEs9(smdp.url, 'handleNotification', {
        pendingNotification: euicc.otherSignedNotification(iccid, 'notificationEnable', smdp.address),
      });
      expect(res.status).toBe(204);
    }
    expect(smdp.context.notifications.received).toBe(sent);
    expect(smdp.context.notifications.since(0)).toHaveLength(NOTIFICATION_LOG_SIZE);
    expect(smdp.context.notifications.since(sent - 1)).toEqual([
      expect.objectContaining({
        kind: 'otherSignedNotification',
        event: 'notificationEnable',
        eid: euicc.eid,
      }),
    ]);
  });
});
