/**
 * Calls to the operator's ES2+ function provider (SGP.22 5.3.5 HandleDownloadProgressInfo): queued so that
 * an ES9+ answer never waits for the operator, sent in order, and retried with growing pauses when the
 * operator is down.
 */
import type { Logger } from 'pino';
import { requestWithHeader } from '../../client/function-call.ts';
import { jsonRequest } from '../../client/json-request.ts';
import type { JsonBody } from '../../rsp-server/binding/json-fields.ts';
import { CallQueue } from '../call-queue.ts';

export interface OperatorCallbackOptions {
  /** Base URL of the operator's ES2+ functions, e.g. https://operator.example/gsma/rsp2/es2plus */
  readonly url: string;
  /** Pauses before each retry (ms); their count is the number of retries. */
  readonly retryDelaysMs?: readonly number[];
  /** Identifies this SM-DP+ as the caller (functionRequesterIdentifier). */
  readonly requesterIdentifier: string;
  readonly log: Logger;
  /** Extra CA certificates for an HTTPS operator endpoint (PEM). */
  readonly ca?: string;
}

const DEFAULT_RETRY_DELAYS_MS = [500, 2_000, 8_000, 30_000];

export class OperatorCallback {
  /** Calls go one after the other, so that the operator hears the steps of a download in their order. */
  readonly #calls = new CallQueue();

  constructor(private readonly options: OperatorCallbackOptions) {}

  /** Sends in the background; failures are logged after the last retry. */
  send(functionName: string, fields: JsonBody): void {
    const body = requestWithHeader(this.options.requesterIdentifier, fields);
    this.#calls.add(() => this.#deliver(functionName, body));
  }

  /** Waits until every queued call is delivered or given up (shutdown, tests). */
  drain(): Promise<void> {
    return this.#calls.drain();
  }

  async #deliver(functionName: string, body: string): Promise<void> {
    const delays = this.options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    const url = `${this.options.url.replace(/\/$/, '')}/${functionName}`;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.#post(functionName, url, body).catch((error: Error) => error.message);
      if (outcome === true) return;
      if (attempt >= delays.length) {
        this.options.log.warn({ function: functionName, url, outcome }, 'operator callback given up');
        return;
      }
      this.options.log.info({ function: functionName, url, outcome, attempt }, 'operator callback retried');
      await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
  }

  async #post(functionName: string, url: string, body: string): Promise<true | string> {
    const { status } = await jsonRequest(url, {
      label: functionName,
      body,
      headers: { 'X-Admin-Protocol': 'gsma/rsp/v2.2.0' },
      tls: { ca: this.options.ca },
      timeoutMs: 10_000,
      // The operator's acknowledgement is read only for its status: a long answer is not kept.
      maxAnswerBytes: 64 * 1024,
    });
    return status >= 200 && status < 300 ? true : `HTTP ${status}`;
  }
}
