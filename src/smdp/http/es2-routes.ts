/**
 * ES2+ (SGP.22 5.3), operator → SM-DP+, on the JSON binding: POST /gsma/rsp2/es2plus/<function>. Only the
 * operator may call it: with a trusted TLS client certificate, or the admin token as a bearer token
 * (operator-authentication.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { AdminAuth } from '../../rsp-server/http/admin-auth.ts';
import { ES2_BODY_LIMIT } from '../../rsp-server/http/body-limits.ts';
import type { FailureLog } from '../../rsp-server/http/failure-log.ts';
import { jsonBinding } from '../../rsp-server/http/json-binding.ts';
import { cancelOrder } from '../es2/cancel-order.ts';
import { confirmOrder } from '../es2/confirm-order.ts';
import { downloadOrder } from '../es2/download-order.ts';
import type { Es2Context } from '../es2/es2-context.ts';
import { releaseProfile } from '../es2/release-profile.ts';
import { operatorAuthoriser } from './operator-authentication.ts';

const PREFIX = '/gsma/rsp2/es2plus';

export function registerEs2Routes(
  app: FastifyInstance,
  es2: Es2Context,
  auth: AdminAuth,
  failures: FailureLog,
  clientCertificates = false,
): void {
  const authorise = operatorAuthoriser(auth, clientCertificates);
  app.register(jsonBinding, {
    prefix: PREFIX,
    area: 'ES2+',
    functions: {
      downloadOrder: (body) => downloadOrder(es2, body),
      confirmOrder: (body) => confirmOrder(es2, body),
      cancelOrder: (body) => cancelOrder(es2, body),
      releaseProfile: (body) => releaseProfile(es2, body),
    },
    authorise,
    bodyLimit: ES2_BODY_LIMIT,
    failures,
  });
}
