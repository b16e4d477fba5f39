/** A profile as a table row, the same columns in every SQL store. */
import { StoreMetadataRequest } from '../asn1/rsp/index.ts';
import type { OrderLimits, ProfilePatch, ProfileRecord, ProfileState } from '../smdp/profile-repository.ts';
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
  'profile_type',
  'smds_event',
  'order_limits',
  'download_attempts',
] as const;

/**
 * findForEid's condition: a released profile bound to this EID with no matchingId (default SM-DP+ / SM-DS use,
 * SGP.22 3.1.2). `mark` is the dialect's placeholder for the EID ($1 or ?).
 */
export const releasedForEid = (mark: string): string =>
  `eid = ${mark} AND matching_id IS NULL AND state = 'released'`;

/**
 * findWithSmdsEvent's condition and order: a profile in one of `states` that holds an SM-DS event, by id,
 * after `afterId` when one is given. `marks` are the dialect's placeholders of the states ($2, $3 or ?, ?),
 * `after` the one of `afterId`.
 */
export const withSmdsEvent = (marks: readonly string[], after: string | undefined): string =>
  `smds_event IS NOT NULL AND state IN (${marks.join(', ')})${after ? ` AND id > ${after}` : ''} ORDER BY id`;

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
  profile_type: string | null;
  /** JSON of the SmdsEventRef. */
  smds_event: string | null;
  order_limits: string | null;
  /** A BIGINT-safe count; PostgreSQL's INTEGER comes back as a number. */
  download_attempts: number;
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
    ...(row.profile_type !== null ? { profileType: row.profile_type } : {}),
    ...(row.smds_event !== null ? { smdsEvent: JSON.parse(row.smds_event) } : {}),
    ...(row.order_limits !== null ? { orderLimits: JSON.parse(row.order_limits) as OrderLimits } : {}),
    downloadAttempts: Number(row.download_attempts),
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
    record.profileType ?? null,
    record.smdsEvent ? JSON.stringify(record.smdsEvent) : null,
    record.orderLimits ? JSON.stringify(record.orderLimits) : null,
    record.downloadAttempts,
  ];
}

const PATCH_COLUMNS: Record<keyof ProfilePatch, string> = {
  eid: 'eid',
  matchingId: 'matching_id',
  confirmationCodeHash: 'confirmation_code_hash',
  ccMaxAttempts: 'cc_max_attempts',
  ccFailedAttempts: 'cc_failed_attempts',
  smdsEvent: 'smds_event',
  orderLimits: 'order_limits',
  downloadAttempts: 'download_attempts',
};

/** The columns a state change sets besides the state, with their values (null clears). */
export function patchColumns(patch: ProfilePatch = {}): [column: string, value: unknown][] {
  return (Object.keys(patch) as (keyof ProfilePatch)[]).map((key) => {
    const value = patch[key];
    const json = (key === 'smdsEvent' || key === 'orderLimits') && value;
    return [PATCH_COLUMNS[key], json ? JSON.stringify(value) : (value ?? null)];
  });
}
