/**
 * ESipa as the IPA calls it, in the ASN.1 binding (SGP.32 6.1, 6.3.2; reference §2): every function is
 * `POST https://<eimFqdn>/gsma/rsp2/asn1` with `Content-Type: application/x-gsma-rsp-asn1`,
 * `X-Admin-Protocol: gsma/rsp/v2.1.0` and `User-Agent: gsma-rsp-ipad`; the body is the DER of the request
 * declared in src/protocol/esipa-functions.ts, the answer the DER of its response type. HandleNotification
 * has no response data: 204, or 200 with an empty body (onomondo-eim sends the latter), both taken.
 *
 * One keep-alive connection per procedure (SGP.32 3.1.1.1; onomondo-eim binds its work item to it):
 * `endProcedure()` closes it. Answers are bounded in size and time. What goes wrong is an EsipaError: the
 * eIM's HTTP status, a body outside the binding, or (TransportError) no answer at all; the function's own
 * error alternatives (eimPackageError …) are decoded values for the IPA's procedures to judge.
 */
import type { Agent } from 'node:https';
import { Asn1DecodeError } from '../asn1/decode-error.ts';
import type { Infer } from '../asn1/schema.ts';
import { bytesRequest } from '../client/json-request.ts';
import { TransportError } from '../errors/client-errors.ts';
import {
  ESIPA_ADMIN_PROTOCOL,
  ESIPA_ASN1_CONTENT_TYPE,
  ESIPA_ASN1_PATH,
  type EsipaFunctionDeclaration,
  type EsipaFunctionName,
  EsipaFunctions,
} from '../protocol/esipa-functions.ts';
import { type EimTlsTrust, eimAgent } from './eim-tls-trust.ts';

type Declarations = typeof EsipaFunctions;
export type EsipaRequest<N extends EsipaFunctionName> = Infer<Declarations[N]['request']>;
export type EsipaResponse<N extends EsipaFunctionName> = Declarations[N]['response'] extends undefined
  ? undefined
  : Infer<NonNullable<Declarations[N]['response']>>;

/** The eIM answered outside the ESipa ASN.1 binding (an HTTP error status, a body that is not the type). */
export class EsipaError extends TransportError {
  override readonly name = 'EsipaError';
  constructor(
    readonly functionName: EsipaFunctionName,
    message: string,
    /** The HTTP status, when that was the problem. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`ESipa ${functionName}: ${message}`, options);
  }
}

/** One exchange as it passed, for a trace (`rspsim ipa run --trace`). */
export interface EsipaExchange {
  readonly functionName: EsipaFunctionName;
  readonly request: Buffer;
  readonly status: number;
  readonly response: Buffer;
  readonly milliseconds: number;
}

export interface EsipaClientOptions {
  readonly trust: EimTlsTrust;
  /** Give up on an answer after this long (default 30 s). */
  readonly timeoutMs?: number;
  /** Longest answer taken (default 2 MiB: a Bound Profile Package of a large profile fits). */
  readonly maxAnswerBytes?: number;
  /** `gsma-rsp-ipad`, or `gsma-rsp-ipae` for an IPA in the eUICC. */
  readonly userAgent?: string;
  readonly onExchange?: (exchange: EsipaExchange) => void;
}

export const ESIPA_TIMEOUT_MS = 30_000;
export const ESIPA_MAX_ANSWER_BYTES = 2 * 1024 * 1024;

export class EsipaClient {
  #agent: Agent;
  readonly #host: string;

  constructor(
    /** The eIM's FQDN as the eUICC keeps it (eimFqdn), possibly with `:port`. */
    readonly eimFqdn: string,
    private readonly options: EsipaClientOptions,
  ) {
    let url: URL;
    try {
      url = new URL(`https://${eimFqdn}`);
    } catch {
      throw new TransportError(`ESipa: the eIM address "${eimFqdn}" is not a host[:port]`);
    }
    if (url.pathname !== '/' || url.search || url.username)
      throw new TransportError(`ESipa: the eIM address "${eimFqdn}" is not a host[:port]`);
    this.#host = url.hostname.replace(/^\[|\]$/g, '');
    this.#agent = eimAgent(this.#host, options.trust);
  }

  /** Ends the procedure's connection; the next call opens a new one. */
  endProcedure(): void {
    this.#agent.destroy();
    this.#agent = eimAgent(this.#host, this.options.trust);
  }

  close(): void {
    this.#agent.destroy();
  }

  /** One function, the request encoded from its declaration, the answer decoded by it. */
  async call<N extends EsipaFunctionName>(
    name: N,
    request: EsipaRequest<N>,
  ): Promise<{ der: Buffer; value: EsipaResponse<N> }> {
    const declaration: EsipaFunctionDeclaration = EsipaFunctions[name];
    return this.send(name, declaration.request.encode(request));
  }

  /** The same with a request already encoded (an eUICC's result passed on as it made it). */
  async send<N extends EsipaFunctionName>(
    name: N,
    requestDer: Buffer,
  ): Promise<{ der: Buffer; value: EsipaResponse<N> }> {
    const response = EsipaFunctions[name].response;
    if (response === undefined) {
      // HandleNotification (6.3.2.4): no response data
      const { status, body } = await this.#post(name, requestDer);
      if (status === 204 || (status === 200 && body.length === 0))
        return { der: body, value: undefined as EsipaResponse<N> };
      throw new EsipaError(
        name,
        `expected 204 or an empty 200, got HTTP ${status} with ${body.length} bytes`,
        status,
      );
    }
    const body = await this.answer(name, requestDer);
    try {
      // the declaration of N decodes to EsipaResponse<N>: TypeScript does not follow N through the table
      return { der: body, value: response.decode(body) as EsipaResponse<N> };
    } catch (error) {
      if (!(error instanceof Asn1DecodeError)) throw error;
      throw new EsipaError(name, `the answer is not a ${name} response (${error.message})`, 200, {
        cause: error,
      });
    }
  }

  /**
   * The answer's bytes, checked as `send` checks them (HTTP 200, the binding's Content-Type, a body) but not
   * decoded: for an answer the IPA judges itself, a GetEimPackageResponse whose package it may not be able
   * to read (SGP.32 6.3.2.7 eimPackageResultResponseError).
   */
  async answer(name: EsipaFunctionName, requestDer: Buffer): Promise<Buffer> {
    const { status, body, contentType } = await this.#post(name, requestDer);
    if (status !== 200) throw new EsipaError(name, `HTTP ${status}${describeBody(body)}`, status);
    if (body.length === 0) throw new EsipaError(name, 'HTTP 200 without a body', status);
    const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== ESIPA_ASN1_CONTENT_TYPE)
      throw new EsipaError(
        name,
        `answer of Content-Type ${contentType ?? '(none)'}, not ${ESIPA_ASN1_CONTENT_TYPE}`,
        status,
      );
    return body;
  }

  async #post(name: EsipaFunctionName, requestDer: Buffer) {
    const started = performance.now();
    const answer = await bytesRequest(`https://${this.eimFqdn}${ESIPA_ASN1_PATH}`, {
      label: `ESipa ${name}`,
      body: requestDer,
      contentType: ESIPA_ASN1_CONTENT_TYPE,
      agent: this.#agent,
      headers: {
        'User-Agent': this.options.userAgent ?? 'gsma-rsp-ipad',
        'X-Admin-Protocol': ESIPA_ADMIN_PROTOCOL,
      },
      timeoutMs: this.options.timeoutMs ?? ESIPA_TIMEOUT_MS,
      maxAnswerBytes: this.options.maxAnswerBytes ?? ESIPA_MAX_ANSWER_BYTES,
    });
    this.options.onExchange?.({
      functionName: name,
      request: requestDer,
      status: answer.status,
      response: answer.body,
      milliseconds: performance.now() - started,
    });
    return answer;
  }
}

/** A short sight of an error body (the eIM's text, if it sent one). */
function describeBody(body: Buffer): string {
  if (body.length === 0) return '';
  const text = body.subarray(0, 200).toString('utf8');
  return /^[\x20-\x7e\s]*$/.test(text) ? `: ${text.trim()}` : ` (${body.length} bytes)`;
}
