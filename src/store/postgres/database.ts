/**
 * The shared store: PostgreSQL (pg), for several SM-DP+ instances that must behave as one. Migrations are
 * applied in order at open, under an advisory lock so that instances starting together do not race. The
 * stores then query through a ReconnectingPool, which outlives the database going away.
 */
import pg from 'pg';
import { POSTGRES_TYPES, schemaMigrations } from '../schema-migrations.ts';
import { type DatabaseLog, ReconnectingPool } from './reconnecting-pool.ts';

const MIGRATIONS = schemaMigrations(POSTGRES_TYPES);

/** Any number of the store's migrations may run at the same time in different processes: one lock. */
const MIGRATION_LOCK = 0x72737073;

/** A connection attempt that gets no answer fails after this long (a database host gone silent). */
const CONNECT_TIMEOUT_MS = 5000;

/** `postgres://...`; a `schema` query parameter puts the tables in that schema (created if missing). */
export async function openPool(url: string, log: DatabaseLog): Promise<ReconnectingPool> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  if (schema !== null && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    max: 8,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const shared = new ReconnectingPool(pool, log);
  try {
    await migrate(pool, schema);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return shared;
}

async function migrate(pool: pg.Pool, schema: string | null): Promise<void> {
  const client = await pool.connect();
  // A failure between two statements is an event on the client; the next statement fails with it.
  const ignore = () => undefined;
  client.on('error', ignore);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const { rows } = await client.query('SELECT version FROM schema_version');
    let version: number = rows[0]?.version ?? 0;
    if (rows.length === 0) await client.query('INSERT INTO schema_version VALUES (0)');
    for (const migration of MIGRATIONS.slice(version)) {
      await client.query('BEGIN');
      await client.query(migration);
      await client.query('UPDATE schema_version SET version = $1', [++version]);
      await client.query('COMMIT');
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.off('error', ignore);
    client.release();
  }
}
