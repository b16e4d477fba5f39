/**
 * The admin API's request bodies, parsed in the admin scopes only (the JSON binding's scope takes its bodies
 * as text): JSON whatever the Content-Type says, since the CLI, the admin page and a hand-written request
 * send it under different types, read by Fastify's own JSON parser (which refuses `__proto__` and
 * `constructor` keys). A body that is not JSON, or none where a route needs one, is answered
 * 400 {"error": "the body is not JSON"}.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const NOT_JSON = 'the body is not JSON';
const PARSER_REFUSALS = new Set(['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_EMPTY_JSON_BODY']);

/** A route that needs a body got none. */
class MissingBody extends Error {
  constructor() {
    super(NOT_JSON);
  }
}

/** In `scope`: every body parsed as JSON, and the one answer for a body that is not. */
export function adminJsonBodies(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'string' }, scope.getDefaultJsonParser('error', 'error'));
  scope.setErrorHandler((error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof MissingBody || PARSER_REFUSALS.has(error.code))
      return reply.code(400).send({ error: NOT_JSON });
    // Anything else goes on to the server's own error handler, as without this one.
    return reply.send(error);
  });
}

/** The request's parsed body; a request without one is answered as a body that is not JSON. */
export function jsonBodyOf(request: FastifyRequest): unknown {
  if (request.body === undefined) throw new MissingBody();
  return request.body;
}

/** The request's body as an object whose fields a route reads; another JSON value has none of them. */
export function jsonObjectOf(request: FastifyRequest): Readonly<Record<string, unknown>> {
  const body = jsonBodyOf(request);
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body } : {};
}
