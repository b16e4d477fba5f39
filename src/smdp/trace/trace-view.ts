/**
 * A traced session as the admin API shows and exports it: each exchange with its timing, HTTP and SGP.22
 * status, the scenarios that acted, and both bodies decoded (secrets masked by decodeBody). Raw bodies are
 * never part of it, so the export cannot leak what the decoded view masks.
 */
import { decodeBody } from './decode-exchange.ts';
import { sessionFacts } from './session-facts.ts';
import type { TraceEntry } from './session-trace.ts';

export function traceView(transactionId: string, entries: readonly TraceEntry[]) {
  return {
    transactionId: transactionId.toUpperCase(),
    ...sessionFacts(entries),
    exchanges: entries.map((entry) => ({
      function: entry.function,
      receivedAt: new Date(entry.receivedAt).toISOString(),
      durationMs: Math.round(entry.durationMs * 100) / 100,
      httpStatus: entry.httpStatus,
      status: (entry.response as any)?.header?.functionExecutionStatus ?? {
        status: entry.httpStatus === 204 ? 'No Content' : `HTTP ${entry.httpStatus}`,
      },
      scenarios: entry.scenarios,
      request: decodeBody(entry.request),
      response: decodeBody(entry.response),
    })),
  };
}
