/**
 * Every ES9+ exchange, kept per transactionId so a test lab can see exactly what passed (issue: session
 * trace). Bodies are kept as received and sent; they are decoded only when someone looks. Bounded: the
 * oldest sessions are dropped first.
 */
export interface TraceEntry {
  readonly function: string;
  readonly receivedAt: number;
  readonly durationMs: number;
  readonly httpStatus: number;
  readonly request: unknown;
  readonly response: unknown;
}

export interface SessionSummary {
  readonly transactionId: string;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly functions: readonly string[];
  readonly failed: boolean;
}

export class SessionTraceStore {
  readonly #sessions = new Map<string, TraceEntry[]>();

  constructor(private readonly maxSessions = 200) {}

  record(transactionId: string, entry: TraceEntry): void {
    let entries = this.#sessions.get(transactionId);
    if (!entries) {
      if (this.#sessions.size >= this.maxSessions) this.#sessions.delete(this.#sessions.keys().next().value!);
      entries = [];
      this.#sessions.set(transactionId, entries);
    }
    entries.push(entry);
  }

  get(transactionId: string): readonly TraceEntry[] | undefined {
    return this.#sessions.get(transactionId.toUpperCase());
  }

  list(): SessionSummary[] {
    return [...this.#sessions].map(([transactionId, entries]) => ({
      transactionId,
      firstSeen: entries[0]!.receivedAt,
      lastSeen: entries.at(-1)!.receivedAt,
      functions: entries.map((e) => e.function),
      failed: entries.some((e) => (e.response as any)?.header?.functionExecutionStatus?.status === 'Failed'),
    }));
  }
}
