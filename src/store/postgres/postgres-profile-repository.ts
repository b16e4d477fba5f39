/**
 * Profiles in PostgreSQL. A state change is one UPDATE guarded by the states it may come from: whichever
 * instance's session gets there first takes the profile, the other finds nothing to update.
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
import type { PostgresQueries } from './reconnecting-pool.ts';

const COLUMNS = PROFILE_COLUMNS.join(', ');

/** Package sizes kept in memory (one number per profile; the whole set is dropped past this). */
const PACKAGE_SIZES_KEPT = 10_000;

export class PostgresProfileRepository implements ProfileRepository {
  readonly #sizes = new Map<string, number>();

  constructor(private readonly pool: PostgresQueries) {}

  async #one(where: string, params: unknown[]): Promise<ProfileRecord | undefined> {
    const { rows } = await this.pool.query<ProfileRow>(
      `SELECT ${COLUMNS} FROM profiles WHERE ${where} LIMIT 1`,
      params,
    );
    return rows[0] ? recordOf(rows[0]) : undefined;
  }

  async #insert(record: ProfileRecord, upp: Buffer, onConflict: string): Promise<boolean> {
    const marks = [...PROFILE_COLUMNS, 'package'].map((_, i) => `$${i + 1}`).join(', ');
    const { rowCount } = await this.pool.query(
      `INSERT INTO profiles (${COLUMNS}, package) VALUES (${marks}) ${onConflict}`,
      [...rowValues(record), upp],
    );
    return rowCount === 1;
  }

  async add(record: ProfileRecord, upp: Buffer): Promise<void> {
    await this.#insert(record, upp, '');
  }

  async addIfAbsent(record: ProfileRecord, upp: Buffer): Promise<boolean> {
    // No conflict target: with `ON CONFLICT (id)` only the id index arbitrates, and an instance inserting
    // the same profile at the same moment could still fail on the ICCID's unique index (seen: 1 start in 9
    // on a fresh schema). Every unique index arbitrates here; what was skipped must then be this very
    // profile, not another one holding its ICCID or matchingId.
    if (await this.#insert(record, upp, 'ON CONFLICT DO NOTHING')) return true;
    if (await this.has(record.id)) return false;
    throw new Error(
      `another profile already has ICCID ${record.iccid}${record.matchingId ? ` or matchingId ${record.matchingId}` : ''}`,
    );
  }

  async has(id: string): Promise<boolean> {
    return (await this.pool.query('SELECT 1 FROM profiles WHERE id = $1', [id])).rowCount === 1;
  }

  findByMatchingId(matchingId: string) {
    return this.#one('matching_id = $1', [matchingId]);
  }

  findByIccid(iccid: string) {
    return this.#one('iccid = $1', [iccid]);
  }

  findForEid(eid: string) {
    return this.#one(releasedForEid('$1'), [eid]);
  }

  get(id: string) {
    return this.#one('id = $1', [id]);
  }

  async findAvailableByType(profileType: string, limit: number) {
    const { rows } = await this.pool.query<ProfileRow>(
      `SELECT ${COLUMNS} FROM profiles WHERE profile_type = $1 AND state = 'available' ORDER BY created LIMIT $2`,
      [profileType, limit],
    );
    return rows.map(recordOf);
  }

  async hasProfileType(profileType: string) {
    return (
      (await this.pool.query('SELECT 1 FROM profiles WHERE profile_type = $1 LIMIT 1', [profileType]))
        .rowCount === 1
    );
  }

  async findWithSmdsEvent(states: readonly ProfileState[], limit: number, afterId?: string) {
    if (states.length === 0) return [];
    const params: unknown[] = [limit, ...states, ...(afterId === undefined ? [] : [afterId])];
    const where = withSmdsEvent(
      states.map((_, i) => `$${i + 2}`),
      afterId === undefined ? undefined : `$${params.length}`,
    );
    const { rows } = await this.pool.query<ProfileRow>(
      `SELECT ${COLUMNS} FROM profiles WHERE ${where} LIMIT $1`,
      params,
    );
    return rows.map(recordOf);
  }

  async transition(
    id: string,
    from: readonly ProfileState[],
    to: ProfileState,
    patch?: ProfilePatch,
    heldBy?: string,
  ) {
    const params: unknown[] = [id, [...from], to];
    const sets = ['state = $3'];
    for (const [column, value] of patchColumns(patch)) {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    }
    let where = 'id = $1 AND state = ANY($2)';
    if (heldBy !== undefined) {
      params.push(heldBy);
      where += ` AND eid = $${params.length}`;
    }
    const { rows } = await this.pool.query<ProfileRow>(
      `UPDATE profiles SET ${sets.join(', ')} WHERE ${where} RETURNING ${COLUMNS}`,
      params,
    );
    return rows[0] ? recordOf(rows[0]) : undefined;
  }

  async countDownloadAttempt(id: string, states: readonly ProfileState[]) {
    const { rows } = await this.pool.query<ProfileRow>(
      `UPDATE profiles SET download_attempts = download_attempts + 1
       WHERE id = $1 AND state = ANY($2) RETURNING ${COLUMNS}`,
      [id, [...states]],
    );
    return rows[0] ? recordOf(rows[0]) : undefined;
  }

  async loadPackage(id: string) {
    const { rows } = await this.pool.query('SELECT package FROM profiles WHERE id = $1', [id]);
    if (!rows[0]) throw new Error(`no package for profile ${id}`);
    return rows[0].package as Buffer;
  }

  /**
   * A package never changes once added, so its size is asked of the database once: authenticateClient needs
   * it for every download (eligibility), and a round trip costs more than the rest of the check.
   */
  async packageSize(id: string) {
    const known = this.#sizes.get(id);
    if (known !== undefined) return known;
    const { rows } = await this.pool.query(
      'SELECT octet_length(package) AS size FROM profiles WHERE id = $1',
      [id],
    );
    if (!rows[0]) throw new Error(`no package for profile ${id}`);
    if (this.#sizes.size >= PACKAGE_SIZES_KEPT) this.#sizes.clear();
    const size = Number(rows[0].size);
    this.#sizes.set(id, size);
    return size;
  }

  async list() {
    const { rows } = await this.pool.query<ProfileRow>(`SELECT ${COLUMNS} FROM profiles ORDER BY created`);
    return rows.map(recordOf);
  }
}
