/**
 * The admin page's login and logout (admin-auth.ts says why a cookie): `POST /admin/ui/login` with
 * `{"token": "..."}` answers 204 and sets the cookie holding a session id that the page's reads then carry;
 * `POST /admin/ui/logout` ends that session now. Shared by every server's admin page (SM-DP+, eIM).
 */
import type { FastifyInstance } from 'fastify';
import { type AdminAuth, adminCookie, privateAnswers, sendRefusal } from './admin-auth.ts';
import { adminJsonBodies, jsonObjectOf } from './admin-json-bodies.ts';

export function registerAdminLoginRoutes(app: FastifyInstance, auth: AdminAuth): void {
  app.register(async (scope) => {
    privateAnswers(scope);
    adminJsonBodies(scope);
    scope.post('/admin/ui/login', async (request, reply) => {
      const outcome = await auth.login(request, jsonObjectOf(request).token);
      if ('status' in outcome) return sendRefusal(reply, outcome);
      return reply.code(204).header('Set-Cookie', adminCookie(outcome.sessionId)).send();
    });
    scope.post('/admin/ui/logout', async (request, reply) => {
      await auth.logout(request);
      return reply.code(204).header('Set-Cookie', adminCookie('')).send();
    });
  });
}
