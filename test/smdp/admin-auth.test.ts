import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FAILED_LOGIN_WINDOW_MS,
  LoginThrottle,
  MAX_FAILED_LOGINS,
} from '../../src/rsp-server/http/admin-login-throttle.ts';
import { MAX_ADMIN_SESSIONS } from '../../src/rsp-server/http/admin-sessions.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { httpsJsonWithHeaders } from '../helpers/https-json.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';

/** Issue 13, item 10: the admin login over real HTTPS, without a browser (test/e2e/admin-ui.test.ts has one). */
let smdp: RunningSmdp;
let clock = Date.parse('2026-06-01T10:00:00Z');

beforeAll(async () => {
  smdp = await startTestSmdp({}, { now: () => clock });
});
afterAll(async () => {
  await smdp?.close();
});

const call = (
  path: string,
  options: { method?: string; token?: string; body?: string; cookie?: string } = {},
) =>
  httpsJsonWithHeaders(`${smdp.url}${path}`, {
    ca: smdp.caPem,
    ...(options.method ? { method: options.method } : {}),
    ...(options.token ? { token: options.token } : {}),
    ...(options.body ? { body: options.body } : {}),
    headers: options.cookie !== undefined ? { Cookie: options.cookie } : {},
  });

const login = (token: string) => call('/admin/ui/login', { method: 'POST', body: JSON.stringify({ token }) });

/** The session id a successful login put in the cookie. */
async function loggedIn(): Promise<string> {
  const answer = await login(smdp.adminToken);
  expect(answer.status).toBe(204);
  const cookie = String(answer.headers['set-cookie']);
  expect(cookie).toMatch(/; HttpOnly; Secure; SameSite=Strict/);
  return /^rspsim_admin=([^;]*);/.exec(cookie)![1]!;
}

describe('admin login', () => {
  it('gives the browser a session id, not the token, and logout revokes it on the server', async () => {
    const sessionId = await loggedIn();
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sessionId).not.toContain(smdp.adminToken);
    expect((await call('/admin/sessions', { cookie: `rspsim_admin=${sessionId}` })).status).toBe(200);
    // The token itself is no cookie.
    expect((await call('/admin/sessions', { cookie: `rspsim_admin=${smdp.adminToken}` })).status).toBe(401);

    const out = await call('/admin/ui/logout', { method: 'POST', cookie: `rspsim_admin=${sessionId}` });
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^rspsim_admin=; .*Max-Age=0/);
    // A copy of the cookie kept by someone else is dead too.
    expect((await call('/admin/sessions', { cookie: `rspsim_admin=${sessionId}` })).status).toBe(401);
  });

  it(`keeps at most ${MAX_ADMIN_SESSIONS} sessions, the oldest going first`, async () => {
    const first = await loggedIn();
    let last = first;
    for (let i = 0; i < MAX_ADMIN_SESSIONS; i++) last = await loggedIn();
    expect((await call('/admin/profiles', { cookie: `rspsim_admin=${first}` })).status).toBe(401);
    expect((await call('/admin/profiles', { cookie: `rspsim_admin=${last}` })).status).toBe(200);
  });

  it('answers a malformed cookie 401, not 500', async () => {
    for (const cookie of [
      'rspsim_admin=%E0%A4%A',
      'rspsim_admin=%',
      'rspsim_admin',
      'rspsim_admin==;;=',
      '=',
    ]) {
      const answer = await call('/admin/sessions', { cookie });
      expect(answer.status, cookie).toBe(401);
      expect(answer.body, cookie).toEqual({ error: 'admin token required' });
    }
  });

  it('marks every JSON answer nosniff and no-store, refusals included', async () => {
    const sessionId = await loggedIn();
    const answers = {
      sessions: await call('/admin/sessions', { token: smdp.adminToken }),
      profiles: await call('/admin/profiles', { cookie: `rspsim_admin=${sessionId}` }),
      refused: await call('/admin/orders'),
      login: await login(smdp.adminToken),
      badLogin: await call('/admin/ui/login', { method: 'POST', body: 'not json' }),
      logout: await call('/admin/ui/logout', { method: 'POST' }),
    };
    for (const [name, answer] of Object.entries(answers)) {
      expect(answer.headers['x-content-type-options'], name).toBe('nosniff');
      expect(answer.headers['cache-control'], name).toBe('no-store');
    }
    expect([answers.sessions.status, answers.refused.status, answers.badLogin.status]).toEqual([
      200, 401, 400,
    ]);
  });

  it(`answers 429 with Retry-After after ${MAX_FAILED_LOGINS} wrong tokens from one address within a minute`, async () => {
    const sessionId = await loggedIn();
    for (let i = 0; i < MAX_FAILED_LOGINS / 2; i++) expect((await login(`guess-${i}`)).status).toBe(401);
    // Wrong bearer tokens are guesses too.
    for (let i = 0; i < MAX_FAILED_LOGINS / 2; i++)
      expect((await call('/admin/sessions', { token: `guess-${i}` })).status).toBe(401);
    clock += 15_000;
    for (const answer of [
      await login(smdp.adminToken),
      await call('/admin/sessions', { token: smdp.adminToken }),
    ]) {
      expect(answer.status).toBe(429);
      expect(answer.headers['retry-after']).toBe(String((FAILED_LOGIN_WINDOW_MS - 15_000) / 1000));
      expect(answer.body.error).toMatch(/too many wrong admin tokens/);
    }
    // A browser logged in before keeps reading.
    expect((await call('/admin/sessions', { cookie: `rspsim_admin=${sessionId}` })).status).toBe(200);
    // The minute over (on the server's clock), the right token works again.
    clock += FAILED_LOGIN_WINDOW_MS - 15_000;
    expect((await login(smdp.adminToken)).status).toBe(204);
    expect((await login('guess')).status).toBe(401);
  });

  it('counts wrong bearer tokens on ES2+ too, and answers them 429 past the limit', async () => {
    clock += FAILED_LOGIN_WINDOW_MS;
    const es2 = (token: string) =>
      httpsJsonWithHeaders(`${smdp.url}/gsma/rsp2/es2plus/releaseProfile`, {
        ca: smdp.caPem,
        method: 'POST',
        token,
        body: JSON.stringify({ iccid: '89049032000000000001' }),
        headers: { 'X-Admin-Protocol': 'gsma/rsp/v2.2.2' },
      });
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) expect((await es2(`guess-${i}`)).status).toBe(401);
    for (const answer of [
      await es2(smdp.adminToken),
      await call('/admin/profiles', { token: smdp.adminToken }),
    ]) {
      expect(answer.status).toBe(429);
      expect(answer.headers['retry-after']).toBe(String(FAILED_LOGIN_WINDOW_MS / 1000));
    }
    clock += FAILED_LOGIN_WINDOW_MS;
    expect((await es2(smdp.adminToken)).status).toBe(200);
  });

  it('remembers a bounded number of addresses, forgetting the oldest first', () => {
    const now = 1_000_000;
    const throttle = new LoginThrottle(() => now);
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) throttle.failed('192.0.2.1');
    expect(throttle.retryAfterSeconds('192.0.2.1')).toBe(FAILED_LOGIN_WINDOW_MS / 1000);
    for (let i = 0; i < 1024; i++) throttle.failed(`2001:db8::${i.toString(16)}`);
    expect(throttle.retryAfterSeconds('192.0.2.1')).toBeUndefined();
  });
});
