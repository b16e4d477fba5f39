/**
 * One HTTP(S) request carrying JSON text, its answer read as text: the carrier every client of a JSON
 * binding in rspsim shares (the LPA's ES9+ and ES11, the operator's ES2+, the SM-DP+'s ES2+ callback and
 * ES12, the CLI's admin API). A failure is a TransportError (a TimeoutError when no answer came in time)
 * whose message starts with `label`.
 */
import { type Agent as HttpAgent, request as httpRequest } from 'node:http';
import { type Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ClientError, TimeoutError, TransportError } from '../errors/client-errors.ts';

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
  const target = typeof url === 'string' ? new URL(url) : url;
  const send = target.protocol === 'http:' ? httpRequest : httpsRequest;
  const { label, body, timeoutMs, maxAnswerBytes } = options;
  const tls = Object.fromEntries(
    Object.entries(options.tls ?? {}).filter(([, value]) => value !== undefined),
  );
  return new Promise((resolve, reject) => {
    const fail = (error: Error) =>
      reject(
        error instanceof ClientError
          ? error
          : new TransportError(`${label}: ${error.message}`, { cause: error }),
      );
    const request = send(
      target,
      {
        method: options.method ?? 'POST',
        headers: {
          ...(body !== undefined
            ? { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': Buffer.byteLength(body) }
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
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
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
