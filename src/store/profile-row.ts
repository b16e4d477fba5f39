/** A profile as a table row, the same columns in every SQL store. */
import { StoreMetadataRequest } from '../asn1/rsp/index.ts';
import type { ProfileRecord, ProfileState } from '../smdp/profile-repository.ts';
import { fromStoredJson, toStoredJson } from './buffer-json.ts';

export const PROFILE_COLUMNS = [
  'id',
  'iccid',
  'matching_id',
  'eid',
  'state',
  'confirmation_code_hash',
  'cc_max_attempts',
  'cc_failed_attempts',
  'metadata',
  'ppk',
  'reusable',
  'notification_address',
] as const;

export interface ProfileRow {
  id: string;
  iccid: string;
  matching_id: string | null;
  eid: string | null;
  state: ProfileState;
  confirmation_code_hash: Buffer | null;
  cc_max_attempts: number;
  cc_failed_attempts: number;
  metadata: Buffer;
  ppk: string | null;
  /** 0/1 in SQLite, a boolean in PostgreSQL. */
  reusable: number | boolean;
  notification_address: string | null;
}

export function recordOf(row: ProfileRow): ProfileRecord {
  return {
    id: row.id,
    iccid: row.iccid,
    ...(row.matching_id !== null ? { matchingId: row.matching_id } : {}),
    ...(row.eid !== null ? { eid: row.eid } : {}),
    ...(row.confirmation_code_hash ? { confirmationCodeHash: Buffer.from(row.confirmation_code_hash) } : {}),
    ccMaxAttempts: row.cc_max_attempts,
    ccFailedAttempts: row.cc_failed_attempts,
    state: row.state,
    metadata: StoreMetadataRequest.decode(row.metadata),
    ...(row.ppk ? { ppk: fromStoredJson(row.ppk) } : {}),
    reusable: Boolean(row.reusable),
    ...(row.notification_address !== null ? { notificationAddress: row.notification_address } : {}),
  };
}

/** The column values of a record, in PROFILE_COLUMNS order. */
export function rowValues(record: ProfileRecord): unknown[] {
  return [
    record.id,
    record.iccid,
    record.matchingId ?? null,
    record.eid ?? null,
    record.state,
    record.confirmationCodeHash ?? null,
    record.ccMaxAttempts,
    record.ccFailedAttempts,
    StoreMetadataRequest.encode(record.metadata),
    record.ppk ? toStoredJson(record.ppk) : null,
    record.reusable,
    record.notificationAddress ?? null,
  ];
}
