/**
 * ES12 as its caller uses it (SGP.22 5.9: SM-DP+ → SM-DS, and alternative SM-DS → root SM-DS): POST
 * https://<SM-DS>/gsma/rsp2/es12/<function> in the JSON binding, over TLS with the caller's own TLS
 * certificate as client certificate (ES12 is mutually authenticated, SGP.22 2.6.6). The SM-DS's answers
 * come back as they are; an SM-DS that cannot be reached or answers outside the binding is 8.9 / 5.1.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:https';
import { RspError } from '../../errors/rsp-error.ts';
import type { JsonBody } from '../http/json-fields.ts';

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

/** What an SM-DS answered: executed, or Failed with its SGP.22 codes. */
export type Es12Answer =
  | { readonly executed: true }
  | {
      readonly executed: false;
      readonly subjectCode: string;
      readonly reasonCode: string;
      readonly message: string;
    };

export class Es12Client {
  constructor(private readonly options: Es12ClientOptions) {}

  async call(smdsAddress: string, functionName: 'registerEvent' | 'deleteEvent', fields: JsonBody) {
    const body = JSON.stringify({
      header: {
        functionRequesterIdentifier: this.options.requesterIdentifier,
        functionCallIdentifier: randomUUID(),
      },
      ...fields,
    });
    const { status, text } = await this.#post(`https://${smdsAddress}/gsma/rsp2/es12/${functionName}`, body);
    let answer: { header?: { functionExecutionStatus?: { status?: string; statusCodeData?: JsonBody } } };
    try {
      answer = JSON.parse(text);
    } catch {
      throw new RspError('smdsUnavailable', `${functionName}: HTTP ${status} without a JSON answer`);
    }
    const execution = answer.header?.functionExecutionStatus;
    if (status === 200 && execution?.status === 'Executed-Success') return { executed: true } as Es12Answer;
    if (status !== 200 || execution?.status !== 'Failed')
      throw new RspError('smdsUnavailable', `${functionName}: HTTP ${status}, ${String(execution?.status)}`);
    const data = execution.statusCodeData ?? {};
    return {
      executed: false,
      subjectCode: String(data.subjectCode),
      reasonCode: String(data.reasonCode),
      message: String(data.message ?? ''),
    } as Es12Answer;
  }

  #post(url: string, body: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => reject(new RspError('smdsUnavailable', `${url}: ${error.message}`));
      const req = request(
        url,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json;charset=UTF-8',
            'X-Admin-Protocol': 'gsma/rsp/v2.2.0',
            'Content-Length': Buffer.byteLength(body),
          },
          cert: this.options.clientCertPem,
          key: this.options.clientKeyPem,
          ca: this.options.ca,
          timeout: this.options.timeoutMs ?? 10_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => {
            // An answer to ES12 is a few hundred bytes: a huge one is not an SM-DS's.
            chunks.push(chunk);
            if (chunks.reduce((n, c) => n + c.length, 0) > 64 * 1024)
              req.destroy(new Error('answer too large'));
          });
          res.on('error', failed);
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', failed);
      req.end(body);
    });
  }
}
