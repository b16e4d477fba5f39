/**
 * ES12 as its caller uses it (SGP.22 5.9: SM-DP+ → SM-DS, and alternative SM-DS → root SM-DS): POST
 * https://<SM-DS>/gsma/rsp2/es12/<function> in the JSON binding, over TLS with the caller's own TLS
 * certificate as client certificate (ES12 is mutually authenticated, SGP.22 2.6.6). The SM-DS's refusal comes
 * back as a FunctionFailedError; an SM-DS that cannot be reached or answers outside the binding is 8.9 / 5.1.
 */

import { TransportError } from '../errors/client-errors.ts';
import { RspError } from '../errors/rsp-error.ts';
import type { Es12FunctionName, Es12Request } from '../protocol/es12-functions.ts';
import { executedAnswer, type JsonObject, parseAnswer, requestWithHeader } from './function-call.ts';
import { jsonRequest } from './json-request.ts';

export interface Es12ClientOptions {
  /** Identifies the caller (functionRequesterIdentifier): the SM-DP+ OID. */
  readonly requesterIdentifier: string;
  /** The caller's TLS certificate (chain) and key, presented to the SM-DS. */
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
  /** CA certificates the SM-DS's TLS certificate must chain to (the CIs). */
  readonly ca: string;
  readonly timeoutMs?: number;
}

export class Es12Client {
  constructor(private readonly options: Es12ClientOptions) {}

  /**
   * The SM-DS's answer when it executed the function; its refusal a FunctionFailedError with the SGP.22
   * codes (`codeName` eventDuplicate, eventIdUnknown ...); no answer in the binding 8.9 / 5.1.
   */
  async call<F extends Es12FunctionName>(
    smdsAddress: string,
    functionName: F,
    fields: Es12Request<F>,
  ): Promise<JsonObject> {
    const url = `https://${smdsAddress}/gsma/rsp2/es12/${functionName}`;
    try {
      const { status, text } = await jsonRequest(url, {
        label: url,
        body: requestWithHeader(this.options.requesterIdentifier, fields),
        headers: { 'X-Admin-Protocol': 'gsma/rsp/v2.2.0' },
        tls: { cert: this.options.clientCertPem, key: this.options.clientKeyPem, ca: this.options.ca },
        timeoutMs: this.options.timeoutMs ?? 10_000,
        // An answer to ES12 is a few hundred bytes: a huge one is not an SM-DS's.
        maxAnswerBytes: 64 * 1024,
      });
      return executedAnswer(functionName, status, parseAnswer(functionName, status, text));
    } catch (error) {
      if (error instanceof TransportError)
        throw new RspError('smdsUnavailable', error.message, undefined, { cause: error });
      throw error;
    }
  }
}
