/**
 * ES9+ in the JSON binding (SGP.22 6.5), as an LPA calls it: POST https://<SM-DP+>/gsma/rsp2/es9plus/<fn>.
 * A failed `functionExecutionStatus` becomes an Es9Error with the SM-DP+'s subject and reason codes.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';

export class Es9Error extends Error {
  constructor(
    readonly functionName: string,
    readonly subjectCode: string,
    readonly reasonCode: string,
    message: string,
  ) {
    super(`${functionName}: ${subjectCode}/${reasonCode} ${message}`);
    this.name = 'Es9Error';
  }
}

export class Es9TransportError extends Error {
  override readonly name = 'Es9TransportError';
}

export interface Es9Options {
  /** PEM of the CA(s) to trust; default: the bundled SGP.26 test CI. */
  readonly ca?: string;
  /** Skip TLS verification, as lpac does. */
  readonly insecure?: boolean;
  readonly adminProtocol?: string;
  /** Give up on a call after this long without an answer (default: wait). */
  readonly timeoutMs?: number;
  /** Called after each function call with its duration (benchmarks, traces). */
  readonly onCall?: (functionName: string, milliseconds: number) => void;
  /** One connection across calls (default); false: a new TLS connection per call, as lpac makes them. */
  readonly keepAlive?: boolean;
  /** Resume TLS sessions on new connections (default); false: a full handshake on each one. */
  readonly resumeTls?: boolean;
}

const DEFAULT_CA = new URL('../../certs/sgp26/CertificateIssuer/CERT_CI_ECDSA_NIST.pem', import.meta.url);

export type Es9Body = Record<string, unknown>;

/** What the LPA needs of ES9+: one call per function (the HTTPS client below, or another carrier). */
export interface Es9Transport {
  /** Resolves with the answer's fields, or undefined for 204 No Content; an SGP.22 failure rejects. */
  call(functionName: string, body: Es9Body): Promise<Es9Body | undefined>;
  close(): void;
}

export class Es9Client implements Es9Transport {
  readonly #agent: Agent;
  readonly #protocol: string;
  readonly #onCall: Es9Options['onCall'];
  readonly #timeoutMs: number | undefined;

  constructor(
    readonly smdpAddress: string,
    options: Es9Options = {},
  ) {
    this.#agent = new Agent({
      keepAlive: options.keepAlive ?? true,
      ...(options.resumeTls === false ? { maxCachedSessions: 0 } : {}),
      ...(options.insecure
        ? { rejectUnauthorized: false }
        : { ca: options.ca ?? readFileSync(DEFAULT_CA, 'utf8') }),
    });
    this.#protocol = options.adminProtocol ?? 'gsma/rsp/v2.2.2';
    this.#onCall = options.onCall;
    this.#timeoutMs = options.timeoutMs;
  }

  close(): void {
    this.#agent.destroy();
  }

  /** Calls one function; resolves with the answer's fields, or undefined for 204 No Content. */
  call(functionName: string, body: Es9Body): Promise<Es9Body | undefined> {
    const text = JSON.stringify(body);
    const started = performance.now();
    const done = () => this.#onCall?.(functionName, performance.now() - started);
    return new Promise((resolve, reject) => {
      const req = request(
        `https://${this.smdpAddress}/gsma/rsp2/es9plus/${functionName}`,
        {
          method: 'POST',
          agent: this.#agent,
          headers: {
            'User-Agent': 'gsma-rsp-lpad',
            'X-Admin-Protocol': this.#protocol,
            'Content-Type': 'application/json;charset=UTF-8',
            'Content-Length': Buffer.byteLength(text),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => reject(new Es9TransportError(`${functionName}: ${error.message}`)));
          res.on('end', () => {
            done();
            try {
              resolve(
                this.#answer(functionName, res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')),
              );
            } catch (error) {
              reject(error);
            }
          });
        },
      );
      req.on('error', (error) => reject(new Es9TransportError(`${functionName}: ${error.message}`)));
      if (this.#timeoutMs !== undefined) {
        req.setTimeout(this.#timeoutMs, () =>
          req.destroy(new Error(`no answer within ${this.#timeoutMs} ms (timed out)`)),
        );
      }
      req.end(text);
    });
  }

  #answer(functionName: string, status: number, text: string): Es9Body | undefined {
    if (status === 204) return undefined;
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Es9TransportError(`${functionName}: HTTP ${status} with a body that is not JSON`);
    }
    const execution = body?.header?.functionExecutionStatus;
    if (execution?.status === 'Failed' || execution?.status === 'Expired') {
      const data = execution.statusCodeData ?? {};
      throw new Es9Error(
        functionName,
        String(data.subjectCode),
        String(data.reasonCode),
        String(data.message ?? execution.status),
      );
    }
    if (status < 200 || status > 299) throw new Es9TransportError(`${functionName}: HTTP ${status}`);
    if (typeof execution?.status !== 'string')
      throw new Es9TransportError(`${functionName}: no functionExecutionStatus`);
    return body as Es9Body;
  }
}

/** A base64 field of an answer, checked. */
export function base64Of(functionName: string, body: Es9Body | undefined, field: string): Buffer {
  const value = body?.[field];
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
    throw new Es9TransportError(`${functionName}: ${field} missing or not base64`);
  }
  return Buffer.from(value, 'base64');
}
