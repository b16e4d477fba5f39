/**
 * The IPA's own decoded trace of its ESipa exchanges (`rspsim ipa run --trace <file>`): one JSON line per
 * exchange, appended as it happens (a run that stops keeps what it did), with the function, its SGP.32
 * section, the HTTP status, the time taken, both bodies in hex and decoded (src/protocol/esipa-exchange-view.ts),
 * and the SM-DP+ TransactionID of a relayed download, whose ES9+ side `rspsim session show` gives.
 */
import { appendFileSync } from 'node:fs';
import { type EsipaExchangeView, esipaExchangeView } from '../protocol/esipa-exchange-view.ts';
import type { EsipaExchange } from './esipa-client.ts';

export interface EsipaTraceLine extends Omit<EsipaExchangeView, 'request' | 'response'> {
  readonly time: string;
  readonly status: number;
  readonly milliseconds: number;
  readonly request: { readonly hex: string; readonly decoded: EsipaExchangeView['request'] };
  readonly response: { readonly hex: string; readonly decoded?: EsipaExchangeView['response'] };
}

export function traceLine(exchange: EsipaExchange, now: Date): EsipaTraceLine {
  const { request, response, ...view } = esipaExchangeView(exchange.request, exchange.response);
  return {
    time: now.toISOString(),
    ...view,
    status: exchange.status,
    milliseconds: Math.round(exchange.milliseconds),
    request: { hex: exchange.request.toString('hex').toUpperCase(), decoded: request },
    response: {
      hex: exchange.response.toString('hex').toUpperCase(),
      ...(response !== undefined ? { decoded: response } : {}),
    },
  };
}

/** An onExchange that appends each exchange to `file`, its time from `clock`. */
export const esipaTraceWriter =
  (file: string, clock: () => Date = () => new Date()) =>
  (exchange: EsipaExchange): void =>
    appendFileSync(file, `${JSON.stringify(traceLine(exchange, clock()))}\n`);
