/**
 * How the eIM's admin pages (admin-view.ts, admin-exchanges.ts) are sent: HTML under a CSP that allows
 * nothing but the page itself — no script, style, form or framing — since they show other parties' strings
 * (EIDs, outcomes and messages an IPA or an SM-DP+ sent), each also escaped where it is written.
 */
import type { FastifyReply } from 'fastify';
import { htmlEscape } from '../../rsp-server/http/html-escape.ts';
import type { QueryError } from './admin-query.ts';

const CONTENT_SECURITY_POLICY =
  "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function sendAdminPage(reply: FastifyReply, html: string, status = 200): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    .send(html);
}

/** A query the page does not take: 400 with the one line that says why. */
export const sendAdminError = (reply: FastifyReply, { error }: QueryError): FastifyReply =>
  sendAdminPage(reply, `<!doctype html><p>${htmlEscape(error)}</p>`, 400);
