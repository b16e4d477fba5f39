import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executedAnswer, parseAnswer, requestWithHeader } from '../../src/client/function-call.ts';
import { jsonRequest } from '../../src/client/json-request.ts';
import {
  ClientError,
  FunctionFailedError,
  TimeoutError,
  TransportError,
} from '../../src/errors/client-errors.ts';

const failed = (subjectCode: string, reasonCode: string, message?: string) => ({
  header: {
    functionExecutionStatus: {
      status: 'Failed',
      statusCodeData: { subjectCode, reasonCode, ...(message ? { message } : {}) },
    },
  },
});

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('a JSON binding answer (SGP.22 6.5.1.2)', () => {
  it('gives an executed answer as it came', () => {
    const answer = { header: { functionExecutionStatus: { status: 'Executed-Success' } }, iccid: '8900' };
    expect(executedAnswer('confirmOrder', 200, answer)).toBe(answer);
  });

  it('turns Failed into one error with the codes and their name, undefined when our table lacks the pair', () => {
    const known = thrown(() => executedAnswer('downloadOrder', 200, failed('8.2.1', '3.9', 'ICCID unknown')));
    expect(known).toBeInstanceOf(FunctionFailedError);
    expect(known).toMatchObject({
      functionName: 'downloadOrder',
      subjectCode: '8.2.1',
      reasonCode: '3.9',
      codeName: 'iccidUnknown',
      detail: 'ICCID unknown',
    });
    // Our CLI prints this message: function, codes and the peer's words.
    expect((known as Error).message).toBe(
      'downloadOrder failed: 8.2.1/3.9 Profile ICCID – Unknown (ICCID unknown)',
    );
    const unknown = thrown(() => executedAnswer('downloadOrder', 200, failed('9.9', '9.9')));
    expect(unknown).toMatchObject({ subjectCode: '9.9', reasonCode: '9.9', codeName: undefined });
    expect(unknown).not.toBeInstanceOf(ClientError);
  });

  it('refuses what is outside the binding as a client-side TransportError', () => {
    for (const [status, answer] of [
      [500, { error: 'boom' }],
      [200, { header: {} }],
      [200, []],
    ] as const) {
      const error = thrown(() => executedAnswer('authenticateClient', status, answer));
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toBeInstanceOf(ClientError);
    }
    expect(thrown(() => parseAnswer('handleNotification', 200, '<html>'))).toBeInstanceOf(TransportError);
  });

  it('writes the request header naming the caller and a fresh call identifier (SGP.22 6.5.1.3)', () => {
    const one = JSON.parse(requestWithHeader('2.999.10', { iccid: '8900' }));
    const two = JSON.parse(requestWithHeader('2.999.10', { iccid: '8900' }));
    expect(one).toMatchObject({ header: { functionRequesterIdentifier: '2.999.10' }, iccid: '8900' });
    expect(one.header.functionCallIdentifier).not.toBe(two.header.functionCallIdentifier);
  });
});

describe('jsonRequest, the carrier of every JSON binding client', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/silent') return; // never answers
      if (request.url === '/large') return response.end('x'.repeat(100_000));
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on('end', () => response.end(JSON.stringify({ got: JSON.parse(body) })));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts JSON text and reads the answer', async () => {
    const answer = await jsonRequest(`${base}/echo`, { label: 'echo', body: '{"a":1}' });
    expect(answer).toEqual({ status: 200, text: '{"got":{"a":1}}' });
  });

  it('gives up on a silent server with a TimeoutError, a kind of TransportError', async () => {
    const error = await jsonRequest(`${base}/silent`, { label: 'silent', body: '{}', timeoutMs: 100 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toMatch(/^silent: no answer within 100 ms/);
  });

  it('cuts off an answer over the bound, and names what could not be reached', async () => {
    const large = await jsonRequest(`${base}/large`, { label: 'large', maxAnswerBytes: 1024 }).catch(
      (e: unknown) => e,
    );
    expect(large).toBeInstanceOf(TransportError);
    expect((large as Error).message).toBe('large: answer larger than 1024 bytes');
    const refused = await jsonRequest('http://127.0.0.1:1/x', { label: 'nowhere' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TransportError);
    expect((refused as Error).message).toMatch(/^nowhere: /);
  });
});
