/**
 * The campaign's ES10 client: the LPA's own (STORE DATA blocks, GET RESPONSE, SGP.22 5.7.2), with every ES10
 * command recorded for the reports — function, request and answer DER decoded, status word, time.
 */
import { SW } from '../../apdu/status-words.ts';
import { ApduError, Es10Client } from '../../lpa/es10-client.ts';
import type { Exchange } from '../exchange.ts';
import { CheckFailed, shall } from '../verdict.ts';
import { decodeEs10, es10Name } from './es10-trace.ts';

const hex = (data: Buffer) => data.toString('hex').toUpperCase();
const swText = (sw: number) => `SW ${sw.toString(16).toUpperCase().padStart(4, '0')}`;

/** Longest hex kept per side: a whole profile segment list would bloat the reports. */
const MAX_HEX = 4096;
const clipped = (data: Buffer) =>
  data.length * 2 > MAX_HEX ? `${hex(data.subarray(0, MAX_HEX / 2))}… (${data.length} bytes)` : hex(data);

/** SGP.22 5.7.2: an ES10 command's response data comes with '9000' (or '61xx' and GET RESPONSE). */
const STATUS_WORD = shall(
  'SGP.22 5.7.2',
  'the ISD-R answers each ES10 command (STORE DATA) with its response data and status word 9000',
);

/**
 * The campaign's ES10 client; a status word other than 9000 is a failed check of SGP.22 5.7.2 (inside a
 * case's precondition it makes the case inconclusive, like any failed set-up step).
 */
export class RecordedEs10Client extends Es10Client {
  readonly exchanges: Exchange[] = [];

  override async storeData(data: Buffer): Promise<Buffer> {
    const started = performance.now();
    const record = (sw: number, response: Buffer) =>
      this.exchanges.push({
        path: es10Name(data),
        request: clipped(data),
        status: sw,
        statusText: swText(sw),
        response: clipped(response),
        decoded: {
          request: decodeEs10(data, 'request', data),
          response: decodeEs10(data, 'response', response),
        },
        ms: Math.round(performance.now() - started),
      });
    try {
      const response = await super.storeData(data);
      record(SW.OK, response);
      return response;
    } catch (error) {
      if (!(error instanceof ApduError)) throw error;
      record(error.sw, Buffer.alloc(0));
      throw new CheckFailed(`${es10Name(data)} status word`, '9000', swText(error.sw).slice(3), STATUS_WORD);
    }
  }
}
