/** BPP bindings in PostgreSQL (see src/smdp/bpp/bpp-binding-store.ts): any instance can serve the retry. */
import type pg from 'pg';
import type { BppBinding, BppBindingStore } from '../../smdp/bpp/bpp-binding-store.ts';

export class PostgresBppBindingStore implements BppBindingStore {
  constructor(private readonly pool: pg.Pool) {}

  async get(profileId: string): Promise<BppBinding | undefined> {
    const { rows } = await this.pool.query(
      'SELECT profile_id, eid, euicc_otpk, bpp FROM bpp_bindings WHERE profile_id = $1',
      [profileId],
    );
    const row = rows[0] as { profile_id: string; eid: string; euicc_otpk: Buffer; bpp: Buffer } | undefined;
    return row
      ? { profileId: row.profile_id, eid: row.eid, euiccOtpk: row.euicc_otpk, boundProfilePackage: row.bpp }
      : undefined;
  }

  async put(binding: BppBinding): Promise<void> {
    await this.pool.query(
      `INSERT INTO bpp_bindings (profile_id, eid, euicc_otpk, bpp) VALUES ($1, $2, $3, $4)
       ON CONFLICT (profile_id) DO UPDATE SET eid = EXCLUDED.eid, euicc_otpk = EXCLUDED.euicc_otpk, bpp = EXCLUDED.bpp`,
      [binding.profileId, binding.eid, binding.euiccOtpk, binding.boundProfilePackage],
    );
  }

  async delete(profileId: string): Promise<void> {
    await this.pool.query('DELETE FROM bpp_bindings WHERE profile_id = $1', [profileId]);
  }
}
