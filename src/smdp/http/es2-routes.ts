/**
 * ES2+ (SGP.22 5.3), operator → SM-DP+, on the JSON binding: POST /gsma/rsp2/es2plus/<function>. Only the
 * operator may call it: the admin token as a bearer token.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { cancelOrder } from '../es2/cancel-order.ts';
import { confirmOrder } from '../es2/confirm-order.ts';
import { downloadOrder } from '../es2/download-order.ts';
import type { Es2Context } from '../es2/es2-context.ts';
import { releaseProfile } from '../es2/release-profile.ts';
import { HttpAnswer } from '../scenarios/scenario-engine.ts';
import { bearerTokenMatches } from './admin-auth.ts';
import { ES2_BODY_LIMIT } from './body-limits.ts';
import type { FailureLog } from './failure-log.ts';
import { registerJsonFunctions } from './json-binding.ts';

const PREFIX = '/gsma/rsp2/es2plus';

export function registerEs2Routes(
  app: FastifyInstance,
  es2: Es2Context,
  token: string,
  failures: FailureLog,
): void {
  const authorise = (request: FastifyRequest) => {
    if (!bearerTokenMatches(request, token))
      throw new HttpAnswer(
        401,
        JSON.stringify({ error: 'ES2+ is for the operator: Authorization: Bearer <admin token>' }),
        'application/json',
      );
  };
  registerJsonFunctions(
    app,
    'ES2+',
    PREFIX,
    {
      downloadOrder: (body) => downloadOrder(es2, body),
      confirmOrder: (body) => confirmOrder(es2, body),
      cancelOrder: (body) => cancelOrder(es2, body),
      releaseProfile: (body) => releaseProfile(es2, body),
    },
    { authorise, bodyLimit: ES2_BODY_LIMIT, failures },
  );
}
