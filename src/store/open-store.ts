/** The store a `store` setting names: `memory` (the default) or `sqlite:<file>`. */
import { MemoryProfileRepository, type ProfileRepository } from '../smdp/profile-repository.ts';
import { MemorySessionStore, type SessionStore } from '../smdp/session.ts';
import { openDatabase } from './sqlite/database.ts';
import { SqliteProfileRepository } from './sqlite/sqlite-profile-repository.ts';
import { SqliteSessionStore } from './sqlite/sqlite-session-store.ts';

export interface Store {
  readonly sessions: SessionStore;
  readonly profiles: ProfileRepository;
  close(): void;
}

export class StoreConfigError extends Error {
  override readonly name = 'StoreConfigError';
}

export function openStore(setting: string): Store {
  if (setting === 'memory') {
    return {
      sessions: new MemorySessionStore(),
      profiles: new MemoryProfileRepository(),
      close: () => undefined,
    };
  }
  if (setting.startsWith('sqlite:')) {
    const file = setting.slice('sqlite:'.length);
    if (!file) throw new StoreConfigError('sqlite: needs a file, e.g. sqlite:data/rspsim.db');
    let db: ReturnType<typeof openDatabase>;
    try {
      db = openDatabase(file);
    } catch (error) {
      throw new StoreConfigError(`cannot open ${file}: ${(error as Error).message}`);
    }
    return {
      sessions: new SqliteSessionStore(db),
      profiles: new SqliteProfileRepository(db),
      close: () => db.close(),
    };
  }
  throw new StoreConfigError(`unknown store "${setting}" (memory or sqlite:<file>)`);
}
