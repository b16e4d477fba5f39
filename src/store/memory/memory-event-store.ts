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
  #count = 0;

  async register(event: EventRecord): Promise<RegisterOutcome> {
    const records = this.#byEid.get(event.eid) ?? new Map<string, EventRecord>();
    if (records.has(event.eventId)) return 'duplicate';
    if (records.size >= EVENT_LIMITS.perEid || this.#count >= EVENT_LIMITS.total) return 'full';
    records.set(event.eventId, event);
    this.#byEid.set(event.eid, records);
    this.#count++;
    return 'registered';
  }

  async delete(eid: string, eventId: string): Promise<EventRecord | undefined> {
    const records = this.#byEid.get(eid);
    const record = records?.get(eventId);
    if (!records || !record) return undefined;
    records.delete(eventId);
    if (records.size === 0) this.#byEid.delete(eid);
    this.#count--;
    return record;
  }

  async forEid(eid: string): Promise<EventRecord[]> {
    return [...(this.#byEid.get(eid)?.values() ?? [])];
  }

  async list(): Promise<EventRecord[]> {
    return [...this.#byEid.values()].flatMap((records) => [...records.values()]);
  }
}
