/**
 * The built-in LPA's ES9+ carrier (Es9Transport) over the case's recorded connection: the complete-flow
 * cases run src/lpa/download.ts unchanged and the report still shows every exchange.
 */
import { type Es9Body, Es9Error, type Es9Transport, Es9TransportError } from '../lpa/es9-client.ts';
import type { JsonPoster } from './exchange.ts';
import { ES9_HEADERS } from './test-device.ts';

export class RecordedEs9Transport implements Es9Transport {
  constructor(private readonly poster: JsonPoster) {}

  async call(functionName: string, body: Es9Body): Promise<Es9Body | undefined> {
    const answer = await this.poster.post(`/gsma/rsp2/es9plus/${functionName}`, body, ES9_HEADERS);
    if (answer.transportError) throw new Es9TransportError(`${functionName}: ${answer.transportError}`);
    if (answer.status === 204) return undefined;
    const status = answer.body?.header?.functionExecutionStatus;
    if (status?.status === 'Failed' || status?.status === 'Expired') {
      const data = status.statusCodeData ?? {};
      throw new Es9Error(
        functionName,
        String(data.subjectCode),
        String(data.reasonCode),
        String(data.message ?? status.status),
      );
    }
    if (answer.status !== 200 || typeof status?.status !== 'string')
      throw new Es9TransportError(`${functionName}: HTTP ${answer.status} without functionExecutionStatus`);
    return answer.body as Es9Body;
  }

  close(): void {
    // The connection is the case's; the runner closes it.
  }
}
