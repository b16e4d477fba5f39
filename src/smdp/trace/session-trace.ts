/**
 * Every ES9+ exchange, kept per transactionId so a test lab can see exactly what passed (issue: session
 * trace). Bodies are kept as received and sent; they are decoded only when someone looks. Bounded: the
 * oldest sessions are dropped first. Listeners hear of each new exchange, so the admin page can follow a
 * download live.
 */
import { type SessionFacts, sessionFacts } from './session-facts.ts';

export interface TraceEntry {
  readonly function: string;
  readonly receivedAt: number;
  readonly durationMs: number;
  readonly httpStatus: number;
  readonly request: unknown;
  readonly response: unknown;
  /** Names of the test-lab scenarios that acted on this exchange. */
  readonly scenarios: readonly string[];
}

export interface SessionSummary extends SessionFacts {
  readonly transactionId: string;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly functions: readonly string[];
  readonly lastFunction: string;
  readonly failed: boolean;
}

export type TraceListener = (transactionId: string) => void;

export class SessionTraceStore {
  readonly #sessions = new Map<string, TraceEntry[]>();
  readonly #listeners = new Set<TraceListener>();

  constructor(private readonly maxSessions = 200) {}

  record(transactionId: string, entry: TraceEntry): void {
    let entries = this.#sessions.get(transactionId);
    if (!entries) {
      if (this.#sessions.size >= this.maxSessions) this.#sessions.delete(this.#sessions.keys().next().value!);
      entries = [];
      this.#sessions.set(transactionId, entries);
    }
    entries.push(entry);
    for (const listener of this.#listeners) listener(transactionId);
  }

  /** Calls `listener` after each recorded exchange; returns the way to stop. */
  subscribe(listener: TraceListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get(transactionId: string): readonly TraceEntry[] | undefined {
    return this.#sessions.get(transactionId.toUpperCase());
  }

  list(): SessionSummary[] {
    return [...this.#sessions].map(([transactionId, entries]) => {
      const facts = sessionFacts(entries);
      return {
        transactionId,
        ...facts,
        firstSeen: entries[0]!.receivedAt,
        lastSeen: entries.at(-1)!.receivedAt,
        functions: entries.map((e) => e.function),
        lastFunction: entries.at(-1)!.function,
        // An ES9+ function failed, or the eUICC reported that the installation did.
        failed: facts.state === 'failed' || facts.state === 'installFailed',
      };
    });
  }
}
