/**
 * The operator's credential for the admin API and ES2+: a bearer token, compared in constant time.
 *
 * The admin page carries the same token in a cookie instead: a browser cannot put an Authorization header
 * on an EventSource (the live trace), and an HttpOnly cookie keeps the token out of reach of the page's
 * scripts, unlike sessionStorage. The page sends the token once in a POST body (never in a URL, which
 * would land in access logs). The cookie only authorises reads (GET/HEAD): together with SameSite=Strict,
 * no other site can make a browser change scenarios or profiles with it.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const ADMIN_COOKIE = 'rspsim_admin';

export function tokenMatches(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function bearerTokenMatches(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization ?? '';
  return tokenMatches(header.replace(/^Bearer\s+/i, ''), token);
}

/** The admin cookie's value, if the request has one. */
function cookieToken(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === ADMIN_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export function adminRequestAuthorised(request: FastifyRequest, token: string): boolean {
  if (bearerTokenMatches(request, token)) return true;
  const cookie = cookieToken(request);
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    cookie !== undefined &&
    tokenMatches(cookie, token)
  );
}

/** Set-Cookie for a browser that showed the token; empty `value` clears it. */
export function adminCookie(value: string): string {
  const lifetime = value ? '' : '; Max-Age=0';
  return `${ADMIN_COOKIE}=${encodeURIComponent(value)}; Path=/admin; HttpOnly; Secure; SameSite=Strict${lifetime}`;
}

/** Routes that answer 401 unless the request carries the admin token (header, or the page's cookie). */
export function registerAdminScope(
  app: FastifyInstance,
  token: string,
  register: (admin: FastifyInstance) => void,
): void {
  app.register(async (admin) => {
    admin.addHook('onRequest', async (request, reply) => {
      if (!adminRequestAuthorised(request, token))
        return reply.code(401).send({ error: 'admin token required' });
    });
    register(admin);
  });
}
