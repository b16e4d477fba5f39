/**
 * The embedded store: one SQLite file (better-sqlite3), WAL mode so that several processes on one machine can
 * share it, schema migrations applied in order at open.
 */
import Database from 'better-sqlite3';

/** Schema versions, applied in order; never edit one that has shipped, add the next. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE sessions (
     transaction_id TEXT PRIMARY KEY,
     phase TEXT NOT NULL,
     expires_at INTEGER NOT NULL,
     data TEXT NOT NULL
   );
   CREATE INDEX sessions_expiry ON sessions (expires_at);
   CREATE TABLE profiles (
     id TEXT PRIMARY KEY,
     iccid TEXT NOT NULL UNIQUE,
     matching_id TEXT UNIQUE,
     eid TEXT,
     state TEXT NOT NULL,
     confirmation_code_hash BLOB,
     cc_max_attempts INTEGER NOT NULL,
     cc_failed_attempts INTEGER NOT NULL DEFAULT 0,
     metadata BLOB NOT NULL,
     ppk TEXT,
     reusable INTEGER NOT NULL DEFAULT 0,
     notification_address TEXT,
     package BLOB NOT NULL
   );`,
  // ES2+.DownloadOrder by profile type (issue 6).
  'ALTER TABLE profiles ADD COLUMN profile_type TEXT;',
  // The SM-DS's Event Records, and the event an order registered at an SM-DS (issue 16, SGP.22 3.6).
  `CREATE TABLE smds_events (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     eid TEXT NOT NULL,
     event_id TEXT NOT NULL,
     rsp_server_address TEXT NOT NULL,
     registered_at INTEGER NOT NULL,
     forwarded_to TEXT,
     UNIQUE (eid, event_id)
   );
   ALTER TABLE profiles ADD COLUMN smds_event TEXT;`,
  // Order limits (time to live, download attempts, devices) and the attempts counted (issue 12).
  `ALTER TABLE profiles ADD COLUMN order_limits TEXT;
   ALTER TABLE profiles ADD COLUMN download_attempts INTEGER NOT NULL DEFAULT 0;`,
  // An order's BPP bound to one eUICC one-time key, for a retry in a new session (SGP.22 5.6.2 bppEuiccOtpk).
  `CREATE TABLE bpp_bindings (
     profile_id TEXT PRIMARY KEY,
     eid TEXT NOT NULL,
     euicc_otpk BLOB NOT NULL,
     bpp BLOB NOT NULL
   );`,
];

export type SqliteDatabase = Database.Database;

export function openDatabase(file: string): SqliteDatabase {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const version = db.pragma('user_version', { simple: true }) as number;
  db.transaction(() => {
    for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
  return db;
}
