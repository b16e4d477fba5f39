/**
 * A PostgreSQL server of a test's own, for tests that restart or stop the database (the shared one that .ci/run
 * starts on 55432 must keep serving every other test). Made the way .ci/postgres.sh makes that one: Debian's
 * binaries (.ci/run installs the package), initdb in a fresh directory, loopback only, its own port. Such
 * tests run where the other PostgreSQL tests run (RSPSIM_TEST_POSTGRES set) and fail there if this cannot start.
 */
import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** Whether the PostgreSQL tests run here: as test/store/postgres-enabled.test.ts decides. */
export const postgresTestsEnabled = Boolean(process.env.RSPSIM_TEST_POSTGRES);

export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  /** `pg_ctl restart -m fast`: every connection is cut, the server is back when this resolves. */
  restart(): Promise<void>;
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  /** pg_terminate_backend on every other connection; how many it ended. */
  terminateBackends(): Promise<number>;
  /** Stops the server and removes its directory. */
  remove(): Promise<void>;
}

/** Debian's newest installed PostgreSQL, as .ci/postgres.sh picks it. */
function binDir(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
  const newest = versions.at(-1);
  if (newest === undefined) throw new Error('no PostgreSQL under /usr/lib/postgresql (.ci/run installs it)');
  return join('/usr/lib/postgresql', newest, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = binDir();
  // PostgreSQL refuses to run as root: as root (CI), the server runs as the package's postgres user.
  const asRoot = userInfo().uid === 0;
  const tool = (name: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, name), ...args]) : run(join(bin, name), args);
  // Not under the test run's private temporary root: the postgres user must be able to reach it.
  const data = mkdtempSync('/tmp/rspsim-pg-');
  if (asRoot) chownSync(data, Number((await run('id', ['-u', 'postgres'])).stdout), 0);
  const port = await freePort();
  const ctl = (...args: string[]) => tool('pg_ctl', ['-D', data, '-w', ...args]);
  // The server's output goes to its log file: on a pipe, it would keep execFile waiting.
  const options = [
    '-l',
    join(data, 'server.log'),
    '-o',
    `-p ${port} -k ${data} -c listen_addresses=127.0.0.1`,
  ];
  const startServer = async () => {
    await ctl(...options, 'start');
  };
  await tool('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres']);
  await startServer();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    startServer,
    restart: async () => {
      await ctl('-m', 'fast', ...options, 'restart');
    },
    stopServer: async () => {
      await ctl('-m', 'fast', 'stop');
    },
    terminateBackends: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query(
          `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
           WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        );
        return rows.filter((row) => row.ended === true).length;
      } finally {
        await client.end();
      }
    },
    remove: async () => {
      await ctl('-m', 'immediate', 'stop').catch(() => undefined);
      rmSync(data, { recursive: true, force: true });
    },
  };
}
