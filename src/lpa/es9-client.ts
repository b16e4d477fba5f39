/**
 * ES9+ in the JSON binding (SGP.22 6.5), as an LPA calls it: POST https://<SM-DP+>/gsma/rsp2/es9plus/<fn>.
 * A failed `functionExecutionStatus` becomes a FunctionFailedError with the SM-DP+'s subject and reason
 * codes; no answer, or one outside the binding, a TransportError (src/errors/client-errors.ts).
 */
import { Agent } from 'node:https';
import { executedAnswer, parseAnswer } from '../client/function-call.ts';
import { jsonRequest } from '../client/json-request.ts';
import { readInputFileSync } from '../config/input-file.ts';
import { TransportError } from '../errors/client-errors.ts';
import type { Es9Functions } from '../protocol/es9-functions.ts';
import type { JsonFunctionDeclaration, RequestOf, ResponseOf } from '../protocol/json-functions.ts';

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
  /** Refuse an answer larger than this (default: no bound), for a caller that relays a server it does not run. */
  readonly maxAnswerBytes?: number;
  /** Sees each call as it passed: the request's JSON text and the answer's, or why none came (a trace). */
  readonly onExchange?: (exchange: Es9ClientExchange) => void;
}

/** One ES9+ call as the client made it (SGP.22 6.5.2): the exact texts, for a trace. */
export interface Es9ClientExchange {
  readonly functionName: string;
  readonly requestText: string;
  /** The HTTP status; 0 when no answer came (then `failure` says why). */
  readonly httpStatus: number;
  readonly answerText: string | undefined;
  readonly failure?: string;
  readonly milliseconds: number;
}

const DEFAULT_CA = new URL('../../certs/sgp26/CertificateIssuer/CERT_CI_ECDSA_NIST.pem', import.meta.url);

export type Es9Body = Record<string, unknown>;

/** The declared functions a client calls: ES9+ (src/protocol/es9-functions.ts) unless told, or ES11. */
type FunctionTable = Readonly<Record<string, JsonFunctionDeclaration>>;

/**
 * What the LPA needs of ES9+ (or, with the ES11 table, of ES11): one call per declared function, its body
 * typed by the declaration (a field not declared is a type error); the HTTPS client below, or another carrier.
 */
export interface Es9Transport<T extends FunctionTable = typeof Es9Functions> {
  /** Resolves with the answer's fields, or undefined for 204 No Content; an SGP.22 failure rejects. */
  call<F extends keyof T & string>(
    functionName: F,
    body: RequestOf<T[F]>,
  ): Promise<ResponseOf<T[F]> | undefined>;
  close(): void;
}

export class Es9Client<T extends FunctionTable = typeof Es9Functions> implements Es9Transport<T> {
  readonly #agent: Agent;
  readonly #protocol: string;
  readonly #onCall: Es9Options['onCall'];
  readonly #timeoutMs: number | undefined;
  readonly #maxAnswerBytes: number | undefined;
  readonly #onExchange: Es9Options['onExchange'];

  constructor(
    readonly smdpAddress: string,
    options: Es9Options = {},
  ) {
    this.#agent = new Agent({
      keepAlive: options.keepAlive ?? true,
      ...(options.resumeTls === false ? { maxCachedSessions: 0 } : {}),
      ...(options.insecure
        ? { rejectUnauthorized: false }
        : { ca: options.ca ?? readInputFileSync(DEFAULT_CA, 'small').toString('utf8') }),
    });
    this.#protocol = options.adminProtocol ?? 'gsma/rsp/v2.2.2';
    this.#onCall = options.onCall;
    this.#timeoutMs = options.timeoutMs;
    this.#maxAnswerBytes = options.maxAnswerBytes;
    this.#onExchange = options.onExchange;
  }

  /**
   * Closes the client's connections. An idle one is ended, which sends TLS close_notify first (RFC 5246 7.2.1,
   * RFC 8446 6.1: a party closing its side sends close_notify); destroy() would cut it without, which an
   * OpenSSL 3 server reports as "unexpected eof while reading" (the osmo-ttcn3 eim suite's SM-DP+ drops its
   * listener on it). A connection still busy is destroyed.
   */
  close(): void {
    for (const idle of Object.values(this.#agent.freeSockets)) for (const socket of idle ?? []) socket.end();
    for (const busy of Object.values(this.#agent.sockets)) for (const socket of busy ?? []) socket.destroy();
  }

  /** Calls one function; resolves with the answer's fields, or undefined for 204 No Content. */
  call<F extends keyof T & string>(
    functionName: F,
    body: RequestOf<T[F]>,
  ): Promise<ResponseOf<T[F]> | undefined> {
    return this.send(functionName, body) as Promise<ResponseOf<T[F]> | undefined>;
  }

  /**
   * The same without the declaration's types: for bodies replayed as recorded (benchmarks) or made wrong on
   * purpose (fuzz tests, conformance cases).
   */
  async send(functionName: string, body: Es9Body): Promise<Es9Body | undefined> {
    const started = performance.now();
    const requestText = JSON.stringify(body);
    const passed = (httpStatus: number, answerText: string | undefined, failure?: string) =>
      this.#onExchange?.({
        functionName,
        requestText,
        httpStatus,
        answerText,
        ...(failure !== undefined ? { failure } : {}),
        milliseconds: performance.now() - started,
      });
    let answer: { status: number; text: string };
    try {
      answer = await jsonRequest(`https://${this.smdpAddress}/gsma/rsp2/es9plus/${functionName}`, {
        label: functionName,
        body: requestText,
        agent: this.#agent,
        headers: { 'User-Agent': 'gsma-rsp-lpad', 'X-Admin-Protocol': this.#protocol },
        ...(this.#timeoutMs !== undefined ? { timeoutMs: this.#timeoutMs } : {}),
        ...(this.#maxAnswerBytes !== undefined ? { maxAnswerBytes: this.#maxAnswerBytes } : {}),
      });
    } catch (error) {
      passed(0, undefined, (error as Error).message);
      throw error;
    }
    const { status, text } = answer;
    this.#onCall?.(functionName, performance.now() - started);
    passed(status, text);
    if (status === 204) return undefined;
    return executedAnswer(functionName, status, parseAnswer(functionName, status, text));
  }
}

/** A base64 field of an answer, checked; `field` one the answer's declaration has. */
export function base64Of<B extends object>(
  functionName: string,
  body: B | undefined,
  field: Exclude<keyof B, 'header'> & string,
): Buffer {
  const value: unknown = body?.[field];
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
    throw new TransportError(`${functionName}: ${field} missing or not base64`);
  }
  return Buffer.from(value, 'base64');
}
