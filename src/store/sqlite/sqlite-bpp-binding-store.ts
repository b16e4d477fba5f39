/** BPP bindings in SQLite (see src/smdp/bpp/bpp-binding-store.ts): one row per order, replaced by a new key. */
import type { BppBinding, BppBindingStore } from '../../smdp/bpp/bpp-binding-store.ts';
import { BINDING_COLUMNS, type BindingRow, bindingOf, bindingValues, upsertBinding } from '../binding-row.ts';
import type { SqliteDatabase } from './database.ts';

export class SqliteBppBindingStore implements BppBindingStore {
  readonly #select;
  readonly #upsert;
  readonly #delete;

  constructor(db: SqliteDatabase) {
    this.#select = db.prepare(`SELECT ${BINDING_COLUMNS} FROM bpp_bindings WHERE profile_id = ?`);
    this.#upsert = db.prepare(upsertBinding(['?', '?', '?', '?']));
    this.#delete = db.prepare('DELETE FROM bpp_bindings WHERE profile_id = ?');
  }

  async get(profileId: string): Promise<BppBinding | undefined> {
    const row = this.#select.get(profileId) as BindingRow | undefined;
    return row ? bindingOf(row) : undefined;
  }

  async put(binding: BppBinding): Promise<void> {
    this.#upsert.run(...bindingValues(binding));
  }

  async delete(profileId: string): Promise<void> {
    this.#delete.run(profileId);
  }
}
