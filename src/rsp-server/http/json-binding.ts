/**
 * The SGP.22 JSON binding shared by ES9+ and ES2+ (SGP.22 6.5): POST /gsma/rsp2/<interface>/<function>, the
 * X-Admin-Protocol header, a JSON body, a JSON answer whose `header.functionExecutionStatus` says how the
 * function ended. Protocol errors (RspError) become a Failed status here and nowhere else.
 */
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RspError } from '../../errors/rsp-error.ts';
import { HttpAnswer, NoAnswer } from '../binding/http-answer.ts';
import { type JsonBody, requestBody } from '../binding/json-fields.ts';
import { FailureLog } from './failure-log.ts';

const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';
/** SGP.22 6.5.1.1: X-Admin-Protocol gsma/rsp/v<major>.<minor>.<revision>; v2.1.0 to v2.5.x are served. */
const ADMIN_PROTOCOL = /^gsma\/rsp\/v2\.([1-5])\.\d+$/;
/** Sent back when the request's X-Admin-Protocol is missing or not one we serve. */
const DEFAULT_ADMIN_PROTOCOL = 'gsma/rsp/v2.2.2';

/** A function of the binding: the parsed body, and the request for who sent it (client address, certificate). */
export type JsonFunction = (body: JsonBody, request: FastifyRequest) => Promise<JsonBody | undefined>;

const success = (fields: JsonBody) => ({
  header: { functionExecutionStatus: { status: 'Executed-Success' } },
  ...fields,
});

function failure(error: RspError) {
  return {
    header: {
      functionExecutionStatus: {
        status: 'Failed',
        statusCodeData: {
          subjectCode: error.subjectCode,
          reasonCode: error.reasonCode,
          ...(error.subjectIdentifier ? { subjectIdentifier: error.subjectIdentifier } : {}),
          message: error.message,
        },
      },
    },
  };
}

/**
 * A JSON answer serialised to bytes here: Node 20 writes a large string body to a TLS socket far slower than
 * the same bytes as a Buffer (a 147 KB answer costs 2 ms of CPU as a string, 0.15 ms as a Buffer), and a
 * getBoundProfilePackage answer is that large. Text and Buffers (scenario answers) go as they are.
 */
function asBytes(payload: unknown): unknown {
  if (typeof payload !== 'object' || payload === null || Buffer.isBuffer(payload)) return payload;
  return Buffer.from(JSON.stringify(payload));
}

/** Bodies arrive as text so that malformed JSON becomes an SGP.22 error, not a framework 400. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new RspError('badInput', 'the request body is not valid JSON');
  }
}

/** The request's logger, with the transactionId the body names (hex, so bounded and safe to log). */
function transactionLog(request: FastifyRequest, body: JsonBody | undefined): FastifyBaseLogger {
  const transactionId = body?.transactionId;
  return typeof transactionId === 'string' && /^[0-9A-Fa-f]{2,64}$/.test(transactionId)
    ? request.log.child({ transactionId })
    : request.log;
}

/** Waits `ms` or until the client closes the connection, then closes it without an answer. */
export async function noAnswerFor(request: FastifyRequest, ms: number): Promise<void> {
  const socket = request.raw.socket;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  socket.destroy();
}

export interface JsonFunctionOptions {
  /** Largest request body of these functions (body-limits.ts). */
  readonly bodyLimit: number;
  /** Refuses a caller before the function runs (ES2+: the operator's credentials). */
  readonly authorise?: (request: FastifyRequest) => void;
  /**
   * Logs what no function meant to raise (store failures, defects) once per class and interval; the SM-DP+
   * shares one between ES9+ and ES2+, on its clock. Without it, each function has its own on the real clock.
   */
  readonly failures?: FailureLog;
  /** Sees every answer (the ES9+ session trace). */
  readonly onAnswer?: (exchange: {
    name: string;
    body: JsonBody | undefined;
    /** The body as received (text), when it was text. */
    text: string | undefined;
    httpStatus: number;
    payload: unknown;
    /** What was sent for the payload (an object's JSON as bytes; text and Buffers as they are). */
    sent: unknown;
    receivedAt: number;
    durationMs: number;
  }) => void;
}

function jsonFunctionHandler(
  area: string,
  name: string,
  run: JsonFunction,
  options: Omit<JsonFunctionOptions, 'bodyLimit'> = {},
) {
  const failures = options.failures ?? new FailureLog(Date.now);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const receivedAt = Date.now();
    const started = performance.now();
    let body: JsonBody | undefined;
    const text = typeof request.body === 'string' ? request.body : undefined;
    const answer = (httpStatus: number, payload?: unknown) => {
      const sent = payload === undefined ? undefined : asBytes(payload);
      options.onAnswer?.({
        name,
        body,
        text,
        httpStatus,
        payload,
        sent,
        receivedAt,
        durationMs: performance.now() - started,
      });
      return sent === undefined ? reply.code(httpStatus).send() : reply.code(httpStatus).send(sent);
    };
    const protocol = request.headers['x-admin-protocol'];
    const supported = typeof protocol === 'string' && ADMIN_PROTOCOL.test(protocol);
    // Echoed only when it is a version we serve: anything else a client sends is not reflected whole.
    reply.header('X-Admin-Protocol', supported ? protocol : DEFAULT_ADMIN_PROTOCOL);
    reply.header('Content-Type', JSON_CONTENT_TYPE);
    try {
      options.authorise?.(request);
      if (!supported)
        throw new RspError('unsupportedProtocolVersion', `X-Admin-Protocol ${String(protocol)}`);
      body = requestBody(parseJson(text ?? ''));
      const result = await run(body, request);
      if (result === undefined) return answer(204);
      return answer(200, success(result));
    } catch (error) {
      if (error instanceof HttpAnswer) {
        // Outside the JSON binding: a refused caller, or a test-lab scenario's HTTP error or malformed body.
        reply.header('Content-Type', error.contentType);
        reply.headers(error.headers);
        return answer(error.status, error.body);
      }
      if (error instanceof NoAnswer) {
        // A test-lab scenario does not answer: hold the request until the client gives up or `ms` pass,
        // then drop the connection. Bounded, so no socket is held forever.
        reply.hijack();
        await noAnswerFor(request, error.ms);
        // The trace still shows the exchange: HTTP status 0, no answer.
        options.onAnswer?.({
          name,
          body,
          text,
          httpStatus: 0,
          payload: undefined,
          sent: undefined,
          receivedAt,
          durationMs: performance.now() - started,
        });
        return;
      }
      // A warning about a request that names a transaction carries it, so it can be followed in the log.
      const log = transactionLog(request, body);
      if (error instanceof RspError) {
        log.warn(
          {
            function: name,
            subjectCode: error.subjectCode,
            reasonCode: error.reasonCode,
            detail: error.message,
          },
          `${area} function failed`,
        );
        return answer(200, failure(error));
      }
      // A store failure or a defect of ours: still an SGP.22 answer, never a 500 without a body.
      return answer(200, failure(failures.unexpected(log, area, name, error)));
    }
  };
}

/** A body over the route's limit is invalid input for SGP.22, answered as the binding answers it. */
function tooLargeAsFailure(bodyLimit: number) {
  return (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
    // Anything else Fastify refuses goes on to the server's own error handler, as without this one.
    if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.send(error);
    return reply
      .code(200)
      .header('Content-Type', JSON_CONTENT_TYPE)
      .header('X-Admin-Protocol', DEFAULT_ADMIN_PROTOCOL)
      .send(failure(new RspError('badInput', `the request body is larger than ${bodyLimit} bytes`)));
  };
}

export interface JsonBindingOptions extends JsonFunctionOptions {
  /** Where the interface is served: POST <prefix>/<function> (Fastify's own register prefix). */
  readonly prefix: string;
  /** The interface, as logs name it: ES9+, ES2+, ES11, ES12. */
  readonly area: string;
  readonly functions: Readonly<Record<string, JsonFunction>>;
}

/**
 * One interface on the JSON binding, as an encapsulated Fastify plugin: `app.register(jsonBinding, {...})`,
 * without fastify-plugin, so that what it sets stays inside its scope and other routes (the admin API) keep
 * their own body parsing. In its scope: every body is taken as text whatever its Content-Type (the binding
 * parses it, so malformed JSON becomes an SGP.22 error, not a framework 400); one error handler answers a
 * body over the limit as the binding answers invalid input; each function is POST <prefix>/<name>, and any
 * other name under the prefix gets the binding's unknownFunction answer (1.6/3.1) with HTTP 404.
 */
export async function jsonBinding(scope: FastifyInstance, options: JsonBindingOptions): Promise<void> {
  const { area, functions, bodyLimit } = options;
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  scope.setErrorHandler(tooLargeAsFailure(bodyLimit));
  for (const [name, run] of Object.entries(functions))
    scope.post(`/${name}`, { bodyLimit }, jsonFunctionHandler(area, name, run, options));
  scope.all('/*', async (_request, reply) =>
    reply
      .code(404)
      .header('Content-Type', JSON_CONTENT_TYPE)
      .send(failure(new RspError('unknownFunction'))),
  );
}
