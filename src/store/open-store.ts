/** The store a `store` setting names: `memory`, `sqlite:<file>` or `postgres://...`. */

import type { RelayedSessionStore } from '../eim/download/relayed-sessions.ts';
import type { EimRepository } from '../eim/eim-repository.ts';
import type { AdminSessionStore } from '../rsp-server/http/admin-sessions.ts';
import type { SessionStore } from '../rsp-server/session.ts';
import type { BppBindingStore } from '../smdp/bpp/bpp-binding-store.ts';
import type { ProfileRepository } from '../smdp/profile-repository.ts';
import type { EventStore } from '../smds/event-store.ts';
import { MemoryAdminSessionStore } from './memory/memory-admin-session-store.ts';
import { MemoryBppBindingStore } from './memory/memory-bpp-binding-store.ts';
import { MemoryEimRepository } from './memory/memory-eim-repository.ts';
import { MemoryEventStore } from './memory/memory-event-store.ts';
import { MemoryProfileRepository } from './memory/memory-profile-repository.ts';
import { MemoryRelayedSessionStore } from './memory/memory-relayed-session-store.ts';
import { MemorySessionStore } from './memory/memory-session-store.ts';
import { openPool } from './postgres/database.ts';
import { PostgresAdminSessionStore } from './postgres/postgres-admin-session-store.ts';
import { PostgresBppBindingStore } from './postgres/postgres-bpp-binding-store.ts';
import { PostgresEimRepository } from './postgres/postgres-eim-repository.ts';
import { PostgresEventStore } from './postgres/postgres-event-store.ts';
import { PostgresProfileRepository } from './postgres/postgres-profile-repository.ts';
import { PostgresRelayedSessionStore } from './postgres/postgres-relayed-session-store.ts';
import { PostgresSessionStore } from './postgres/postgres-session-store.ts';
import type { DatabaseLog } from './postgres/reconnecting-pool.ts';
import { openDatabase, StoreFileError } from './sqlite/database.ts';
import { type CreatedPaths, createPrivateFile, removeCreated } from './sqlite/private-file.ts';
import { SqliteAdminSessionStore } from './sqlite/sqlite-admin-session-store.ts';
import { SqliteBppBindingStore } from './sqlite/sqlite-bpp-binding-store.ts';
import { SqliteEimRepository } from './sqlite/sqlite-eim-repository.ts';
import { SqliteEventStore } from './sqlite/sqlite-event-store.ts';
import { SqliteProfileRepository } from './sqlite/sqlite-profile-repository.ts';
import { SqliteRelayedSessionStore } from './sqlite/sqlite-relayed-session-store.ts';
import { SqliteSessionStore } from './sqlite/sqlite-session-store.ts';

export interface Store {
  readonly sessions: SessionStore;
  readonly profiles: ProfileRepository;
  /** Orders' BPPs bound to an eUICC one-time key, for a retry in a new session. */
  readonly bindings: BppBindingStore;
  /** The SM-DS's Event Records (an SM-DS started on this store). */
  readonly events: EventStore;
  /** The admin page's login sessions (shared by every instance on a SQLite or PostgreSQL store). */
  readonly adminSessions: AdminSessionStore;
  /** The eIM's orders and eUICC records (an eIM started on this store). */
  readonly eim: EimRepository;
  /** The download sessions the eIM relays to SM-DP+s (shared by every eIM instance on a SQLite or PostgreSQL store). */
  readonly relayedSessions: RelayedSessionStore;
  close(): Promise<void>;
  /** Closes the store and removes what opening it created: a start that failed leaves nothing behind. */
  discard(): Promise<void>;
}

export class StoreConfigError extends Error {
  override readonly name = 'StoreConfigError';
}

/** Without a server's logger, the database's comings and goings are lines on stderr. */
const STDERR_LOG: DatabaseLog = {
  warn: (_, message) => process.stderr.write(`${message}\n`),
  info: (_, message) => process.stderr.write(`${message}\n`),
};

/** `log` hears of a shared database going away and coming back (PostgreSQL). */
export async function openStore(setting: string, log: DatabaseLog = STDERR_LOG): Promise<Store> {
  if (setting === 'memory') {
    return {
      sessions: new MemorySessionStore(),
      profiles: new MemoryProfileRepository(),
      bindings: new MemoryBppBindingStore(),
      events: new MemoryEventStore(),
      adminSessions: new MemoryAdminSessionStore(),
      eim: new MemoryEimRepository(),
      relayedSessions: new MemoryRelayedSessionStore(),
      close: async () => undefined,
      discard: async () => undefined,
    };
  }
  if (setting.startsWith('sqlite:')) {
    const file = setting.slice('sqlite:'.length);
    if (!file) throw new StoreConfigError('sqlite: needs a file, e.g. sqlite:data/rspsim.db');
    let db: ReturnType<typeof openDatabase>;
    let created: CreatedPaths = { file: undefined, folders: [] };
    try {
      created = createPrivateFile(file);
      db = openDatabase(file);
    } catch (error) {
      removeCreated(created);
      const message = (error as Error).message;
      throw new StoreConfigError(
        error instanceof StoreFileError ? message : `cannot open ${file}: ${message}`,
      );
    }
    return {
      sessions: new SqliteSessionStore(db),
      profiles: new SqliteProfileRepository(db),
      bindings: new SqliteBppBindingStore(db),
      events: new SqliteEventStore(db),
      adminSessions: new SqliteAdminSessionStore(db),
      eim: new SqliteEimRepository(db),
      relayedSessions: new SqliteRelayedSessionStore(db),
      close: async () => {
        db.close();
      },
      discard: async () => {
        db.close();
        removeCreated(created);
      },
    };
  }
  if (setting.startsWith('postgres://') || setting.startsWith('postgresql://')) {
    let pool: Awaited<ReturnType<typeof openPool>>;
    try {
      pool = await openPool(setting, log);
    } catch (error) {
      throw new StoreConfigError(`cannot open the PostgreSQL store: ${(error as Error).message}`);
    }
    return {
      sessions: new PostgresSessionStore(pool),
      profiles: new PostgresProfileRepository(pool),
      bindings: new PostgresBppBindingStore(pool),
      events: new PostgresEventStore(pool),
      adminSessions: new PostgresAdminSessionStore(pool),
      eim: new PostgresEimRepository(pool),
      relayedSessions: new PostgresRelayedSessionStore(pool),
      close: () => pool.end(),
      discard: () => pool.end(),
    };
  }
  throw new StoreConfigError(`unknown store "${setting}" (memory, sqlite:<file> or postgres://...)`);
}
