/** BPP bindings in SQLite (see src/smdp/bpp/bpp-binding-store.ts): one row per order, replaced by a new key. */
import type { BppBinding, BppBindingStore } from '../../smdp/bpp/bpp-binding-store.ts';
import type { SqliteDatabase } from './database.ts';

interface BindingRow {
  profile_id: string;
  eid: string;
  euicc_otpk: Buffer;
  bpp: Buffer;
}

export class SqliteBppBindingStore implements BppBindingStore {
  readonly #select;
  readonly #upsert;
  readonly #delete;

  constructor(db: SqliteDatabase) {
    this.#select = db.prepare(
      'SELECT profile_id, eid, euicc_otpk, bpp FROM bpp_bindings WHERE profile_id = ?',
    );
    this.#upsert = db.prepare(
      `INSERT INTO bpp_bindings (profile_id, eid, euicc_otpk, bpp) VALUES (?, ?, ?, ?)
       ON CONFLICT (profile_id) DO UPDATE SET eid = excluded.eid, euicc_otpk = excluded.euicc_otpk, bpp = excluded.bpp`,
    );
    this.#delete = db.prepare('DELETE FROM bpp_bindings WHERE profile_id = ?');
  }

  async get(profileId: string): Promise<BppBinding | undefined> {
    const row = this.#select.get(profileId) as BindingRow | undefined;
    return row
      ? { profileId: row.profile_id, eid: row.eid, euiccOtpk: row.euicc_otpk, boundProfilePackage: row.bpp }
      : undefined;
  }

  async put(binding: BppBinding): Promise<void> {
    this.#upsert.run(binding.profileId, binding.eid, binding.euiccOtpk, binding.boundProfilePackage);
  }

  async delete(profileId: string): Promise<void> {
    this.#delete.run(profileId);
  }
}
