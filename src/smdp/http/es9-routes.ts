/** The ES9+ functions (SGP.22 5.6) on the JSON binding, each exchange recorded in the session trace. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PendingNotification } from '../../asn1/rsp/index.ts';
import { isTransactionIdText, type JsonBody } from '../../rsp-server/binding/json-fields.ts';
import { ES9_BODY_LIMIT } from '../../rsp-server/http/body-limits.ts';
import { requestOrigin } from '../../rsp-server/http/client-address.ts';
import type { FailureLog } from '../../rsp-server/http/failure-log.ts';
import { jsonBinding } from '../../rsp-server/http/json-binding.ts';
import { routeTable } from '../../rsp-server/server-function.ts';
import type { StepHooks } from '../../rsp-server/steps.ts';
import type { SmdpContext } from '../context.ts';
import { ES9_FUNCTIONS, type Es9FunctionState } from '../es9/es9-list.ts';
import { exchangeNotesOf, openExchangeNotes } from '../trace/exchange-notes.ts';
import type { SessionTraceStore } from '../trace/session-trace.ts';

const PREFIX = '/gsma/rsp2/es9plus';

/**
 * The transactionId an exchange belongs to: the one the server gave in initiateAuthentication's answer, else
 * the request's, or that of the notification it carries.
 */
function transactionIdOf(name: string, body: JsonBody | undefined, answer: unknown): string | undefined {
  if (name === 'initiateAuthentication') {
    const given = (answer as JsonBody | undefined)?.transactionId;
    return typeof given === 'string' ? given.toUpperCase() : undefined;
  }
  if (isTransactionIdText(body?.transactionId)) return body.transactionId.toUpperCase();
  if (typeof body?.pendingNotification !== 'string') return undefined;
  try {
    const pending = PendingNotification.decode(Buffer.from(body.pendingNotification, 'base64'));
    if ('profileInstallationResult' in pending) {
      return pending.profileInstallationResult.profileInstallationResultData.transactionId
        .toString('hex')
        .toUpperCase();
    }
  } catch {
    // An undecodable notification belongs to no session.
  }
  return undefined;
}

export function registerEs9Routes(
  app: FastifyInstance,
  smdp: SmdpContext,
  hooks: StepHooks<Es9FunctionState> | undefined,
  failures: FailureLog,
  trace?: SessionTraceStore,
): void {
  // Each request's notes (the scenarios that acted), found again by its parsed body when it is answered.
  const bound = Object.fromEntries(
    Object.entries(routeTable(ES9_FUNCTIONS, smdp, hooks, requestOrigin)).map(([name, run]) => [
      name,
      (body: JsonBody, request: FastifyRequest) => {
        openExchangeNotes(body);
        return run(body, request);
      },
    ]),
  );
  const binding = { prefix: PREFIX, area: 'ES9+', functions: bound, bodyLimit: ES9_BODY_LIMIT, failures };
  if (!trace) {
    app.register(jsonBinding, binding);
    return;
  }
  app.register(jsonBinding, {
    ...binding,
    failures,
    onAnswer: ({ name, body, text, httpStatus, payload, sent, receivedAt, durationMs }) => {
      const transactionId = transactionIdOf(name, body, payload);
      if (!transactionId) return;
      // Kept as text and bytes, parsed only when the trace is viewed.
      const entry = {
        function: name,
        receivedAt,
        durationMs,
        httpStatus,
        scenarios: exchangeNotesOf(body)?.scenarios ?? [],
        requestText: text,
        payload,
        sent,
      };
      // Only sessions the server knows are traced: one it made in this process, or one the
      // session store holds (made by another worker); a transactionId nobody gave out gets no entry.
      if (trace.has(transactionId) || name === 'initiateAuthentication') {
        trace.record(transactionId, entry);
        return;
      }
      smdp.sessions.get(transactionId, smdp.now()).then(
        (session) => session && trace.record(transactionId, entry),
        () => undefined,
      );
    },
  });
}
