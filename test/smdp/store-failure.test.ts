import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILURE_LOG_INTERVAL_MS } from '../../src/rsp-server/http/failure-log.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { openDatabase, type SqliteDatabase } from '../../src/store/sqlite/database.ts';
import { SqliteSessionStore } from '../../src/store/sqlite/sqlite-session-store.ts';
import { jsonLogSink } from '../helpers/log-sink.ts';
import { expectRspFailure, expectRspSuccess } from '../helpers/rsp-assertions.ts';
import { ScriptedEuicc } from '../helpers/scripted-euicc.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * A store file that can grow no more: max_page_count at its current size, then rows added until SQLite
 * answers SQLITE_FULL at every size down to a small one, so any session the SM-DP+ writes does not fit. The
 * rows never expire: the purge of expired sessions at start would give their space back.
 */
function fullDatabase(): SqliteDatabase {
  const db = openDatabase(join(tempDir('disk-full'), 'rspsim.db'));
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  const insert = db.prepare(
    'INSERT INTO sessions (transaction_id, phase, expires_at, data) VALUES (?, ?, ?, ?)',
  );
  let n = 0;
  for (const size of [2000, 400, 80, 16]) {
    try {
      for (;;) insert.run(`FILL${n++}`, 'filler', Number.MAX_SAFE_INTEGER, 'x'.repeat(size));
    } catch (error) {
      expect((error as { code?: string }).code).toBe('SQLITE_FULL');
    }
  }
  return db;
}

let db: SqliteDatabase;
let smdp: RunningSmdp;
let clock = Date.parse('2026-06-01T10:00:00Z');
const { sink, lines } = jsonLogSink<{
  msg: string;
  failure?: string;
  code?: string;
  suppressed?: number;
  err?: unknown;
}>();

beforeAll(async () => {
  db = fullDatabase();
  smdp = await startTestSmdp(
    {},
    { logger: pino({ level: 'info' }, sink), sessions: new SqliteSessionStore(db), now: () => clock },
  );
});
afterAll(async () => {
  await smdp?.close();
  db?.close();
});

describe('a full disk (issue 13, item 13)', () => {
  it('answers each request with the execution error and logs one line per interval, not a stack per request', async () => {
    const euicc = new ScriptedEuicc();
    for (let i = 0; i < 6; i++) {
      const answer = await euicc.initiateAuthentication(smdp.url, smdp.address);
      expectRspFailure(answer, 'executionError');
      expect(answer.body.header.functionExecutionStatus.statusCodeData.message).toMatch(
        /cannot use its data store \(disk full\)/,
      );
    }
    const failures = () => lines.filter((line) => line.failure === 'disk full');
    expect(failures()).toEqual([
      expect.objectContaining({
        code: 'SQLITE_FULL',
        suppressed: 0,
        msg: expect.stringMatching(/^the store failed: disk full/),
      }),
    ]);
    // Nothing else about it: no 'unexpected error' line, no stack.
    expect(lines.filter((line) => line.err !== undefined || /unexpected/.test(line.msg))).toEqual([]);

    // A minute later on the server's clock the next failure is logged again, with the count left out.
    clock += FAILURE_LOG_INTERVAL_MS;
    expectRspFailure(await euicc.initiateAuthentication(smdp.url, smdp.address), 'executionError');
    expect(failures().map((line) => line.suppressed)).toEqual([0, 5]);

    // Space again: the same server serves the next request.
    db.pragma('max_page_count = 1000000');
    expectRspSuccess(await euicc.initiateAuthentication(smdp.url, smdp.address));
  });
});
