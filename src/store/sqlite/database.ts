/**
 * The embedded store: one SQLite file (better-sqlite3), WAL mode so that several processes on one machine can
 * share it, schema migrations applied in order at open.
 */
import Database from 'better-sqlite3';
import { SQLITE_TYPES, schemaMigrations } from '../schema-migrations.ts';

const MIGRATIONS = schemaMigrations(SQLITE_TYPES);

export type SqliteDatabase = Database.Database;

/** A file the store cannot use (damaged, not SQLite, from a newer rspsim): one line saying what to do. */
export class StoreFileError extends Error {
  override readonly name = 'StoreFileError';
}

/** The first problem SQLite reports, on one line (quick_check heads its list with "*** in database main ***"). */
const firstLine = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line && !line.startsWith('***')) ?? text.trim();

const damaged = (file: string, problem: string) =>
  new StoreFileError(
    `${file} is damaged (SQLite: ${firstLine(problem)}): stop the processes using it, move it aside with its ` +
      '-wal and -shm files (or put back a copy) and start again, which creates an empty store',
  );

/** Before anything is written: a damaged file or a schema of a newer rspsim is refused, not patched over. */
function checkFile(db: SqliteDatabase, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length)
    throw new StoreFileError(
      `${file} has store schema version ${version}, newer than this rspsim knows (${MIGRATIONS.length}): ` +
        'use the rspsim that wrote it, or name another store file (--store sqlite:<file>)',
    );
  // Every b-tree page, free list and record format; not the index contents (integrity_check), which costs
  // a sort per index at every start.
  const check = (db.pragma('quick_check') as { quick_check: string }[]).map((row) => row.quick_check);
  if (check.join() !== 'ok') throw damaged(file, check.join('\n'));
}

/** What an SQLite error at open means for the user. */
function fileErrorOf(error: unknown, file: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB')
    return new StoreFileError(
      `${file} is not a SQLite database: move it aside or name another store file (--store sqlite:<file>)`,
    );
  if (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'))
    return damaged(file, (error as Error).message);
  return error;
}

export function openDatabase(file: string): SqliteDatabase {
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    checkFile(db, file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    const version = db.pragma('user_version', { simple: true }) as number;
    db.transaction(() => {
      for (const migration of MIGRATIONS.slice(version)) db.exec(migration);
      db.pragma(`user_version = ${MIGRATIONS.length}`);
    })();
  } catch (error) {
    db.close();
    throw fileErrorOf(error, file);
  }
  return db;
}
