/**
 * The one way the PostgreSQL stores reach the database. A database that goes away — a restart, a failover,
 * `pg_terminate_backend`, a network reset — must cost the requests of that moment an SGP.22 execution error
 * (1.2 / 4.2, src/errors/store-failure.ts), never the instance: pg's pool emits `'error'` for a client that
 * fails while idle, and an `'error'` event nobody listens to ends the process.
 *
 * While the database is away, every query would open a new connection and wait for its refusal; instead the
 * pool backs off: after a connection failure, queries fail at once for a delay that doubles (100 ms → 2 s)
 * until one attempt gets through again.
 */
import type pg from 'pg';
import { storeFailureOf } from '../../errors/store-failure.ts';

/** Where the pool reports the database going away and coming back (the server's logger). */
export interface DatabaseLog {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

/** What a store asks of its database: one statement at a time. */
export interface PostgresQueries {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: readonly unknown[],
  ): Promise<pg.QueryResult<R>>;
}

const FIRST_DELAY_MS = 100;
const LONGEST_DELAY_MS = 2000;

/** SQLSTATE 08006 connection_failure: what a query gets while the pool waits before the next attempt. */
const CONNECTION_FAILURE = '08006';

/**
 * pg's own failures of the connection carry no code ("Connection terminated unexpectedly", a connect
 * timeout); they get SQLSTATE 08006, so that the store-failure mapping answers them as the database gone.
 */
export class DatabaseConnectionError extends Error {
  override readonly name = 'DatabaseConnectionError';
  readonly code = CONNECTION_FAILURE;
}

const PG_CONNECTION_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect)/;

/** The error as the store reports it: pg's uncoded connection failures coded 08006. */
function coded(error: unknown): unknown {
  if (error instanceof Error && !('code' in error) && PG_CONNECTION_MESSAGES.test(error.message))
    return new DatabaseConnectionError(error.message, { cause: error });
  return error;
}

/** Failure classes that mean the connection, not the statement, failed: worth backing off for. */
const CONNECTION_CLASSES = new Set([
  'database connection failed',
  'database server shutting down',
  'database unreachable',
]);

export class ReconnectingPool implements PostgresQueries {
  #delayMs = 0;
  #retryAt = 0;

  constructor(
    readonly pool: pg.Pool,
    private readonly log: DatabaseLog,
  ) {
    // An idle client's failure: the pool has dropped it already; note it, the next query reconnects.
    pool.on('error', (error) => this.#away(coded(error)));
  }

  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: readonly unknown[],
  ): Promise<pg.QueryResult<R>> {
    if (this.#delayMs > 0 && performance.now() < this.#retryAt)
      throw new DatabaseConnectionError(`the database is away; next attempt in ${this.#delayMs} ms`);
    let result: pg.QueryResult<R>;
    try {
      result = await this.pool.query<R>(text, values === undefined ? undefined : [...values]);
    } catch (error) {
      const failure = coded(error);
      this.#away(failure);
      throw failure;
    }
    if (this.#delayMs > 0) {
      this.#delayMs = 0;
      this.log.info({}, 'the database answers again');
    }
    return result;
  }

  end(): Promise<void> {
    return this.pool.end();
  }

  #away(error: unknown): void {
    const failure = storeFailureOf(error);
    if (!failure || !CONNECTION_CLASSES.has(failure.failureClass)) return;
    // The queries that were under way when it went fail together: one failure, one step of the backoff.
    if (performance.now() < this.#retryAt) return;
    const first = this.#delayMs === 0;
    this.#delayMs = first ? FIRST_DELAY_MS : Math.min(this.#delayMs * 2, LONGEST_DELAY_MS);
    this.#retryAt = performance.now() + this.#delayMs;
    if (first)
      this.log.warn(
        { code: failure.code, failure: failure.failureClass },
        `the database is away (${(error as Error).message}); answering 1.2/4.2 and reconnecting`,
      );
  }
}
