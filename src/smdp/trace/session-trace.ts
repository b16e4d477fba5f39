/**
 * Every ES9+ exchange, kept per transactionId so a test lab can see exactly what passed (issue: session
 * trace). Bodies are kept as received and sent; they are decoded only when someone looks. Listeners hear of
 * each new exchange, so the admin page can follow a download live.
 *
 * Bounded on everything a client can make it keep: at most `maxSessions` sessions (the oldest
 * dropped first), `maxExchanges` exchanges per session (a download has four or five; later ones are only
 * counted), and request bodies over `maxBodyBytes` kept as size, digest and head (traced-body.ts). Which
 * sessions are traced at all is decided by the ES9+ routes: only those the server knows.
 */

import { itemAt } from '../../errors/missing-entry.ts';
import { BodyArena } from './body-arena.ts';
import { type ExchangeRecord, RecordedExchange, type TraceEntry } from './recorded-exchange.ts';
import { type SessionFacts, sessionFacts } from './session-facts.ts';

export interface TracedSession {
  readonly entries: readonly TraceEntry[];
  /** Exchanges of this session past the per-session limit: counted, not kept. */
  readonly omittedExchanges: number;
}

export interface SessionSummary extends SessionFacts {
  readonly transactionId: string;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly functions: readonly string[];
  readonly lastFunction: string;
  readonly failed: boolean;
  readonly omittedExchanges: number;
}

export interface TraceLimits {
  readonly maxSessions: number;
  readonly maxExchanges: number;
  /** Request bodies larger than this (bytes of JSON text) are kept as size, SHA-256 and head. */
  readonly maxBodyBytes: number;
}

const DEFAULT_TRACE_LIMITS: TraceLimits = {
  maxSessions: 200,
  maxExchanges: 16,
  maxBodyBytes: 16 * 1024,
};

export type TraceListener = (transactionId: string) => void;

interface Traced {
  entries: RecordedExchange[];
  omittedExchanges: number;
}

export class SessionTraceStore {
  readonly #sessions = new Map<string, Traced>();
  readonly #listeners = new Set<TraceListener>();
  readonly #arena = new BodyArena();
  readonly limits: TraceLimits;

  constructor(limits: Partial<TraceLimits> = {}) {
    this.limits = { ...DEFAULT_TRACE_LIMITS, ...limits };
  }

  has(transactionId: string): boolean {
    return this.#sessions.has(transactionId.toUpperCase());
  }

  record(transactionId: string, exchange: ExchangeRecord): void {
    let traced = this.#sessions.get(transactionId);
    if (!traced) {
      if (this.#sessions.size >= this.limits.maxSessions) {
        const oldest = this.#sessions.entries().next();
        if (!oldest.done) {
          const [id, dropped] = oldest.value;
          this.#sessions.delete(id);
          for (const entry of dropped.entries) entry.release();
        }
      }
      traced = { entries: [], omittedExchanges: 0 };
      this.#sessions.set(transactionId, traced);
    }
    if (traced.entries.length < this.limits.maxExchanges)
      traced.entries.push(new RecordedExchange(exchange, this.limits.maxBodyBytes, this.#arena));
    else traced.omittedExchanges++;
    for (const listener of this.#listeners) listener(transactionId);
  }

  /** Calls `listener` after each recorded exchange; returns the way to stop. */
  subscribe(listener: TraceListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get(transactionId: string): TracedSession | undefined {
    return this.#sessions.get(transactionId.toUpperCase());
  }

  list(): SessionSummary[] {
    return [...this.#sessions].map(([transactionId, { entries, omittedExchanges }]) => {
      const facts = sessionFacts(entries);
      // A session is kept from its first exchange on: it has a first and a last one.
      const first = itemAt(entries, 0, 'exchanges of a traced session');
      const last = itemAt(entries, entries.length - 1, 'exchanges of a traced session');
      return {
        transactionId,
        ...facts,
        firstSeen: first.receivedAt,
        lastSeen: last.receivedAt,
        functions: entries.map((e) => e.function),
        lastFunction: last.function,
        // An ES9+ function failed, or the eUICC reported that the installation did.
        failed: facts.state === 'failed' || facts.state === 'installFailed',
        omittedExchanges,
      };
    });
  }
}
