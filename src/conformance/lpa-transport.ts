/**
 * The built-in LPA's ES9+ carrier (Es9Transport) over the case's recorded connection: the complete-flow
 * cases run src/lpa/download.ts unchanged and the report still shows every exchange.
 */
import { executedAnswer } from '../client/function-call.ts';
import { TransportError } from '../errors/client-errors.ts';
import type { Es9Transport } from '../lpa/es9-client.ts';
import type { Es9FunctionName, Es9Request, Es9Response } from '../protocol/es9-functions.ts';
import type { JsonPoster } from './exchange.ts';
import { ES9_HEADERS } from './test-device.ts';

export class RecordedEs9Transport implements Es9Transport {
  constructor(private readonly poster: JsonPoster) {}

  async call<F extends Es9FunctionName>(
    functionName: F,
    body: Es9Request<F>,
  ): Promise<Es9Response<F> | undefined> {
    const answer = await this.poster.post(`/gsma/rsp2/es9plus/${functionName}`, body, ES9_HEADERS);
    if (answer.transportError) throw new TransportError(`${functionName}: ${answer.transportError}`);
    if (answer.status === 204) return undefined;
    return executedAnswer(functionName, answer.status, answer.body) as Es9Response<F>;
  }

  close(): void {
    // The connection is the case's; the runner closes it.
  }
}
