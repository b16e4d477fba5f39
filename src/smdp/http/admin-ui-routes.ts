/**
 * The admin page (/admin/ui): static HTML, CSS and script from ./admin-ui, served by the SM-DP+ itself so a
 * test lab needs nothing but a browser. The page holds no data; it asks for the admin token, exchanges it
 * here for an HttpOnly cookie holding a session id (admin-auth.ts says why a cookie), and reads everything through the protected
 * JSON routes; its login and logout are the shared admin-login-routes.ts.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { AdminAuth } from '../../rsp-server/http/admin-auth.ts';
import { registerAdminLoginRoutes } from '../../rsp-server/http/admin-login-routes.ts';

const ASSETS = {
  '': { file: 'index.html', type: 'text/html; charset=utf-8' },
  'app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  'style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
} as const;

/** Only our own files, no inline script or style, no framing: a page that shows other parties' data. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export function registerAdminUiRoutes(app: FastifyInstance, auth: AdminAuth): void {
  const folder = new URL('./admin-ui/', import.meta.url);
  for (const [name, asset] of Object.entries(ASSETS)) {
    const content = readFileSync(new URL(asset.file, folder));
    const paths = name ? [`/admin/ui/${name}`] : ['/admin/ui', '/admin/ui/'];
    for (const path of paths) {
      app.get(path, async (_request, reply) =>
        reply
          .type(asset.type)
          .header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
          .header('X-Content-Type-Options', 'nosniff')
          .header('Cache-Control', 'no-cache')
          .send(content),
      );
    }
  }
  registerAdminLoginRoutes(app, auth);
}
