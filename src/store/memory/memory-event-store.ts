/** The SM-DS event store of the `memory` store: Event Records held in this process (SGP.22 3.6.1). */
import {
  EVENT_LIMITS,
  type EventRecord,
  type EventStore,
  type RegisterOutcome,
} from '../../smds/event-store.ts';

export class MemoryEventStore implements EventStore {
  /** EID → EventID → record (insertion order: oldest first). */
  readonly #byEid = new Map<string, Map<string, EventRecord>>();
  /** Records per caller, in all and per EID (key `caller EID`). */
  readonly #perCaller = new Counts();
  readonly #perCallerEid = new Counts();
  #count = 0;

  async register(event: EventRecord): Promise<RegisterOutcome> {
    const records = this.#byEid.get(event.eid) ?? new Map<string, EventRecord>();
    if (records.has(event.eventId)) return 'duplicate';
    const caller = event.registeredBy ?? '';
    if (
      this.#perCallerEid.of(`${caller} ${event.eid}`) >= EVENT_LIMITS.perCallerPerEid ||
      this.#perCaller.of(caller) >= EVENT_LIMITS.perCaller ||
      this.#count >= EVENT_LIMITS.total
    )
      return 'full';
    records.set(event.eventId, event);
    this.#byEid.set(event.eid, records);
    this.#count++;
    this.#perCaller.add(caller, 1);
    this.#perCallerEid.add(`${caller} ${event.eid}`, 1);
    return 'registered';
  }

  async delete(eid: string, eventId: string): Promise<EventRecord | undefined> {
    const records = this.#byEid.get(eid);
    const record = records?.get(eventId);
    if (!records || !record) return undefined;
    records.delete(eventId);
    if (records.size === 0) this.#byEid.delete(eid);
    this.#count--;
    const caller = record.registeredBy ?? '';
    this.#perCaller.add(caller, -1);
    this.#perCallerEid.add(`${caller} ${eid}`, -1);
    return record;
  }

  async forEid(eid: string): Promise<EventRecord[]> {
    return [...(this.#byEid.get(eid)?.values() ?? [])];
  }

  async list(): Promise<EventRecord[]> {
    return [...this.#byEid.values()].flatMap((records) => [...records.values()]);
  }
}

/** Counts by key; a key whose count falls to 0 is forgotten. */
class Counts {
  readonly #counts = new Map<string, number>();
  of(key: string): number {
    return this.#counts.get(key) ?? 0;
  }
  add(key: string, delta: number): void {
    const count = this.of(key) + delta;
    if (count > 0) this.#counts.set(key, count);
    else this.#counts.delete(key);
  }
}
