/** The operator's credential for the admin API and ES2+: a bearer token, compared in constant time. */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export function bearerTokenMatches(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const given = Buffer.from(header.replace(/^Bearer\s+/i, ''));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Routes that answer 401 unless the request carries the admin token. */
export function registerAdminScope(
  app: FastifyInstance,
  token: string,
  register: (admin: FastifyInstance) => void,
): void {
  app.register(async (admin) => {
    admin.addHook('onRequest', async (request, reply) => {
      if (!bearerTokenMatches(request, token)) return reply.code(401).send({ error: 'admin token required' });
    });
    register(admin);
  });
}
