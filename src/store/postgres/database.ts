/**
 * The shared store: PostgreSQL (pg), for several SM-DP+ instances that must behave as one. Migrations are
 * applied in order at open, under an advisory lock so that instances starting together do not race.
 */
import pg from 'pg';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE sessions (
     transaction_id TEXT PRIMARY KEY,
     phase TEXT NOT NULL,
     expires_at BIGINT NOT NULL,
     data TEXT NOT NULL,
     created SERIAL
   );
   CREATE INDEX sessions_expiry ON sessions (expires_at);
   CREATE TABLE profiles (
     id TEXT PRIMARY KEY,
     iccid TEXT NOT NULL UNIQUE,
     matching_id TEXT UNIQUE,
     eid TEXT,
     state TEXT NOT NULL,
     confirmation_code_hash BYTEA,
     cc_max_attempts INTEGER NOT NULL,
     cc_failed_attempts INTEGER NOT NULL DEFAULT 0,
     metadata BYTEA NOT NULL,
     ppk TEXT,
     reusable BOOLEAN NOT NULL DEFAULT FALSE,
     notification_address TEXT,
     package BYTEA NOT NULL,
     created SERIAL
   );`,
  // ES2+.DownloadOrder by profile type (issue 6).
  'ALTER TABLE profiles ADD COLUMN profile_type TEXT;',
  // The SM-DS's Event Records, and the event an order registered at an SM-DS (issue 16, SGP.22 3.6).
  `CREATE TABLE smds_events (
     seq BIGSERIAL PRIMARY KEY,
     eid TEXT NOT NULL,
     event_id TEXT NOT NULL,
     rsp_server_address TEXT NOT NULL,
     registered_at BIGINT NOT NULL,
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
     euicc_otpk BYTEA NOT NULL,
     bpp BYTEA NOT NULL
   );`,
  // initiateAuthentication counts the sessions not yet authenticated (issue 13.5).
  'CREATE INDEX sessions_phase_expiry ON sessions (phase, expires_at);',
];

/** Any number of the store's migrations may run at the same time in different processes: one lock. */
const MIGRATION_LOCK = 0x72737073;

/** `postgres://...`; a `schema` query parameter puts the tables in that schema (created if missing). */
export async function openPool(url: string): Promise<pg.Pool> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  if (schema !== null && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    max: 8,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const { rows } = await client.query('SELECT version FROM schema_version');
    let version: number = rows[0]?.version ?? 0;
    if (rows.length === 0) await client.query('INSERT INTO schema_version VALUES (0)');
    for (; version < MIGRATIONS.length; version++) {
      await client.query('BEGIN');
      await client.query(MIGRATIONS[version]!);
      await client.query('UPDATE schema_version SET version = $1', [version + 1]);
      await client.query('COMMIT');
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
  return pool;
}
