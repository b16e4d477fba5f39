import { readdirSync, statSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const mode = (path: string) => statSync(path).mode & 0o777;

/** A port some other program holds. */
async function busyPort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}

describe('the SQLite store file (issue 13, item 9)', () => {
  it('is created readable by its owner only, with its folders, -wal and -shm', async () => {
    const root = tempDir('sqlite-file');
    const file = join(root, 'lab', 'data', 'rspsim.db');
    const store = await openStore(`sqlite:${file}`);
    try {
      expect(mode(join(root, 'lab'))).toBe(0o700);
      expect(mode(join(root, 'lab', 'data'))).toBe(0o700);
      expect(readdirSync(join(root, 'lab', 'data')).sort()).toEqual([
        'rspsim.db',
        'rspsim.db-shm',
        'rspsim.db-wal',
      ]);
      for (const name of ['rspsim.db', 'rspsim.db-shm', 'rspsim.db-wal'])
        expect(mode(join(root, 'lab', 'data', name)), name).toBe(0o600);
    } finally {
      await store.close();
    }
  });

  it('is not left behind by a start that fails (port in use), and an existing one is kept', async () => {
    const busy = await busyPort();
    try {
      const root = tempDir('sqlite-failed-start');
      const store = `sqlite:${join(root, 'data', 'rspsim.db')}`;
      await expect(startTestSmdp({ port: busy.port, store })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(readdirSync(root)).toEqual([]);

      // A store that was there before the failed start keeps its data (here the catalogue's profiles).
      await (await startTestSmdp({ store })).close();
      const before = await openStore(store);
      const profiles = await before.profiles.list();
      await before.close();
      expect(profiles.length).toBeGreaterThan(0);
      await expect(startTestSmdp({ port: busy.port, store })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      const after = await openStore(store);
      expect(await after.profiles.list()).toEqual(profiles);
      await after.close();
    } finally {
      busy.close();
    }
  });
});
