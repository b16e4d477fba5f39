import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { tempDir } from './temp-dir.ts';

/**
 * The stores a test runs against, as `store` settings: memory, a fresh SQLite file, and PostgreSQL where CI
 * started one (RSPSIM_TEST_POSTGRES), each call in a schema of its own.
 */
const postgres = process.env.RSPSIM_TEST_POSTGRES;
let schemas = 0;

export function testStores(prefix: string, { memory = true } = {}): [name: string, url: () => string][] {
  return [
    ...(memory ? ([['memory', () => 'memory']] as [string, () => string][]) : []),
    ['SQLite', () => `sqlite:${join(tempDir(prefix), 'rspsim.db')}`],
    ...(postgres
      ? ([['PostgreSQL', () => `${postgres}?schema=${prefix}_${process.pid}_${++schemas}`]] as [
          string,
          () => string,
        ][])
      : []),
  ];
}

/** Opens stores for the tests of a file; each is closed after its test. */
export function storesClosedAfterEach(): (url: string) => Promise<Store> {
  const opened: Store[] = [];
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });
  return async (url) => {
    const store = await openStore(url);
    opened.push(store);
    return store;
  };
}
