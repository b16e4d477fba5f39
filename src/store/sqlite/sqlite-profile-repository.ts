/**
 * Profiles in SQLite. A state change is one UPDATE guarded by the states it may come from, so two sessions
 * racing for one profile (in one process or several sharing the file) cannot both take it.
 */
import type {
  ProfilePatch,
  ProfileRecord,
  ProfileRepository,
  ProfileState,
} from '../../smdp/profile-repository.ts';
import type { ProfileRow } from '../profile-row.ts';
import {
  PROFILE_COLUMNS,
  patchColumns,
  recordOf,
  releasedForEid,
  rowValues,
  withSmdsEvent,
} from '../profile-row.ts';
import type { SqliteDatabase } from './database.ts';

const COLUMNS = PROFILE_COLUMNS.join(', ');

export class SqliteProfileRepository implements ProfileRepository {
  constructor(private readonly db: SqliteDatabase) {}

  #one(where: string, ...params: unknown[]): ProfileRecord | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM profiles WHERE ${where} LIMIT 1`).get(...params) as
      | ProfileRow
      | undefined;
    return row ? recordOf(row) : undefined;
  }

  #insert(record: ProfileRecord, upp: Buffer, onConflict: string): boolean {
    const values = rowValues(record).map((v) => (typeof v === 'boolean' ? Number(v) : v));
    const marks = PROFILE_COLUMNS.map(() => '?').join(', ');
    return (
      this.db
        .prepare(`INSERT INTO profiles (${COLUMNS}, package) VALUES (${marks}, ?) ${onConflict}`)
        .run(...values, upp).changes === 1
    );
  }

  async add(record: ProfileRecord, upp: Buffer): Promise<void> {
    this.#insert(record, upp, '');
  }

  async addIfAbsent(record: ProfileRecord, upp: Buffer): Promise<boolean> {
    return this.#insert(record, upp, 'ON CONFLICT (id) DO NOTHING');
  }

  async has(id: string): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM profiles WHERE id = ?').get(id) !== undefined;
  }

  async findByMatchingId(matchingId: string) {
    return this.#one('matching_id = ?', matchingId);
  }

  async findByIccid(iccid: string) {
    return this.#one('iccid = ?', iccid);
  }

  async findForEid(eid: string) {
    return this.#one(releasedForEid('?'), eid);
  }

  async get(id: string) {
    return this.#one('id = ?', id);
  }

  async findAvailableByType(profileType: string, limit: number) {
    const rows = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM profiles WHERE profile_type = ? AND state = 'available' ORDER BY rowid LIMIT ?`,
      )
      .all(profileType, limit) as ProfileRow[];
    return rows.map(recordOf);
  }

  async hasProfileType(profileType: string) {
    return (
      this.db.prepare('SELECT 1 FROM profiles WHERE profile_type = ? LIMIT 1').get(profileType) !== undefined
    );
  }

  async findWithSmdsEvent(states: readonly ProfileState[], limit: number, afterId?: string) {
    if (states.length === 0) return [];
    const where = withSmdsEvent(
      states.map(() => '?'),
      afterId === undefined ? undefined : '?',
    );
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM profiles WHERE ${where} LIMIT ?`)
      .all(...states, ...(afterId === undefined ? [] : [afterId]), limit) as ProfileRow[];
    return rows.map(recordOf);
  }

  async transition(
    id: string,
    from: readonly ProfileState[],
    to: ProfileState,
    patch?: ProfilePatch,
    heldBy?: string,
  ) {
    const columns = patchColumns(patch);
    const sets = ['state = ?', ...columns.map(([column]) => `${column} = ?`)];
    const params: unknown[] = [to, ...columns.map(([, value]) => value)];
    const held = heldBy === undefined ? [] : [heldBy];
    const where = `id = ? AND state IN (${from.map(() => '?').join(', ')})${held.length ? ' AND eid = ?' : ''}`;
    const result = this.db
      .prepare(`UPDATE profiles SET ${sets.join(', ')} WHERE ${where}`)
      .run(...params, id, ...from, ...held);
    return result.changes === 1 ? this.#one('id = ?', id) : undefined;
  }

  async countDownloadAttempt(id: string, states: readonly ProfileState[]) {
    const row = this.db
      .prepare(
        `UPDATE profiles SET download_attempts = download_attempts + 1
         WHERE id = ? AND state IN (${states.map(() => '?').join(', ')}) RETURNING ${COLUMNS}`,
      )
      .get(id, ...states) as ProfileRow | undefined;
    return row ? recordOf(row) : undefined;
  }

  /** One column of a profile's row (its package, or what SQL makes of it). */
  #packageColumn<T>(id: string, expression: string): T {
    const row = this.db.prepare(`SELECT ${expression} AS value FROM profiles WHERE id = ?`).get(id) as
      | { value: T }
      | undefined;
    if (!row) throw new Error(`no package for profile ${id}`);
    return row.value;
  }

  async loadPackage(id: string) {
    return this.#packageColumn<Buffer>(id, 'package');
  }

  async packageSize(id: string) {
    return this.#packageColumn<number>(id, 'length(package)');
  }

  async list() {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM profiles ORDER BY rowid`).all() as ProfileRow[]).map(
      recordOf,
    );
  }
}
