/**
 * The eIM admin page's login form (`GET /admin/ui/login`, open to all: it holds no data). Its script sends the
 * token in a POST body to the shared login (rsp-server/http/admin-login-routes.ts), never in a URL, and goes
 * to the page (`/admin/ui`) with the cookie that answer sets. Served from this module, not from files, so
 * the compiled server needs no assets beside it; the script is its own URL because the CSP allows no inline
 * script.
 */
import type { FastifyInstance } from 'fastify';

const LOGIN_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>rspsim eIM: log in</title>
<script src="/admin/ui/login.js" defer></script></head><body>
<h1>rspsim eIM</h1>
<form id="login"><label>Admin token <input id="token" type="password" autocomplete="off" required></label>
<button type="submit">Log in</button></form>
<p id="error" role="alert"></p>
</body></html>
`;

const LOGIN_SCRIPT = `'use strict';
document.getElementById('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = document.getElementById('token').value;
  const answer = await fetch('/admin/ui/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (answer.ok) window.location.assign('/admin/ui');
  else document.getElementById('error').textContent = (await answer.json()).error;
});
`;

const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; " +
  "frame-ancestors 'none'";

export function registerEimLoginPage(app: FastifyInstance): void {
  const assets = [
    ['/admin/ui/login', 'text/html; charset=utf-8', LOGIN_HTML],
    ['/admin/ui/login.js', 'text/javascript; charset=utf-8', LOGIN_SCRIPT],
  ] as const;
  for (const [path, type, content] of assets)
    app.get(path, async (_request, reply) =>
      reply
        .type(type)
        .header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
        .header('X-Content-Type-Options', 'nosniff')
        .header('Cache-Control', 'no-cache')
        .send(content),
    );
}
