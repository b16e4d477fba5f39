/** The ES9+ functions (SGP.22 5.6) on the JSON binding, each exchange recorded in the session trace. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PendingNotification } from '../../asn1/rsp/index.ts';
import { ES9_FUNCTION_NAMES, type Es9FunctionName } from '../../protocol/es9-functions.ts';
import { isTransactionIdText, type JsonBody } from '../../rsp-server/binding/json-fields.ts';
import { ES9_BODY_LIMIT } from '../../rsp-server/http/body-limits.ts';
import { requestOrigin } from '../../rsp-server/http/client-address.ts';
import type { FailureLog } from '../../rsp-server/http/failure-log.ts';
import { registerJsonFunctions } from '../../rsp-server/http/json-binding.ts';
import type { RequestOrigin } from '../../rsp-server/session-admission.ts';
import type { SmdpContext } from '../context.ts';
import { authenticateClient } from '../es9/authenticate-client.ts';
import { cancelSession } from '../es9/cancel-session.ts';
import { getBoundProfilePackage } from '../es9/get-bound-profile-package.ts';
import { handleNotification } from '../es9/handle-notification.ts';
import { initiateAuthentication } from '../es9/initiate-authentication.ts';
import { exchangeNotesOf, openExchangeNotes } from '../trace/exchange-notes.ts';
import type { SessionTraceStore } from '../trace/session-trace.ts';

const PREFIX = '/gsma/rsp2/es9plus';

type Es9Function = (
  smdp: SmdpContext,
  body: JsonBody,
  origin: RequestOrigin,
) => Promise<JsonBody | undefined>;

/** The implementation of each declared function: one missing or one more than declared is a type error. */
const functions: { readonly [F in Es9FunctionName]: Es9Function } = {
  initiateAuthentication,
  authenticateClient,
  getBoundProfilePackage,
  handleNotification,
  cancelSession,
};

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
  failures: FailureLog,
  trace?: SessionTraceStore,
): void {
  // Each request's notes (the scenarios that acted), found again by its parsed body when it is answered.
  const bound = Object.fromEntries(
    ES9_FUNCTION_NAMES.map((name) => [
      name,
      (body: JsonBody, request: FastifyRequest) => {
        openExchangeNotes(body);
        return functions[name](smdp, body, requestOrigin(request));
      },
    ]),
  );
  if (!trace) {
    registerJsonFunctions(app, 'ES9+', PREFIX, bound, { bodyLimit: ES9_BODY_LIMIT, failures });
    return;
  }
  registerJsonFunctions(app, 'ES9+', PREFIX, bound, {
    bodyLimit: ES9_BODY_LIMIT,
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
      // Only sessions the server knows are traced (issue 13): one it made in this process, or one the
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
