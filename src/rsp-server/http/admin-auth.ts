/**
 * The operator's credential for the admin API and ES2+: a bearer token, compared in constant time.
 *
 * The admin page uses a cookie instead: a browser cannot put an Authorization header on an EventSource (the
 * live trace). The page sends the token once in a POST body (never in a URL, which would land in access
 * logs) and gets an HttpOnly cookie holding a random session id, not the token (admin-sessions.ts). The
 * cookie only authorises reads (GET/HEAD): together with SameSite=Strict, no other site can make a browser
 * change scenarios or profiles with it. Wrong tokens are counted per address (admin-login-throttle.ts).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { adminJsonBodies } from './admin-json-bodies.ts';
import { LoginThrottle } from './admin-login-throttle.ts';
import { ADMIN_SESSION_TTL_MS, type AdminSessionStore, AdminSessions } from './admin-sessions.ts';
import { clientAddressOf } from './client-address.ts';

const ADMIN_COOKIE = 'rspsim_admin';

/** The token the server was configured with, or a fresh random one (18 octets, base64url) when none was. */
export const adminTokenFor = (configured: string | undefined): string =>
  configured || randomBytes(18).toString('base64url');

function tokenMatches(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bearerTokenMatches(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization ?? '';
  return tokenMatches(header.replace(/^Bearer\s+/i, ''), token);
}

/** The admin cookie's value, as sent: a session id is base64url, so nothing is decoded (nothing can throw). */
function cookieSessionId(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === ADMIN_COOKIE) return value.join('=');
  }
  return undefined;
}

/** Set-Cookie for a browser that showed the token; empty `sessionId` clears it. */
export function adminCookie(sessionId: string): string {
  const lifetime = sessionId ? `; Max-Age=${ADMIN_SESSION_TTL_MS / 1000}` : '; Max-Age=0';
  return `${ADMIN_COOKIE}=${sessionId}; Path=/admin; HttpOnly; Secure; SameSite=Strict${lifetime}`;
}

/** Why an admin request is refused: the HTTP status, the answer's text, and for 429 when to retry. */
export interface AdminRefusal {
  readonly status: 401 | 429;
  readonly error: string;
  readonly retryAfterSeconds?: number;
}

/** The admin token, the page's sessions and the count of wrong tokens per address, for one server. */
export class AdminAuth {
  readonly #throttle: LoginThrottle;
  readonly #sessions: AdminSessions;

  constructor(
    private readonly token: string,
    now: () => number,
    /** Where the page's sessions are kept: the server's store, so that every instance on it knows them. */
    sessions: AdminSessionStore,
  ) {
    this.#throttle = new LoginThrottle(now);
    this.#sessions = new AdminSessions(sessions, now);
  }

  /** Undefined when the request may go on: the token as bearer, or (to read) a session cookie. */
  async refusal(request: FastifyRequest): Promise<AdminRefusal | undefined> {
    const sessionId = cookieSessionId(request);
    const reads = request.method === 'GET' || request.method === 'HEAD';
    if (reads && sessionId !== undefined && (await this.#sessions.isOpen(sessionId))) return undefined;
    return this.bearerRefusal(request);
  }

  /** Undefined when the request carries the token as bearer (the admin API, ES2+ without a certificate). */
  bearerRefusal(request: FastifyRequest): AdminRefusal | undefined {
    const throttled = this.#throttled(request);
    if (throttled) return throttled;
    if (request.headers.authorization === undefined) return { status: 401, error: 'admin token required' };
    return this.#tokenChecked(request, bearerTokenMatches(request, this.token));
  }

  /** The page's login: a new session id for the right token. */
  async login(request: FastifyRequest, given: unknown): Promise<{ sessionId: string } | AdminRefusal> {
    const refused =
      this.#throttled(request) ??
      this.#tokenChecked(request, typeof given === 'string' && tokenMatches(given, this.token));
    return refused ?? { sessionId: await this.#sessions.open() };
  }

  /** The page's logout: its session id stops working now, not when the browser forgets the cookie. */
  async logout(request: FastifyRequest): Promise<void> {
    const sessionId = cookieSessionId(request);
    if (sessionId !== undefined) await this.#sessions.revoke(sessionId);
  }

  #throttled(request: FastifyRequest): AdminRefusal | undefined {
    const retryAfterSeconds = this.#throttle.retryAfterSeconds(clientAddressOf(request.raw.socket));
    return retryAfterSeconds === undefined
      ? undefined
      : {
          status: 429,
          error: `too many wrong admin tokens from this address: try again in ${retryAfterSeconds} s`,
          retryAfterSeconds,
        };
  }

  #tokenChecked(request: FastifyRequest, matches: boolean): AdminRefusal | undefined {
    if (matches) {
      this.#throttle.succeeded(clientAddressOf(request.raw.socket));
      return undefined;
    }
    this.#throttle.failed(clientAddressOf(request.raw.socket));
    return { status: 401, error: 'wrong admin token' };
  }
}

export function sendRefusal(reply: FastifyReply, refusal: AdminRefusal): FastifyReply {
  if (refusal.retryAfterSeconds !== undefined) reply.header('Retry-After', String(refusal.retryAfterSeconds));
  return reply.code(refusal.status).send({ error: refusal.error });
}

/** Admin answers hold lab data and credentials' outcomes: never cached, never sniffed into another type. */
export function privateAnswers(scope: FastifyInstance): void {
  scope.addHook('onSend', async (_request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Cache-Control', 'no-store');
    return payload;
  });
}

/**
 * Routes that answer 401 (429 after too many wrong tokens) unless the request carries the admin token; their
 * bodies are JSON (admin-json-bodies.ts), read only once the token is checked.
 */
export function registerAdminScope(
  app: FastifyInstance,
  auth: AdminAuth,
  register: (admin: FastifyInstance) => void,
): void {
  app.register(async (admin) => {
    privateAnswers(admin);
    adminJsonBodies(admin);
    admin.addHook('onRequest', async (request, reply) => {
      const refused = await auth.refusal(request);
      if (refused) return sendRefusal(reply, refused);
    });
    register(admin);
  });
}
