/** The profile repository of the `memory` store: profiles held in this process (SGP.22 3.1.1 states). */
import type {
  ProfilePatch,
  ProfileRecord,
  ProfileRepository,
  ProfileState,
} from '../../smdp/profile-repository.ts';

/** Profiles kept in memory, loaded from a catalogue at start. */
export class MemoryProfileRepository implements ProfileRepository {
  readonly #profiles = new Map<string, ProfileRecord>();
  readonly #packages = new Map<string, Buffer>();
  /** ICCID → id: an ICCID never changes, and notifications and ES2+ find profiles by it. */
  readonly #byIccid = new Map<string, string>();
  /** profileType → ids in insertion order: a profile's type never changes (ES2+.DownloadOrder by type). */
  readonly #byType = new Map<string, Set<string>>();
  /** Ids of the profiles holding an SM-DS event (the deletions a restart finishes). */
  readonly #withSmdsEvent = new Set<string>();

  /** Sets the profile, keeping the index of SM-DS events. */
  #put(record: ProfileRecord): void {
    this.#profiles.set(record.id, record);
    if (record.smdsEvent) this.#withSmdsEvent.add(record.id);
    else this.#withSmdsEvent.delete(record.id);
  }

  async add(record: ProfileRecord, upp: Buffer): Promise<void> {
    for (const other of this.#profiles.values()) {
      if (
        other.id === record.id ||
        other.iccid === record.iccid ||
        (record.matchingId && other.matchingId === record.matchingId)
      ) {
        throw new Error(`profile ${record.id}: its id, ICCID or matchingId is taken by ${other.id}`);
      }
    }
    this.#put(record);
    this.#packages.set(record.id, upp);
    this.#byIccid.set(record.iccid, record.id);
    if (record.profileType !== undefined) {
      const ofType = this.#byType.get(record.profileType) ?? new Set<string>();
      this.#byType.set(record.profileType, ofType.add(record.id));
    }
  }
  async addIfAbsent(record: ProfileRecord, upp: Buffer) {
    if (this.#profiles.has(record.id)) return false;
    await this.add(record, upp);
    return true;
  }
  async has(id: string) {
    return this.#profiles.has(id);
  }
  async findByMatchingId(matchingId: string) {
    return [...this.#profiles.values()].find((p) => p.matchingId === matchingId);
  }
  async findByIccid(iccid: string) {
    const id = this.#byIccid.get(iccid);
    return id === undefined ? undefined : this.#profiles.get(id);
  }
  async findForEid(eid: string) {
    return [...this.#profiles.values()].find((p) => p.eid === eid && !p.matchingId && p.state === 'released');
  }
  async get(id: string) {
    return this.#profiles.get(id);
  }
  async findAvailableByType(profileType: string, limit: number) {
    const found: ProfileRecord[] = [];
    for (const id of this.#byType.get(profileType) ?? []) {
      const profile = this.#profiles.get(id);
      if (profile?.state === 'available') found.push(profile);
      if (found.length === limit) break;
    }
    return found;
  }
  async hasProfileType(profileType: string) {
    return this.#byType.has(profileType);
  }
  async findWithSmdsEvent(states: readonly ProfileState[], limit: number, afterId?: string) {
    const ids = [...this.#withSmdsEvent].filter((id) => afterId === undefined || id > afterId).sort();
    const found: ProfileRecord[] = [];
    for (const id of ids) {
      if (found.length >= limit) break;
      const profile = this.#profiles.get(id);
      if (profile && states.includes(profile.state)) found.push(profile);
    }
    return found;
  }
  async transition(
    id: string,
    from: readonly ProfileState[],
    to: ProfileState,
    patch: ProfilePatch = {},
    heldBy?: string,
  ) {
    const current = this.#profiles.get(id);
    if (!current || !from.includes(current.state)) return undefined;
    if (heldBy !== undefined && current.eid !== heldBy) return undefined;
    if (patch.matchingId !== undefined && patch.matchingId !== current.matchingId) {
      const taken = [...this.#profiles.values()].some((p) => p.matchingId === patch.matchingId);
      if (taken) throw new Error(`matchingId ${patch.matchingId} is taken`);
    }
    const next: Record<string, unknown> = { ...current, ...patch, state: to };
    for (const [key, value] of Object.entries(patch)) if (value === undefined) delete next[key];
    this.#put(next as unknown as ProfileRecord);
    return next as unknown as ProfileRecord;
  }
  async countDownloadAttempt(id: string, states: readonly ProfileState[]) {
    const current = this.#profiles.get(id);
    if (!current || !states.includes(current.state)) return undefined;
    const next = { ...current, downloadAttempts: current.downloadAttempts + 1 };
    this.#put(next);
    return next;
  }
  async loadPackage(id: string) {
    const upp = this.#packages.get(id);
    if (!upp) throw new Error(`no package for profile ${id}`);
    return upp;
  }
  async packageSize(id: string) {
    return (await this.loadPackage(id)).length;
  }
  async list() {
    return [...this.#profiles.values()];
  }
}
