/**
 * How the operator authenticates on ES2+. SGP.22 has the SM-DP+ and the operator authenticate each other with
 * TLS certificates; rspsim offers that (`operatorCa`: the CAs or certificates an operator's client
 * certificate must chain to) beside the admin token as a bearer token, the lab's simpler way.
 *
 * Two ways to serve it:
 * - ES2+ on the ES9+ port (the lab convenience): LPAs have no client certificate, so the server asks every
 *   client for one but requires none at the TLS layer (a client without one just sends none; lpac and
 *   Android do so), and only the ES2+ routes look at it. An untrusted certificate is refused on ES2+ by an
 *   SGP.22 answer, 1.1/1.1 (Function Requester - Unknown), not by a failed handshake.
 * - ES2+ on a listener of its own (`es2Port`), as operators deploy it: the TLS layer requires a certificate
 *   chaining to the operator CAs, so a client without one fails the handshake (OpenSSL's
 *   SSL_VERIFY_FAIL_IF_NO_PEER_CERT: a handshake_failure / certificate_required alert), and one under
 *   another CA is cut as the handshake ends, before a byte of HTTP is read (Node checks the chain once
 *   OpenSSL's handshake is done and destroys the socket). Every request there comes with a trusted
 *   certificate.
 */
import type { TLSSocket, TlsOptions } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import { readInputFileSync } from '../../config/input-file.ts';
import { clipText } from '../../errors/clip-text.ts';
import { RspError } from '../../errors/rsp-error.ts';
import { HttpAnswer } from '../../rsp-server/binding/http-answer.ts';
import type { AdminAuth } from '../../rsp-server/http/admin-auth.ts';
import { ConfigError } from '../config.ts';

/** The PEM of the `operatorCa` setting's files, or undefined when it names none. */
export function readOperatorCa(setting: string): string | undefined {
  const files = setting
    .split(',')
    .map((file) => file.trim())
    .filter(Boolean);
  if (files.length === 0) return undefined;
  return files
    .map((file) => {
      let pem: string;
      try {
        pem = readInputFileSync(file, 'small').toString('utf8');
      } catch (error) {
        throw new ConfigError(`operatorCa: cannot read ${file}: ${(error as Error).message}`);
      }
      if (!pem.includes('-----BEGIN CERTIFICATE-----'))
        throw new ConfigError(`operatorCa: ${file} holds no PEM certificate`);
      return pem;
    })
    .join('\n');
}

/** TLS server options that ask every client for a certificate, verified against the operator CAs. */
export function operatorTlsOptions(operatorCaPem: string | undefined): TlsOptions {
  return operatorCaPem ? { requestCert: true, rejectUnauthorized: false, ca: operatorCaPem } : {};
}

/** TLS server options of the dedicated operator listener: a client certificate under the operator CAs, or no connection. */
export function operatorListenerTlsOptions(operatorCaPem: string): TlsOptions {
  return { requestCert: true, rejectUnauthorized: true, ca: operatorCaPem };
}

/**
 * Refuses an ES2+ caller that is not the operator: a client certificate, when one was presented, must be
 * trusted (else 1.1/1.1, whatever else the request carries); without one, the admin token (else HTTP 401).
 */
export function operatorAuthoriser(auth: AdminAuth, clientCertificates: boolean) {
  return (request: FastifyRequest): void => {
    if (clientCertificates) {
      const socket = request.raw.socket as TLSSocket;
      const presented = Object.keys(socket.getPeerCertificate?.() ?? {}).length > 0;
      if (presented && socket.authorized) return;
      if (presented)
        throw new RspError(
          'requesterUnknown',
          `the TLS client certificate is not trusted (${clipText(String(socket.authorizationError))})`,
        );
    }
    // Wrong tokens count towards the admin login throttle (admin-login-throttle.ts): 429 past the limit.
    const refused = auth.bearerRefusal(request);
    if (refused)
      throw new HttpAnswer(
        refused.status,
        JSON.stringify({
          error:
            refused.status === 429
              ? refused.error
              : clientCertificates
                ? 'ES2+ is for the operator: a trusted TLS client certificate, or Authorization: Bearer <admin token>'
                : 'ES2+ is for the operator: Authorization: Bearer <admin token>',
        }),
        'application/json',
        refused.retryAfterSeconds !== undefined ? { 'Retry-After': String(refused.retryAfterSeconds) } : {},
      );
  };
}
