/**
 * Notes about the ES9+ exchange being handled, made from code that does not see the HTTP request (the
 * scenario engine acts inside the step hooks). The route handler opens a note for each request; whatever
 * runs inside that request's async work adds to it, and the trace records it with the exchange.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface ExchangeNotes {
  /** Names of the scenarios that acted, in order. */
  readonly scenarios: string[];
}

const current = new AsyncLocalStorage<ExchangeNotes>();

/** Runs `work` with a fresh note, which the caller reads once `work` has ended (or thrown). */
export function withExchangeNotes<T>(notes: ExchangeNotes, work: () => Promise<T>): Promise<T> {
  return current.run(notes, work);
}

/** Adds a scenario to the note of the exchange being handled; outside one (a unit test) it is dropped. */
export function noteScenario(name: string): void {
  current.getStore()?.scenarios.push(name);
}
