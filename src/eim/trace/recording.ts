/**
 * Where the exchange trace is fed: the ESipa binding's onExchange (every exchange it answers, bad ones too)
 * and the ES9+ client's of the relay and the notification forwarding (every call made to an SM-DP+, with the
 * answer's text or why none came). Only the bodies are kept, never a header.
 */
import type { Es9ClientExchange } from '../../lpa/es9-client.ts';
import type { EsipaExchange } from '../http/esipa-binding.ts';
import type { ExchangeTrace } from './exchange-trace.ts';
import { esipaFunctionOf } from './exchange-view.ts';

/** The binding's onExchange: records the exchange, then tells `also` (a test's or a caller's listener). */
export const recordEsipa =
  (trace: ExchangeTrace, also?: (exchange: EsipaExchange) => void) =>
  (exchange: EsipaExchange): void => {
    const name = esipaFunctionOf(exchange.request);
    trace.record({
      interface: 'ESipa',
      ...(name ? { function: name } : {}),
      at: exchange.receivedAt,
      durationMs: exchange.durationMs,
      httpStatus: exchange.httpStatus,
      peer: exchange.clientAddress,
      request: exchange.request,
      response: exchange.response,
    });
    also?.(exchange);
  };

/** The ES9+ connector's onExchange; `now` (the eIM's clock) stamps the answer's arrival. */
export const recordEs9 =
  (trace: ExchangeTrace, now: () => number) =>
  (smdpAddress: string, exchange: Es9ClientExchange): void => {
    trace.record({
      interface: 'ES9+',
      function: exchange.functionName,
      at: now(),
      durationMs: exchange.milliseconds,
      httpStatus: exchange.httpStatus,
      peer: smdpAddress,
      request: exchange.requestText,
      response: exchange.answerText,
      ...(exchange.failure !== undefined ? { failure: exchange.failure } : {}),
    });
  };
