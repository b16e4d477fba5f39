import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEim } from '../../src/eim/start.ts';
import type { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { eimOperator, iotCardOfEim, pollEim, runEimOrder, startTestEim } from '../helpers/eim-harness.ts';
import { jsonLogSink } from '../helpers/log-sink.ts';
import {
  postgresTestsEnabled,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../helpers/throwaway-postgres.ts';

/**
 * The eIM on a PostgreSQL that goes away (`pg_ctl stop`, `pg_ctl restart`, `pg_terminate_backend`), as the
 * SM-DP+'s database-outage test: while the database is away the IPA's GetEimPackage is answered its ESipa
 * error (eimPackageError undefinedError 127, SGP.32 6.3.2.6) and the operator API 503 with a one-line reason,
 * the eIM stays up, and once the database is back it serves again: an order runs through the built-in IPA.
 * Its own throwaway server, never the shared one.
 */
describe.skipIf(!postgresTestsEnabled)('the eIM on a PostgreSQL that goes away', () => {
  let database: ThrowawayPostgres;
  let eim: RunningEim;
  let card: EuiccEmulator;
  const log = jsonLogSink<{ level: number; area?: string; failure?: string }>();
  beforeAll(async () => {
    database = await startThrowawayPostgres();
    eim = await startTestEim({ store: database.url }, { logger: pino({ level: 'warn' }, log.sink) });
    card = await iotCardOfEim(eim);
  }, 60_000);
  afterAll(async () => {
    await eim?.close();
    await database?.remove();
  });

  const dataRequest = { edr: { tagList: 'A5A6' } };

  /** Runs a data request through the operator API and the IPA until one is done (the database is back). */
  async function servesAgain(): Promise<void> {
    let status = '';
    for (let i = 0; i < 50 && status !== 'done'; i++) {
      try {
        status = (await runEimOrder(eim, card, 'edr', dataRequest)).status;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    expect(status).toBe('done');
  }

  it("answers ESipa's error and the operator API's 503 while the database is down, and serves once it is back", async () => {
    await servesAgain();
    await database.stopServer();
    const linesBefore = log.lines.length;
    for (let i = 0; i < 2; i++) {
      // the second time the pool is backing off and refuses at once, with the same answers
      const poll = await pollEim(eim, card.eid);
      expect(poll.der.toString('hex')).toBe('bf4f0302017f'); // eimPackageError undefinedError
      const created = await eimOperator(eim)('/edr/create', { eidValue: card.eid, order: dataRequest });
      expect(created.status).toBe(503);
      expect(created.body).toEqual({
        error: expect.stringMatching(/^the eIM cannot use its store \(database/),
      });
      const listed = await eimOperator(eim)('/edr/list');
      expect(listed.status).toBe(503);
    }
    // each area's store failure logged once per class, not per request (failure-log.ts)
    const failures = log.lines
      .slice(linesBefore)
      .filter((line) => line.area !== undefined && line.failure !== undefined)
      .map((line) => `${line.area}: ${line.failure}`);
    expect(failures.length).toBe(new Set(failures).size);
    expect(failures).toEqual(expect.arrayContaining([expect.stringMatching(/^ESipa: database/)]));
    expect(failures).toEqual(expect.arrayContaining([expect.stringMatching(/^operator API: database/)]));
    await database.startServer();
    await servesAgain();
  }, 60_000);

  it('survives pg_ctl restart and pg_terminate_backend between and during polls', async () => {
    const polls = Array.from({ length: 20 }, (_, i) =>
      new Promise((resolve) => setTimeout(resolve, i * 20)).then(() => pollEim(eim, card.eid)),
    );
    await database.restart();
    const answers = await Promise.all(polls);
    // each poll got an ESipa answer: nothing to do (eimPackageError noEimPackageAvailable 1) or 127
    for (const answer of answers)
      expect(['bf4f03020101', 'bf4f0302017f']).toContain(answer.der.toString('hex'));
    await servesAgain();
    expect(await database.terminateBackends()).toBeGreaterThan(0);
    await servesAgain();
  }, 60_000);
});
