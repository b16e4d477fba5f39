import { describe, expect, it } from 'vitest';
import { ExchangeTrace } from '../../src/eim/trace/exchange-trace.ts';
import { decodeExchange } from '../../src/eim/trace/exchange-view.ts';
import { exchangesPage } from '../../src/eim/trace/exchanges-page-view.ts';
import {
  ESIPA_FUNCTION_NAMES,
  type EsipaFunctionDeclaration,
  EsipaFunctions,
} from '../../src/protocol/esipa-functions.ts';
import { rng, sampleValue } from '../helpers/sample-value.ts';

/**
 * The exchange trace's decoded view never throws on what a client sent: random valid values of every ESipa
 * request and response (certificates as random bytes, which name no certificate), and ES9+ bodies that are
 * not JSON or not the binding, each decode to a view, and the page over them renders.
 */
describe("the exchange trace's decoded view", () => {
  it('decodes random valid messages of every ESipa function along its declaration', () => {
    const trace = new ExchangeTrace();
    const notes: string[] = [];
    for (const name of ESIPA_FUNCTION_NAMES) {
      const declaration: EsipaFunctionDeclaration = EsipaFunctions[name];
      const { request, response, section } = declaration;
      for (let seed = 1; seed <= 25; seed++) {
        const random = rng(seed * 7919 + name.length);
        const exchange = trace.record({
          interface: 'ESipa',
          function: name,
          at: seed,
          durationMs: 1,
          httpStatus: response ? 200 : 204,
          peer: '127.0.0.1',
          request: request.encode(sampleValue(request, random)),
          response: response?.encode(sampleValue(response, random)),
        });
        const view = decodeExchange(exchange);
        expect(view.function).toBe(name);
        expect(view.section).toBe(`SGP.32 ${section}`);
        expect(view.request[0]?.name).toBe(`${name} request`);
        const text = JSON.stringify([view.request, view.response]);
        notes.push(...(text.match(/undecodable: [^"]*/g) ?? []));
      }
    }
    // random bytes under a certificate's tag are no certificate: that field is named, the rest shown
    expect(notes.length).toBeGreaterThan(0);
    for (const note of notes) expect(note).toMatch(/^undecodable: Certificate parse error/);
    const page = exchangesPage(trace, {}, 1);
    expect(page.kept).toBe(ESIPA_FUNCTION_NAMES.length * 25);
    expect(page.groups.length).toBeGreaterThan(0);
  });

  it('shows an ES9+ answer that is not the JSON binding as it came, and one without answer as why', () => {
    const trace = new ExchangeTrace();
    const record = (response: string | undefined, httpStatus: number, failure?: string) =>
      decodeExchange(
        trace.record({
          interface: 'ES9+',
          function: 'authenticateClient',
          at: 1,
          durationMs: 1,
          httpStatus,
          peer: 'smdp.example.com',
          request: '{"transactionId":"0102","authenticateServerResponse":"MAA="}',
          response,
          ...(failure ? { failure } : {}),
        }),
      );
    const html = record('<html>Bad gateway</html>', 502);
    expect(html.status).toBe('HTTP 502');
    expect(html.section).toBe('SGP.22 5.6.3');
    expect(html.response).toEqual([{ name: 'body', value: '<html>Bad gateway</html>' }]);
    expect(html.request[0]).toEqual({ name: 'transactionId', value: '0102' });
    expect(html.request[1]?.value).toMatch(/^undecodable: /);
    const failed = record(
      '{"header":{"functionExecutionStatus":{"status":"Failed","statusCodeData":{"subjectCode":"8.1.1","reasonCode":"3.8","message":"refused"}}}}',
      200,
    );
    expect(failed.status).toBe('HTTP 200, Failed, 8.1.1/3.8 refused');
    const deep = record(`{"x":${'['.repeat(5000)}${']'.repeat(5000)}}`, 200);
    expect(deep.response[0]?.value).toContain('[…]');
    const none = record(undefined, 0, 'authenticateClient: no answer within 30000 ms');
    expect(none.status).toBe('no answer: authenticateClient: no answer within 30000 ms');
    expect(none.response).toEqual([]);
  });
});
