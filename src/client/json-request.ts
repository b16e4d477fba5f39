/**
 * One HTTP(S) request carrying JSON text, its answer read as text: the carrier every client of a JSON
 * binding in rspsim shares (the LPA's ES9+ and ES11, the operator's ES2+, the SM-DP+'s ES2+ callback and
 * ES12, the CLI's admin API). A failure is a TransportError (a TimeoutError when no answer came in time)
 * whose message starts with `label`.
 */
import { type Agent as HttpAgent, request as httpRequest } from 'node:http';
import { type Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ClientError, TimeoutError, TlsTrustError, TransportError } from '../errors/client-errors.ts';

/** OpenSSL's verdicts on a peer certificate that Node reports as the error's code (a connection was made). */
const TLS_TRUST_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Node's codes for a server that could not be reached at all. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** A failure of the request as the caller's error: trust problems apart from unreachable servers. */
function requestFailure(
  label: string,
  target: URL,
  error: Error,
  withClientCertificate: boolean,
): ClientError {
  if (error instanceof ClientError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code && TLS_TRUST_CODES.has(code))
    return new TlsTrustError(
      `${label}: ${target.host} was reached, but its TLS certificate is not trusted (${error.message})`,
      { cause: error },
    );
  if (code && UNREACHABLE_CODES.has(code))
    return new TransportError(`${label}: cannot reach ${target.host} (${error.message})`, { cause: error });
  const refusal = clientCertificateRefusal(error, withClientCertificate);
  if (refusal) return new TransportError(`${label}: ${target.host} ${refusal}`, { cause: error });
  return new TransportError(`${label}: ${error.message}`, { cause: error });
}

/**
 * A server that requires a client certificate (the SM-DP+'s `es2Port`) refuses a client without one with a
 * handshake_failure alert (TLS 1.2) or certificate_required (TLS 1.3), and one it does not trust by ending the
 * connection before the handshake completes: said in one line with the fix, not OpenSSL's multi-line text.
 */
function clientCertificateRefusal(error: Error, withClientCertificate: boolean): string | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (
    !withClientCertificate &&
    (/alert handshake failure/.test(error.message) || code === 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED')
  )
    return 'refused the TLS handshake: it requires a TLS client certificate (--cert <pem> --key <pem>)';
  if (withClientCertificate && /before secure TLS connection was established/.test(error.message))
    return 'ended the TLS handshake: it does not trust the client certificate given (--cert), or requires another';
  return undefined;
}

/** TLS of a request without its own agent: CAs to trust, a client certificate, or no verification. */
export interface ClientTls {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly rejectUnauthorized?: boolean;
}

export interface JsonRequest {
  /** What a failure's message starts with: the function called, or what was being reached. */
  readonly label: string;
  /** Default POST. */
  readonly method?: string;
  /** JSON text; none, no body. */
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** The agent to send through (its connections and TLS settings); none: Node's global one with `tls`. */
  readonly agent?: HttpsAgent | HttpAgent;
  readonly tls?: ClientTls;
  /** Give up when the connection is idle this long (default: wait). */
  readonly timeoutMs?: number;
  /** A longer answer is a transport failure (a peer must not make the caller hold what it likes). */
  readonly maxAnswerBytes?: number;
}

export interface TextAnswer {
  readonly status: number;
  readonly text: string;
}

export function jsonRequest(url: string | URL, options: JsonRequest): Promise<TextAnswer> {
  const { body, ...rest } = options;
  return bytesRequest(url, {
    ...rest,
    ...(body !== undefined
      ? { body: Buffer.from(body, 'utf8'), contentType: 'application/json;charset=UTF-8' }
      : {}),
  }).then(({ status, body: answer }) => ({ status, text: answer.toString('utf8') }));
}

export interface BytesRequest extends Omit<JsonRequest, 'body'> {
  /** The body's bytes; none, no body. */
  readonly body?: Buffer;
  /** Its Content-Type (with a body). */
  readonly contentType?: string;
}

export interface BytesAnswer {
  readonly status: number;
  readonly body: Buffer;
  /** The answer's Content-Type header, if any. */
  readonly contentType: string | undefined;
}

/** The same carrier for a binary body (SGP.32's ESipa ASN.1 binding), the answer as bytes. */
export function bytesRequest(url: string | URL, options: BytesRequest): Promise<BytesAnswer> {
  const target = typeof url === 'string' ? new URL(url) : url;
  const send = target.protocol === 'http:' ? httpRequest : httpsRequest;
  const { label, body, timeoutMs, maxAnswerBytes } = options;
  const tls = Object.fromEntries(
    Object.entries(options.tls ?? {}).filter(([, value]) => value !== undefined),
  );
  return new Promise((resolve, reject) => {
    const fail = (error: Error) =>
      reject(requestFailure(label, target, error, options.tls?.cert !== undefined));
    const request = send(
      target,
      {
        method: options.method ?? 'POST',
        headers: {
          ...(body !== undefined
            ? {
                ...(options.contentType ? { 'Content-Type': options.contentType } : {}),
                'Content-Length': body.length,
              }
            : {}),
          ...options.headers,
        },
        ...(options.agent ? { agent: options.agent } : tls),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (maxAnswerBytes !== undefined && size > maxAnswerBytes)
            request.destroy(new TransportError(`${label}: answer larger than ${maxAnswerBytes} bytes`));
          else chunks.push(chunk);
        });
        response.on('error', fail);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks),
            contentType: response.headers['content-type'],
          }),
        );
      },
    );
    request.on('error', fail);
    if (timeoutMs !== undefined) {
      request.setTimeout(timeoutMs, () =>
        request.destroy(new TimeoutError(`${label}: no answer within ${timeoutMs} ms (timed out)`)),
      );
    }
    request.end(body);
  });
}
