import pg from 'pg';
import { expect, it } from 'vitest';

/**
 * The PostgreSQL store runs in every store test (contract, ES2+ orders, crash safety, …) only where a server
 * is named by RSPSIM_TEST_POSTGRES (.ci/run starts one). Without it `npm test` says so here, as a skipped
 * test and a warning, instead of leaving PostgreSQL out in silence; with it, this checks that the server
 * answers, so a wrong URL fails once and clearly.
 */
const postgres = process.env.RSPSIM_TEST_POSTGRES;
const REASON =
  'RSPSIM_TEST_POSTGRES is unset, so the PostgreSQL store is left out of the store tests (.ci/run starts a server and sets it)';
if (!postgres) console.warn(`PostgreSQL store tests skipped: ${REASON}`);

it.skipIf(!postgres)(
  postgres ? 'the PostgreSQL server of the store tests answers' : `PostgreSQL store tests skipped: ${REASON}`,
  async () => {
    const client = new pg.Client({ connectionString: postgres });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT 1 + 1 AS two');
      expect(rows).toEqual([{ two: 2 }]);
    } finally {
      await client.end();
    }
  },
);
