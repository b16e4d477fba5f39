/**
 * The SM-DS's Event Records (SGP.22 3.6.1): what an SM-DP+ registered for an EID through ES12.RegisterEvent,
 * kept until ES12.DeleteEvent, and handed to that eUICC's LPA by ES11.AuthenticateClient. A record is one
 * (EID, EventID) pair; a second registration of the pair is a duplicate (SGP.22 5.9.1: 8.9.5 / 3.3).
 */
export interface EventRecord {
  readonly eid: string;
  readonly eventId: string;
  /** Where the LPA goes with the EventID: the SM-DP+, or an alternative SM-DS (SGP.22 3.6.2). */
  readonly rspServerAddress: string;
  readonly registeredAt: number;
  /** The root SM-DS this record was forwarded to (forwardingIndicator), which must hear of its deletion. */
  readonly forwardedTo?: string;
}

/** Bounds on what ES12 callers can make the SM-DS keep. */
export const EVENT_LIMITS = {
  perEid: 64,
  total: 200_000,
  eventIdLength: 128,
} as const;

export type RegisterOutcome = 'registered' | 'duplicate' | 'full';

export interface EventStore {
  /** Adds the record unless its (EID, EventID) exists, or the EID or the store is at its bound. */
  register(event: EventRecord): Promise<RegisterOutcome>;
  /** The record removed, or undefined when there was none. */
  delete(eid: string, eventId: string): Promise<EventRecord | undefined>;
  /** The EID's records, oldest first. */
  forEid(eid: string): Promise<EventRecord[]>;
  list(): Promise<EventRecord[]>;
}
