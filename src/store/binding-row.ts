/** A BPP binding (src/smdp/bpp/bpp-binding-store.ts) as a table row, the same columns in every SQL store. */
import type { BppBinding } from '../smdp/bpp/bpp-binding-store.ts';

export const BINDING_COLUMNS = 'profile_id, eid, euicc_otpk, bpp';

export interface BindingRow {
  profile_id: string;
  eid: string;
  euicc_otpk: Buffer;
  bpp: Buffer;
}

export const bindingOf = (row: BindingRow): BppBinding => ({
  profileId: row.profile_id,
  eid: row.eid,
  euiccOtpk: row.euicc_otpk,
  boundProfilePackage: row.bpp,
});

/** The column values of a binding, in BINDING_COLUMNS order. */
export const bindingValues = (binding: BppBinding): unknown[] => [
  binding.profileId,
  binding.eid,
  binding.euiccOtpk,
  binding.boundProfilePackage,
];

/** One binding per order: a new one replaces the last. `marks` are the dialect's placeholders ($1 or ?). */
export const upsertBinding = (marks: readonly string[]): string =>
  `INSERT INTO bpp_bindings (${BINDING_COLUMNS}) VALUES (${marks.join(', ')})
   ON CONFLICT (profile_id) DO UPDATE SET eid = excluded.eid, euicc_otpk = excluded.euicc_otpk, bpp = excluded.bpp`;
