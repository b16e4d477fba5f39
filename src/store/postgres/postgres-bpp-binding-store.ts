/** BPP bindings in PostgreSQL (see src/smdp/bpp/bpp-binding-store.ts): any instance can serve the retry. */

import type { BppBinding, BppBindingStore } from '../../smdp/bpp/bpp-binding-store.ts';
import { BINDING_COLUMNS, type BindingRow, bindingOf, bindingValues, upsertBinding } from '../binding-row.ts';
import type { PostgresQueries } from './reconnecting-pool.ts';

export class PostgresBppBindingStore implements BppBindingStore {
  constructor(private readonly pool: PostgresQueries) {}

  async get(profileId: string): Promise<BppBinding | undefined> {
    const { rows } = await this.pool.query<BindingRow>(
      `SELECT ${BINDING_COLUMNS} FROM bpp_bindings WHERE profile_id = $1`,
      [profileId],
    );
    return rows[0] ? bindingOf(rows[0]) : undefined;
  }

  async put(binding: BppBinding): Promise<void> {
    await this.pool.query(upsertBinding(['$1', '$2', '$3', '$4']), bindingValues(binding));
  }

  async delete(profileId: string): Promise<void> {
    await this.pool.query('DELETE FROM bpp_bindings WHERE profile_id = $1', [profileId]);
  }
}
