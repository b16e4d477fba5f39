/**
 * The request line is request text too: Fastify's own answers for an unknown route, a malformed
 * URL or an over-long parameter repeat the URL (up to Node's 16 KB header limit), and its request log line
 * carries it whole. Here the answers name no URL and the log keeps a clipped one.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { clipText } from '../../errors/clip-text.ts';

/** Fastify's `frameworkErrors`: a URL it cannot route (bad encoding, parameter too long). */
export function unroutableUrl(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  return reply.code(error.statusCode ?? 400).send({ error: 'the URL cannot be routed' });
}

export function answerUnknownRoutesWithoutUrl(app: FastifyInstance): void {
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'no such route' }));
}

/**
 * A logger whose request lines carry a clipped URL (Fastify takes the instance's own serializers first), as
 * Fastify's own logger type: the server is then the FastifyInstance its route modules take.
 */
export function withClippedRequestUrls(logger: Logger): FastifyBaseLogger {
  return logger.child(
    {},
    {
      serializers: {
        req: (req: FastifyRequest | IncomingMessage) => ({
          method: req.method,
          url: clipText(req.url ?? ''),
          remoteAddress: 'ip' in req ? req.ip : req.socket?.remoteAddress,
          remotePort: req.socket?.remotePort,
        }),
      },
    },
  );
}
