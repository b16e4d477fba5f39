/**
 * A traced session as the admin API shows and exports it: each exchange with its timing, HTTP and SGP.22
 * status, the scenarios that acted, and both bodies decoded (secrets masked by decodeBody). Raw bodies are
 * never part of it, so the export cannot leak what the decoded view masks; only DER fields that hold nothing
 * masked are given as bytes, for `rspsim decode` (der-fields.ts).
 */
import { decodeBody } from '../../rsp-server/trace/decode-exchange.ts';
import { derFields } from './der-fields.ts';
import type { TraceEntry } from './recorded-exchange.ts';
import { sessionFacts } from './session-facts.ts';
import type { TracedSession } from './session-trace.ts';

/** Each body decoded; whatever was stored, a failure to decode one is shown in its place, never thrown. */
function decodedOrNote(body: unknown) {
  try {
    return decodeBody(body);
  } catch (error) {
    return [{ name: 'undecodable', value: (error as Error).message }];
  }
}

export function traceView(transactionId: string, { entries, omittedExchanges }: TracedSession) {
  return {
    transactionId: transactionId.toUpperCase(),
    ...sessionFacts(entries),
    omittedExchanges,
    exchanges: entries.map((entry: TraceEntry) => {
      // Each body parsed once for this view (the trace keeps them as text and bytes).
      const { request, response } = entry;
      return {
        function: entry.function,
        receivedAt: new Date(entry.receivedAt).toISOString(),
        durationMs: Math.round(entry.durationMs * 100) / 100,
        httpStatus: entry.httpStatus,
        status: entry.executionStatus ?? {
          status: entry.httpStatus === 204 ? 'No Content' : `HTTP ${entry.httpStatus}`,
        },
        scenarios: entry.scenarios,
        request: decodedOrNote(request),
        response: decodedOrNote(response),
        der: { request: derFields(request), response: derFields(response) },
      };
    }),
  };
}
