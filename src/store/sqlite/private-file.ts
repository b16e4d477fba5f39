/**
 * The SQLite file holds profile packages with their K and OPc: it is created readable by its owner only
 * (0600, its folder 0700; SQLite gives the -wal and -shm files the database file's mode). What was created
 * is remembered, so that a start that fails afterwards (port in use, bad catalogue) leaves nothing behind.
 */
import { closeSync, mkdirSync, openSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface CreatedPaths {
  /** The database file, when it did not exist before. */
  readonly file: string | undefined;
  /** Folders made for it, deepest first. */
  readonly folders: readonly string[];
}

export function createPrivateFile(file: string): CreatedPaths {
  const folder = resolve(dirname(file));
  const first = mkdirSync(folder, { recursive: true, mode: 0o700 });
  const folders: string[] = [];
  if (first !== undefined) {
    for (let dir = folder; dir !== first; dir = dirname(dir)) folders.push(dir);
    folders.push(first);
  }
  try {
    closeSync(openSync(file, 'wx', 0o600));
    return { file, folders };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { file: undefined, folders };
    removeCreated({ file: undefined, folders });
    throw error;
  }
}

/** Takes away what createPrivateFile made (the database must be closed); a folder someone filled stays. */
export function removeCreated(created: CreatedPaths): void {
  if (created.file !== undefined) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(created.file + suffix, { force: true });
  }
  for (const folder of created.folders) {
    try {
      rmdirSync(folder);
    } catch {
      return;
    }
  }
}
