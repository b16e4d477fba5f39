/**
 * The JSON binding is an encapsulated Fastify plugin: its text bodies and its error handler stay in its
 * scope, and the admin API beside it on the same server parses its own JSON bodies. Each side is checked
 * with what only its own scope does. Real HTTPS on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ES9_BODY_LIMIT } from '../../src/rsp-server/http/body-limits.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { postEs9 } from '../helpers/es9-request.ts';
import { httpsJsonWithHeaders } from '../helpers/https-json.ts';
import { expectRspFailure } from '../helpers/rsp-assertions.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';

let smdp: RunningSmdp;
beforeAll(async () => {
  smdp = await startTestSmdp();
});
afterAll(async () => {
  await smdp?.close();
});

const scenario = (name: string) =>
  JSON.stringify({
    name,
    function: 'cancelSession',
    action: { type: 'error', code: 'transactionIdUnknown' },
  });

/** POST /admin/scenarios with the admin token, a body and the Content-Type given (none: no header). */
const addScenario = (body: string | undefined, contentType?: string) =>
  httpsJsonWithHeaders(`${smdp.url}/admin/scenarios`, {
    ca: smdp.caPem,
    method: 'POST',
    token: smdp.adminToken,
    ...(body === undefined ? {} : { body }),
    headers: contentType ? { 'Content-Type': contentType } : {},
  });

describe('the JSON binding in its own scope', () => {
  it('takes an ES9+ body as text whatever its Content-Type: malformed JSON is an SGP.22 error', async () => {
    for (const contentType of ['application/json', 'text/plain', 'application/x-www-form-urlencoded']) {
      const res = await postEs9(smdp.url, 'initiateAuthentication', undefined, {
        ca: smdp.caPem,
        rawBody: '{"smdpAddress":',
        headers: { 'Content-Type': contentType },
      });
      expectRspFailure(res, 'badInput');
      expect(res.body.header.functionExecutionStatus.statusCodeData.message).toBe(
        'Protocol Format - Invalid: the request body is not valid JSON',
      );
      expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
    }
  });

  it('answers an ES9+ body over its limit as the binding answers invalid input, and an admin one as HTTP 413', async () => {
    const large = JSON.stringify({ smdpAddress: 'x'.repeat(ES9_BODY_LIMIT) });
    const es9 = await postEs9(smdp.url, 'initiateAuthentication', undefined, {
      ca: smdp.caPem,
      rawBody: large,
    });
    expectRspFailure(es9, 'badInput');
    expect(es9.headers['x-admin-protocol']).toBe('gsma/rsp/v2.2.2');
    const admin = await addScenario(large, 'application/json');
    expect(admin.status).toBe(413);
    expect(admin.body.code).toBe('FST_ERR_CTP_BODY_TOO_LARGE');
  });
});

describe('the admin API beside it', () => {
  it('parses JSON bodies under any Content-Type, as the CLI, the page and hand-written requests send them', async () => {
    for (const [name, contentType] of [
      ['json', 'application/json;charset=UTF-8'],
      ['text', 'text/plain'],
      ['form', 'application/x-www-form-urlencoded'],
      ['none', undefined],
    ] as const) {
      const answer = await addScenario(scenario(`scope-${name}`), contentType);
      expect({ name, status: answer.status, body: answer.body }).toEqual({
        name,
        status: 201,
        body: { added: `scope-${name}` },
      });
    }
    expect(smdp.scenarios.list().filter((s) => s.name.startsWith('scope-'))).toHaveLength(4);
  });

  it('answers a body that is not JSON, an empty one or none with one 400, after the token is checked', async () => {
    for (const [body, contentType] of [
      ['{', 'application/json'],
      ['', 'application/json'],
      [undefined, undefined],
      ['{"__proto__": {"x": 1}}', 'application/json'],
    ] as const) {
      const answer = await addScenario(body, contentType);
      expect({ body, status: answer.status, answer: answer.body }).toEqual({
        body,
        status: 400,
        answer: { error: 'the body is not JSON' },
      });
      expect(answer.headers['cache-control']).toBe('no-store');
    }
    const unauthorised = await httpsJsonWithHeaders(`${smdp.url}/admin/scenarios`, {
      ca: smdp.caPem,
      method: 'POST',
      body: '{',
    });
    expect(unauthorised.status).toBe(401);
  });
});
