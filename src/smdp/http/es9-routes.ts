/**
 * The ES9+ JSON binding (SGP.22 6.5): POST /gsma/rsp2/es9plus/<function>, a JSON body, a JSON answer with
 * `header.functionExecutionStatus`. This is the only place where protocol errors become HTTP answers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PendingNotification } from '../../asn1/rsp/index.ts';
import { RspError } from '../../errors/rsp-error.ts';
import type { SmdpContext } from '../context.ts';
import { authenticateClient } from '../es9/authenticate-client.ts';
import { cancelSession } from '../es9/cancel-session.ts';
import { getBoundProfilePackage } from '../es9/get-bound-profile-package.ts';
import { handleNotification } from '../es9/handle-notification.ts';
import { initiateAuthentication } from '../es9/initiate-authentication.ts';
import { type JsonBody, requestBody } from '../es9/json-fields.ts';
import { HttpAnswer, NoAnswer } from '../scenarios/scenario-engine.ts';
import type { SessionTraceStore } from '../trace/session-trace.ts';

const PREFIX = '/gsma/rsp2/es9plus';
const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';
/** SGP.22 6.5.1.1: X-Admin-Protocol gsma/rsp/v<major>.<minor>.<revision>; v2.1.0 to v2.5.x are served. */
const ADMIN_PROTOCOL = /^gsma\/rsp\/v2\.([1-5])\.\d+$/;

type Es9Function = (smdp: SmdpContext, body: JsonBody) => Promise<JsonBody | undefined>;

const functions: Record<string, Es9Function> = {
  initiateAuthentication,
  authenticateClient,
  getBoundProfilePackage,
  handleNotification,
  cancelSession,
};

const success = (fields: JsonBody) => ({
  header: { functionExecutionStatus: { status: 'Executed-Success' } },
  ...fields,
});

export function failure(error: RspError) {
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

/** Bodies arrive as text so that malformed JSON becomes an SGP.22 error, not a framework 400. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new RspError('badInput', 'the request body is not valid JSON');
  }
}

/** The transactionId an exchange belongs to: in the request, the answer, or the notification it carries. */
function transactionIdOf(body: JsonBody | undefined, answer: unknown): string | undefined {
  const fromRequest = body?.transactionId ?? (answer as JsonBody | undefined)?.transactionId;
  if (typeof fromRequest === 'string') return fromRequest.toUpperCase();
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

/** Waits `ms` or until the client closes the connection, then closes it without an answer. */
async function noAnswerFor(request: FastifyRequest, ms: number): Promise<void> {
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

export function registerEs9Routes(app: FastifyInstance, smdp: SmdpContext, trace?: SessionTraceStore): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const handle = (name: string, run: Es9Function) => async (request: FastifyRequest, reply: FastifyReply) => {
    const receivedAt = Date.now();
    const started = performance.now();
    let body: JsonBody | undefined;
    const answer = (status: number, payload?: unknown) => {
      const transactionId = trace && transactionIdOf(body, payload);
      if (transactionId) {
        const durationMs = performance.now() - started;
        trace!.record(transactionId, {
          function: name,
          receivedAt,
          durationMs,
          httpStatus: status,
          request: body,
          response: payload,
        });
      }
      return payload === undefined ? reply.code(status).send() : reply.code(status).send(payload);
    };
    const protocol = request.headers['x-admin-protocol'];
    reply.header('X-Admin-Protocol', typeof protocol === 'string' ? protocol : 'gsma/rsp/v2.2.2');
    reply.header('Content-Type', JSON_CONTENT_TYPE);
    try {
      if (typeof protocol !== 'string' || !ADMIN_PROTOCOL.test(protocol)) {
        throw new RspError('unsupportedProtocolVersion', `X-Admin-Protocol ${String(protocol)}`);
      }
      body = requestBody(parseJson(typeof request.body === 'string' ? request.body : ''));
      const result = await run(smdp, body);
      if (result === undefined) return answer(204);
      return answer(200, success(result));
    } catch (error) {
      if (error instanceof HttpAnswer) {
        // A test-lab scenario answers outside the JSON binding (an HTTP error, a malformed body).
        reply.header('Content-Type', error.contentType);
        return answer(error.status, error.body);
      }
      if (error instanceof NoAnswer) {
        // A test-lab scenario does not answer: hold the request until the client gives up or `ms` pass,
        // then drop the connection. Bounded, so no socket is held forever.
        reply.hijack();
        await noAnswerFor(request, error.ms);
        return;
      }
      if (error instanceof RspError) {
        request.log.warn(
          {
            function: name,
            subjectCode: error.subjectCode,
            reasonCode: error.reasonCode,
            detail: error.message,
          },
          'ES9+ function failed',
        );
        return answer(200, failure(error));
      }
      // A defect of ours: still an SGP.22 answer, never a 500 without a body.
      request.log.error({ function: name, err: error }, 'ES9+ function raised an unexpected error');
      return answer(200, failure(new RspError('executionError', 'internal error')));
    }
  };

  for (const [name, run] of Object.entries(functions)) app.post(`${PREFIX}/${name}`, handle(name, run));
  app.all(`${PREFIX}/*`, async (_request, reply) =>
    reply
      .code(404)
      .header('Content-Type', JSON_CONTENT_TYPE)
      .send(failure(new RspError('unknownFunction'))),
  );
}
