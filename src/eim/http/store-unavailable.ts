/**
 * The operator API while the eIM's store fails (the PostgreSQL database away, a full disk: store-failure.ts):
 * 503 with a one-line reason and `Retry-After`, so that an operator's script retries, instead of Fastify's 500
 * with the driver's message. Logged once per failure class and then once a minute (failure-log.ts), not per
 * request. Any other error goes on to the enclosing scope's handler.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { storeFailureOf } from '../../errors/store-failure.ts';
import type { FailureLog } from '../../rsp-server/http/failure-log.ts';

/** Seconds an operator's client waits before it tries again (the database pool retries within 2 s). */
const RETRY_AFTER_SECONDS = 2;

export function answerStoreFailures(scope: FastifyInstance, failures: FailureLog): void {
  scope.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const store = storeFailureOf(error);
    if (!store) return reply.send(error);
    failures.unexpected(request.log, 'operator API', request.routeOptions.url ?? request.url, error);
    return reply
      .code(503)
      .header('retry-after', String(RETRY_AFTER_SECONDS))
      .send({ error: `the eIM cannot use its store (${store.failureClass}); try again later` });
  });
}
