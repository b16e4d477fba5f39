/**
 * Failures of the data store that come from its surroundings — a full disk, an I/O error, a database server
 * gone — told apart from defects by the driver's error code (better-sqlite3: SQLITE_*, PostgreSQL: SQLSTATE,
 * sockets: E*). They are answered as an SGP.22 execution error and logged once per class, not per request.
 */
export interface StoreFailure {
  /** What an operator must fix, in a few words: the class rate-limited log lines are counted under. */
  readonly failureClass: string;
  /** The driver's code. */
  readonly code: string;
}

/** SQLite result codes, extended codes included (SQLITE_IOERR_WRITE ...), by prefix. */
const SQLITE: readonly [prefix: string, failureClass: string][] = [
  ['SQLITE_FULL', 'disk full'],
  ['SQLITE_IOERR', 'storage I/O error'],
  ['SQLITE_READONLY', 'store read-only'],
  ['SQLITE_CANTOPEN', 'store file cannot be opened'],
  ['SQLITE_CORRUPT', 'store file damaged'],
  ['SQLITE_BUSY', 'store busy (locked by another process)'],
  ['SQLITE_LOCKED', 'store busy (locked by another process)'],
];

/** PostgreSQL SQLSTATE classes (PostgreSQL manual, appendix A), exact codes first. */
const POSTGRES: readonly [prefix: string, failureClass: string][] = [
  ['53100', 'disk full'],
  ['53', 'database server out of resources'],
  ['08', 'database connection failed'],
  ['57P', 'database server shutting down'],
  ['58', 'database server I/O error'],
];

/** The network errors of a database client. */
const SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

export function storeFailureOf(error: unknown): StoreFailure | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  const table = code.startsWith('SQLITE_') ? SQLITE : /^[0-9A-Z]{5}$/.test(code) ? POSTGRES : [];
  const found = table.find(([prefix]) => code.startsWith(prefix));
  if (found) return { failureClass: found[1], code };
  return SOCKET.has(code) ? { failureClass: 'database unreachable', code } : undefined;
}
