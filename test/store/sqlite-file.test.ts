import { execFile } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
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

/** A store file with the demo catalogue in it, closed (its WAL folded back into the file). */
async function storeWithProfiles(): Promise<string> {
  const file = join(tempDir('sqlite-damaged'), 'rspsim.db');
  await (await startTestSmdp({ store: `sqlite:${file}` })).close();
  return file;
}

const run = promisify(execFile);
const bin = new URL('../../bin/rspsim.mjs', import.meta.url).pathname;

describe('a damaged or foreign store file (issue 13, item 11)', () => {
  it('with a damaged b-tree page stops the start with one line naming the file and what to do', async () => {
    const file = await storeWithProfiles();
    const db = new Database(file);
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const root = db
      .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'profiles'")
      .pluck()
      .get() as number;
    db.close();
    // The table's root page: its header (page type, cell count, cell pointers) overwritten.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(64, 0x5a), 0, 64, (root - 1) * pageSize);
    closeSync(fd);

    const named = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await expect(openStore(`sqlite:${file}`)).rejects.toThrow(
      new RegExp(`^${named} is damaged \\(SQLite: .+\\): stop the processes using it, move it aside`),
    );
    const started = run(process.execPath, [bin, 'smdp', 'start', '--port', '0', '--store', `sqlite:${file}`]);
    const failure = await started.then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(
      new RegExp(`^rspsim: ${named} is damaged \\(SQLite: [^\\n]+\\): [^\\n]+\\n$`),
    );
    expect(failure?.stdout).toBe('');
  });

  it('written by a newer rspsim (user_version) is refused, not downgraded', async () => {
    const file = await storeWithProfiles();
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    await expect(openStore(`sqlite:${file}`)).rejects.toThrow(
      `${file} has store schema version 99, newer than this rspsim knows`,
    );
    const after = new Database(file);
    expect(after.pragma('user_version', { simple: true })).toBe(99);
    after.close();
  });

  it('that is not SQLite is named as such', async () => {
    const file = join(tempDir('sqlite-foreign'), 'rspsim.db');
    writeFileSync(file, 'profile,iccid\n'.repeat(500));
    await expect(openStore(`sqlite:${file}`)).rejects.toThrow(
      `${file} is not a SQLite database: move it aside or name another store file`,
    );
    expect(readFileSync(file, 'utf8')).toBe('profile,iccid\n'.repeat(500));
  });
});
