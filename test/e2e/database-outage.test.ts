import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunctionFailedError } from '../../src/errors/client-errors.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { Es9Client } from '../../src/lpa/es9-client.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import {
  postgresTestsEnabled,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../helpers/throwaway-postgres.ts';

/**
 * The database goes away under a stream of downloads — `pg_ctl restart`, `pg_terminate_backend`, a stop —
 * and the SM-DP+ outlives it: each download installs or is refused with 1.2/4.2 (the store-failure answer),
 * and once the database is back the server serves again. Before, an idle pool client's error was an
 * unhandled 'error' event that ended the process (here: the test worker).
 */
type Outcome = 'installed' | 'executionError' | string;

describe.skipIf(!postgresTestsEnabled)('the SM-DP+ on a PostgreSQL that goes away', () => {
  let database: ThrowawayPostgres;
  let smdp: RunningSmdp;
  beforeAll(async () => {
    database = await startThrowawayPostgres();
    smdp = await startTestSmdp({ store: database.url });
  }, 60_000);
  afterAll(async () => {
    await smdp?.close();
    await database?.remove();
  });

  /** One download of the reusable demo profile on a fresh eUICC, as its outcome. */
  async function download(client: Es9Client): Promise<Outcome> {
    try {
      const result = await downloadProfile({
        activationCode: `LPA:1$${smdp.address}$DEMO`,
        euicc: await EuiccEmulator.create(),
        es9Client: client,
      });
      return result.success ? 'installed' : 'not installed';
    } catch (error) {
      if (error instanceof FunctionFailedError && error.codeName === 'executionError')
        return 'executionError';
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  }

  /** Downloads by `clients` LPAs in parallel while `event` happens; every outcome. */
  async function streamDuring(event: () => Promise<unknown>, clients = 3): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    let done = false;
    const loops = Array.from({ length: clients }, async () => {
      const client = new Es9Client(smdp.address, { ca: smdp.caPem });
      try {
        // Bounded: at most 40 downloads per LPA, however long the event takes.
        for (let i = 0; i < 40 && !done; i++) outcomes.push(await download(client));
      } finally {
        client.close();
      }
    });
    // Some downloads are under way when the event comes.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await event();
    await new Promise((resolve) => setTimeout(resolve, 300));
    done = true;
    await Promise.all(loops);
    return outcomes;
  }

  /** Downloads until one installs (the database is back), within a bound. */
  async function servesAgain(): Promise<void> {
    const client = new Es9Client(smdp.address, { ca: smdp.caPem });
    try {
      let last: Outcome = '';
      for (let i = 0; i < 50 && last !== 'installed'; i++) {
        last = await download(client);
        if (last !== 'installed') await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(last).toBe('installed');
    } finally {
      client.close();
    }
  }

  const onlyInstalledOrExecutionError = (outcomes: Outcome[]) =>
    expect(outcomes.filter((o) => o !== 'installed' && o !== 'executionError')).toEqual([]);

  it('survives pg_ctl restart during downloads', async () => {
    await servesAgain();
    const outcomes = await streamDuring(() => database.restart());
    onlyInstalledOrExecutionError(outcomes);
    expect(outcomes.length).toBeGreaterThan(0);
    await servesAgain();
  }, 60_000);

  it('survives pg_terminate_backend of its connections during downloads', async () => {
    let ended = 0;
    const outcomes = await streamDuring(async () => {
      ended = await database.terminateBackends();
    });
    // The pool had connections open (idle or busy) and lost them all.
    expect(ended).toBeGreaterThan(0);
    onlyInstalledOrExecutionError(outcomes);
    await servesAgain();
  }, 60_000);

  it('answers 1.2/4.2 while the database is down, and serves once it is back', async () => {
    await database.stopServer();
    const client = new Es9Client(smdp.address, { ca: smdp.caPem });
    try {
      expect(await download(client)).toBe('executionError');
      // Backing off: the next attempts are refused at once, as the same SGP.22 code.
      expect(await download(client)).toBe('executionError');
    } finally {
      client.close();
    }
    await database.startServer();
    await servesAgain();
  }, 60_000);
});
