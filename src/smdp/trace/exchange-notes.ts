/**
 * Notes about the ES9+ exchange being handled, made from code that does not see the HTTP request (the
 * scenario engine acts inside the step hooks). Every ES9+ function's state carries the request body it
 * runs on, so a note is found by that body (a WeakMap: it goes with the request). No AsyncLocalStorage:
 * its promise hooks cost the whole server CPU on every request.
 */
import type { FunctionState } from '../../rsp-server/step-state.ts';

export interface ExchangeNotes {
  /** Names of the scenarios that acted, in order. */
  readonly scenarios: string[];
}

const notes = new WeakMap<object, ExchangeNotes>();

/** Opens the note of a request (by its parsed body). */
export function openExchangeNotes(body: object): ExchangeNotes {
  const opened: ExchangeNotes = { scenarios: [] };
  notes.set(body, opened);
  return opened;
}

export function exchangeNotesOf(body: object | undefined): ExchangeNotes | undefined {
  return body ? notes.get(body) : undefined;
}

/** Adds a scenario to the note of the exchange a step state belongs to; without one it is dropped. */
export function noteScenario(state: FunctionState, name: string): void {
  notes.get(state.body)?.scenarios.push(name);
}
