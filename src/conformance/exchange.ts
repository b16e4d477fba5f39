/**
 * The runner's HTTPS client for the DUT: one POST of a JSON body (or of any text, for malformed-request
 * cases), answered with the HTTP status and the parsed body. Every exchange is recorded for the reports.
 * Failures of the transport are answers too (status 0): a case judges them, the runner never crashes.
 */
import { Agent, request } from 'node:https';

export interface Exchange {
  readonly path: string;
  readonly request: unknown;
  readonly status: number;
  readonly response: unknown;
  readonly ms: number;
  /** How the status is shown when it is not HTTP's (an ES10 command's status word, "SW 9000"). */
  readonly statusText?: string;
  /** The request and response already decoded, for exchanges that are not ES9+ JSON (ES10's DER). */
  readonly decoded?: { readonly request: string; readonly response: string };
}

export interface TlsTrust {
  /** PEM of the CA certificate(s) the DUT's TLS certificate must chain to. */
  readonly ca?: string;
  readonly insecure?: boolean;
  /** TLS client certificate and key (PEM), for an ES2+ that authenticates the operator so. */
  readonly cert?: string;
  readonly key?: string;
}

export interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
  /** The transport failed (no connection, timed out, not JSON): what happened. */
  readonly transportError?: string;
}

/** Longest the runner waits for one answer; a DUT that hangs gives a verdict, not a stuck campaign. */
const ANSWER_TIMEOUT_MS = 30_000;
/** Largest answer kept: a BPP of a large profile fits, a DUT that streams forever does not. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/** How much of a body that is not JSON the report keeps. */
const BODY_EXCERPT = 4096;

/** The start of a body, saying how long the rest was. */
export const bodyExcerpt = (body: string): string =>
  body.length <= BODY_EXCERPT
    ? body
    : `${body.slice(0, BODY_EXCERPT)}\n… (${body.length - BODY_EXCERPT} more characters)`;

export class JsonPoster {
  readonly #agent: Agent;
  readonly exchanges: Exchange[] = [];

  constructor(
    readonly baseUrl: string,
    tls: TlsTrust,
    private readonly headers: Readonly<Record<string, string>> = {},
  ) {
    this.#agent = new Agent({
      keepAlive: true,
      ...(tls.insecure ? { rejectUnauthorized: false } : tls.ca ? { ca: tls.ca } : {}),
      ...(tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}),
    });
  }

  close(): void {
    this.#agent.destroy();
  }

  post(path: string, body: unknown, headers: Readonly<Record<string, string>> = {}): Promise<JsonAnswer> {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const started = performance.now();
    const done = (answer: JsonAnswer): JsonAnswer => {
      this.exchanges.push({
        path,
        request: body,
        status: answer.status,
        // A body that is not JSON (an HTML error page, a Python traceback) tells the DUT's developer what
        // went wrong: its first BODY_EXCERPT characters stay in the report beside the error.
        response: answer.transportError
          ? typeof answer.body === 'string'
            ? { error: answer.transportError, body: bodyExcerpt(answer.body) }
            : answer.transportError
          : answer.body,
        ms: Math.round(performance.now() - started),
      });
      return answer;
    };
    return new Promise((resolve) => {
      const req = request(
        new URL(path, this.baseUrl),
        {
          method: 'POST',
          agent: this.#agent,
          headers: {
            'Content-Type': 'application/json;charset=UTF-8',
            'Content-Length': Buffer.byteLength(text),
            ...this.headers,
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_ANSWER_BYTES) {
              res.destroy();
              resolve(
                done({ status: res.statusCode ?? 0, body: undefined, transportError: 'answer too large' }),
              );
            } else chunks.push(chunk);
          });
          res.on('error', (error) =>
            resolve(done({ status: 0, body: undefined, transportError: error.message })),
          );
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const raw = Buffer.concat(chunks).toString('utf8');
            if (raw.length === 0) return resolve(done({ status, body: undefined }));
            try {
              resolve(done({ status, body: JSON.parse(raw) }));
            } catch {
              resolve(
                done({ status, body: raw, transportError: `HTTP ${status} with a body that is not JSON` }),
              );
            }
          });
        },
      );
      req.setTimeout(ANSWER_TIMEOUT_MS, () =>
        req.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)),
      );
      req.on('error', (error) =>
        resolve(done({ status: 0, body: undefined, transportError: error.message })),
      );
      req.end(text);
    });
  }
}
