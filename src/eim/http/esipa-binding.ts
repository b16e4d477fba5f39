/**
 * ESipa's ASN.1 binding (SGP.32 6.1, 6.3) as an encapsulated Fastify plugin: `POST /gsma/rsp2/asn1`, every
 * body one DER EsipaMessageFromIpaToEim (a request) or EsipaMessageFromEimToIpa (the answer), both as
 * `application/x-gsma-rsp-asn1`, with `X-Admin-Protocol: gsma/rsp/v2.1.0` both ways. The request is decoded
 * with the strict codec and dispatched by its alternative to the function's handler (esipa-function.ts).
 *
 * What is refused, and how, follows onomondo-eim (the reference's §2): another X-Admin-Protocol → 400,
 * another Content-Type → 415, a body that does not decode → 400, a function this eIM does not serve → 400;
 * a body over the limit → 413 before it is read whole. A handler that fails for a reason of ours answers its
 * function's undefinedError (127), so bad input never gets a 500; such a failure (the store away, a defect) is
 * logged once per class and then once a minute (failure-log.ts), not per request of every polling IPA. This is
 * the only file of the eIM that knows HTTP status codes for ESipa.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Asn1DecodeError } from '../../asn1/decode-error.ts';
import { EsipaMessageFromEimToIpa, EsipaMessageFromIpaToEim } from '../../asn1/sgp32/index.ts';
import { HttpAnswer, NoAnswer } from '../../rsp-server/binding/http-answer.ts';
import { clientAddressOf } from '../../rsp-server/http/client-address.ts';
import { FailureLog } from '../../rsp-server/http/failure-log.ts';
import { noAnswerFor } from '../../rsp-server/http/json-binding.ts';
import {
  EncodedEsipaAnswer,
  type EsipaAnswer,
  type EsipaCall,
  type EsipaFunctionName,
  type EsipaHandler,
  type EsipaHandlers,
  undefinedErrorAnswer,
} from '../esipa/esipa-function.ts';

export const ESIPA_PATH = '/gsma/rsp2/asn1';
export const ESIPA_CONTENT_TYPE = 'application/x-gsma-rsp-asn1';
/** SGP.32 6.1 (as onomondo-ipa v1.2 cites it): v2.1.0, for SGP.22 interoperability; onomondo-eim takes no other. */
export const ESIPA_ADMIN_PROTOCOL = 'gsma/rsp/v2.1.0';

/** One exchange, for the trace and the logs: what came, what went. */
export interface EsipaExchange {
  readonly function: EsipaFunctionName | undefined;
  readonly clientAddress: string;
  readonly request: Buffer | undefined;
  readonly httpStatus: number;
  readonly response: Buffer | undefined;
  readonly receivedAt: number;
  readonly durationMs: number;
}

export interface EsipaBindingOptions {
  readonly handlers: EsipaHandlers;
  /** Largest request body (bytes); a larger one is answered 413 without being read whole. */
  readonly bodyLimit: number;
  /** The eIM's clock (receivedAt of each call). */
  readonly now: () => number;
  /** Sees every exchange (the ESipa trace). */
  readonly onExchange?: (exchange: EsipaExchange) => void;
}

/** The media type of a Content-Type header, lower case, without parameters. */
const mediaType = (header: string | undefined) => (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** Calls the handler of the request's alternative with its value (one place where the name meets the value). */
function dispatch(
  handlers: EsipaHandlers,
  message: EsipaMessageFromIpaToEim,
  call: EsipaCall,
): { name: EsipaFunctionName; run: (() => Promise<EsipaAnswer>) | undefined } {
  const [name] = Object.keys(message) as [EsipaFunctionName];
  // the value under `name` is EsipaRequest<typeof name>; TypeScript does not follow the key through the union
  const handler = handlers[name] as EsipaHandler<typeof name> | undefined;
  const value = (message as Record<string, unknown>)[name] as Parameters<EsipaHandler<typeof name>>[0];
  return { name, run: handler ? () => handler(value, call) : undefined };
}

/** The plugin; register it without fastify-plugin so its body parser stays inside it. */
export async function esipaBinding(app: FastifyInstance, options: EsipaBindingOptions): Promise<void> {
  const failures = new FailureLog(options.now);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.post(
    ESIPA_PATH,
    {
      bodyLimit: options.bodyLimit,
      errorHandler: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
        if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
          return reply
            .code(413)
            .headers(esipaHeaders())
            .send(`Request body larger than ${options.bodyLimit} bytes`);
        return reply.send(error);
      },
    },
    async (request, reply) => {
      const receivedAt = options.now();
      const started = performance.now();
      const clientAddress = clientAddressOf(request.raw.socket);
      let name: EsipaFunctionName | undefined;
      const body = Buffer.isBuffer(request.body) ? request.body : undefined;
      const answer = (httpStatus: number, payload: Buffer | string | undefined) => {
        options.onExchange?.({
          function: name,
          clientAddress,
          request: body,
          httpStatus,
          response: Buffer.isBuffer(payload) ? payload : undefined,
          receivedAt,
          durationMs: performance.now() - started,
        });
        reply.code(httpStatus).headers(esipaHeaders());
        return payload === undefined ? reply.send() : reply.send(payload);
      };
      if (request.headers['x-admin-protocol'] !== ESIPA_ADMIN_PROTOCOL)
        return answer(400, 'Unsupported X-Admin-Protocol');
      if (mediaType(request.headers['content-type']) !== ESIPA_CONTENT_TYPE)
        return answer(415, 'Unsupported Content-Type');
      if (!body || body.length === 0) return answer(400, 'Empty request body');
      let message: EsipaMessageFromIpaToEim;
      try {
        message = EsipaMessageFromIpaToEim.decode(body, { maxDepth: 24, maxLength: options.bodyLimit });
      } catch (error) {
        if (!(error instanceof Asn1DecodeError)) throw error;
        request.log.warn({ detail: error.message }, 'ESipa request does not decode');
        return answer(400, `Undecodable request: ${error.message}`);
      }
      const log = request.log;
      const call: EsipaCall = { der: body, connection: request.raw.socket, clientAddress, receivedAt, log };
      const dispatched = dispatch(options.handlers, message, call);
      name = dispatched.name;
      if (!dispatched.run) return answer(400, 'Unsupported Request');
      try {
        const result = await dispatched.run();
        if (result === undefined) return answer(204, undefined);
        return answer(
          200,
          result instanceof EncodedEsipaAnswer ? result.der : EsipaMessageFromEimToIpa.encode(result),
        );
      } catch (error) {
        if (error instanceof HttpAnswer) {
          // a test-lab scenario's HTTP-level answer (a malformed package, an HTTP error)
          reply.headers(error.headers);
          return answer(error.status, Buffer.from(error.body, 'latin1'));
        }
        if (error instanceof NoAnswer) {
          reply.hijack();
          await noAnswerFor(request, error.ms);
          return;
        }
        failures.unexpected(log, 'ESipa', name ?? 'unknown', error);
        const fallback = undefinedErrorAnswer(name);
        return fallback
          ? answer(200, EsipaMessageFromEimToIpa.encode(fallback))
          : answer(500, 'Internal Server Error');
      }
    },
  );
}

function esipaHeaders(): Record<string, string> {
  return { 'content-type': ESIPA_CONTENT_TYPE, 'x-admin-protocol': ESIPA_ADMIN_PROTOCOL };
}
