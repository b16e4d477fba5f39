/**
 * Profiles in SQLite. A state change is one UPDATE guarded by the states it may come from, so two sessions
 * racing for one profile (in one process or several sharing the file) cannot both take it.
 */
import { StoreMetadataRequest } from '../../asn1/rsp/index.ts';
import type { ProfileRecord, ProfileRepository, ProfileState } from '../../smdp/profile-repository.ts';
import { fromStoredJson, toStoredJson } from '../buffer-json.ts';
import type { SqliteDatabase } from './database.ts';

interface Row {
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
  reusable: number;
  notification_address: string | null;
}

const COLUMNS =
  'id, iccid, matching_id, eid, state, confirmation_code_hash, cc_max_attempts, cc_failed_attempts, metadata, ppk, reusable, notification_address';

function recordOf(row: Row): ProfileRecord {
  return {
    id: row.id,
    iccid: row.iccid,
    ...(row.matching_id !== null ? { matchingId: row.matching_id } : {}),
    ...(row.eid !== null ? { eid: row.eid } : {}),
    ...(row.confirmation_code_hash ? { confirmationCodeHash: row.confirmation_code_hash } : {}),
    ccMaxAttempts: row.cc_max_attempts,
    ccFailedAttempts: row.cc_failed_attempts,
    state: row.state,
    metadata: StoreMetadataRequest.decode(row.metadata),
    ...(row.ppk ? { ppk: fromStoredJson(row.ppk) } : {}),
    reusable: row.reusable === 1,
    ...(row.notification_address !== null ? { notificationAddress: row.notification_address } : {}),
  };
}

export class SqliteProfileRepository implements ProfileRepository {
  constructor(private readonly db: SqliteDatabase) {}

  #one(where: string, ...params: unknown[]): ProfileRecord | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM profiles WHERE ${where} LIMIT 1`).get(...params) as
      | Row
      | undefined;
    return row ? recordOf(row) : undefined;
  }

  async add(record: ProfileRecord, upp: Buffer): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO profiles (${COLUMNS}, package) VALUES (@id, @iccid, @matchingId, @eid, @state, @cc, @ccMax, @ccFailed, @metadata, @ppk, @reusable, @address, @package)`,
      )
      .run({
        id: record.id,
        iccid: record.iccid,
        matchingId: record.matchingId ?? null,
        eid: record.eid ?? null,
        state: record.state,
        cc: record.confirmationCodeHash ?? null,
        ccMax: record.ccMaxAttempts,
        ccFailed: record.ccFailedAttempts,
        metadata: StoreMetadataRequest.encode(record.metadata),
        ppk: record.ppk ? toStoredJson(record.ppk) : null,
        reusable: record.reusable ? 1 : 0,
        address: record.notificationAddress ?? null,
        package: upp,
      });
  }

  async has(id: string): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM profiles WHERE id = ?').get(id) !== undefined;
  }

  async findByMatchingId(matchingId: string) {
    return this.#one('matching_id = ?', matchingId);
  }

  async findForEid(eid: string) {
    return this.#one("eid = ? AND matching_id IS NULL AND state = 'released'", eid);
  }

  async get(id: string) {
    return this.#one('id = ?', id);
  }

  async transition(
    id: string,
    from: readonly ProfileState[],
    to: ProfileState,
    patch?: Partial<Pick<ProfileRecord, 'eid' | 'ccFailedAttempts'>>,
  ) {
    const sets = ['state = @to'];
    if (patch && 'eid' in patch) sets.push('eid = @eid');
    if (patch?.ccFailedAttempts !== undefined) sets.push('cc_failed_attempts = @ccFailed');
    const states = from.map((_, i) => `@from${i}`).join(', ');
    const result = this.db
      .prepare(`UPDATE profiles SET ${sets.join(', ')} WHERE id = @id AND state IN (${states})`)
      .run({
        id,
        to,
        eid: patch?.eid ?? null,
        ccFailed: patch?.ccFailedAttempts ?? null,
        ...Object.fromEntries(from.map((state, i) => [`from${i}`, state])),
      });
    return result.changes === 1 ? this.#one('id = ?', id) : undefined;
  }

  async loadPackage(id: string) {
    const row = this.db.prepare('SELECT package FROM profiles WHERE id = ?').get(id) as
      | { package: Buffer }
      | undefined;
    if (!row) throw new Error(`no package for profile ${id}`);
    return row.package;
  }

  async list() {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM profiles ORDER BY rowid`).all() as Row[]).map(recordOf);
  }
}
