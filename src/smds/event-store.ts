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
  /**
   * The ES12 caller that registered it (es12/es12-caller.ts), the only one that may delete it; absent on
   * records stored before callers were recorded, which any ES12 caller may delete.
   */
  readonly registeredBy?: string;
}

/**
 * Bounds on what ES12 callers can make the SM-DS keep. They count per caller: one
 * caller filling an EID's slots, or the store, leaves the other SM-DP+s their own.
 */
export const EVENT_LIMITS = {
  /** Records one caller keeps for one EID. */
  perCallerPerEid: 64,
  /** Records one caller keeps in all. */
  perCaller: 50_000,
  /** Records of all callers: the store's memory bound. */
  total: 200_000,
  eventIdLength: 128,
} as const;

export type RegisterOutcome = 'registered' | 'duplicate' | 'full';

export interface EventStore {
  /** Adds the record unless its (EID, EventID) exists, or its caller or the store is at a bound. */
  register(event: EventRecord): Promise<RegisterOutcome>;
  /** The record removed, or undefined when there was none. */
  delete(eid: string, eventId: string): Promise<EventRecord | undefined>;
  /** The EID's records, oldest first. */
  forEid(eid: string): Promise<EventRecord[]>;
  list(): Promise<EventRecord[]>;
}
