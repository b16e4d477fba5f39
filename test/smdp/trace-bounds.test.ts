/**
 * Issue 13, item 1: the session trace keeps a bounded amount per session whatever clients send — few
 * exchanges, large request bodies as size + SHA-256 + head, nothing for transactionIds the server never gave
 * out — and its view answers for anything it holds (deeply nested JSON included), over real HTTPS.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { postEs9 } from '../helpers/es9-request.ts';
import { httpsJson } from '../helpers/https-json.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';

let smdp: RunningSmdp;
beforeAll(async () => {
  smdp = await startTestSmdp({ traceExchangesPerSession: 6, traceBodyBytes: 4096 });
});
afterAll(async () => {
  await smdp?.close();
});

const admin = (server: RunningSmdp, path: string) =>
  httpsJson(`${server.url}${path}`, { ca: server.caPem, token: server.adminToken });

async function downloadedTransactionId(server: RunningSmdp): Promise<string> {
  const { transactionId } = await downloadProfile({
    activationCode: `LPA:1$${server.address}$DEMO`,
    euicc: await EuiccEmulator.create(),
    es9: { ca: server.caPem },
  });
  return transactionId;
}

describe('session trace bounds', () => {
  it('keeps a few exchanges per session and large request bodies only as size, digest and head', async () => {
    const transactionId = await downloadedTransactionId(smdp);
    const text = JSON.stringify({ transactionId, authenticateServerResponse: 'A'.repeat(50_000) });
    for (let i = 0; i < 10; i++) {
      const answer = await postEs9(smdp.url, 'authenticateClient', undefined, {
        ca: smdp.caPem,
        rawBody: text,
      });
      expect(answer.body.header.functionExecutionStatus.status).toBe('Failed');
    }
    const { status, body: view } = await admin(smdp, `/admin/sessions/${transactionId}`);
    expect(status).toBe(200);
    expect(view.exchanges).toHaveLength(6);
    expect(view.omittedExchanges).toBe(8);
    const [kept] = view.exchanges[4].request;
    expect(kept.name).toBe('body');
    expect(kept.value).toContain(`${Buffer.byteLength(text)} bytes`);
    expect(kept.value).toContain(createHash('sha256').update(text).digest('hex'));
    expect(kept.value).toContain(text.slice(0, 100));
    expect(kept.value.length).toBeLessThan(1000);
    // Issue 17: a body kept in part gives no partial DER, and says why.
    expect(view.exchanges[4].der.request.omitted).toContain(`${Buffer.byteLength(text)}-byte body`);
    const { body: list } = await admin(smdp, '/admin/sessions');
    expect(
      list.sessions.find((s: { transactionId: string }) => s.transactionId === transactionId),
    ).toMatchObject({
      omittedExchanges: 8,
      state: 'failed',
    });
  });

  it('traces no exchange naming a transactionId the server never gave out', async () => {
    const unknown = 'DEADBEEF0123456789ABCDEF01234567';
    await postEs9(
      smdp.url,
      'authenticateClient',
      { transactionId: unknown, authenticateServerResponse: 'AA==' },
      {
        ca: smdp.caPem,
      },
    );
    await postEs9(
      smdp.url,
      'cancelSession',
      { transactionId: unknown, cancelSessionResponse: 'AA==' },
      {
        ca: smdp.caPem,
      },
    );
    // initiateAuthentication is traced under the transactionId the server gives, never one the client names.
    await postEs9(
      smdp.url,
      'initiateAuthentication',
      { transactionId: unknown, smdpAddress: 'x' },
      { ca: smdp.caPem },
    );
    expect((await admin(smdp, `/admin/sessions/${unknown}`)).status).toBe(404);
    const { body: list } = await admin(smdp, '/admin/sessions');
    expect(list.sessions.map((s: { transactionId: string }) => s.transactionId)).not.toContain(unknown);
  });

  it('shows and exports a session whose stored request is deeply nested JSON', async () => {
    // Bodies up to the ES9+ body limit (64 KB) kept whole, so the view itself has to cope with the nesting.
    const own = await startTestSmdp({ traceBodyBytes: 2 * 1024 * 1024 });
    try {
      const transactionId = await downloadedTransactionId(own);
      const depth = 30_000;
      const rawBody = `{"transactionId":"${transactionId}","cancelSessionResponse":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const answer = await postEs9(own.url, 'cancelSession', undefined, { ca: own.caPem, rawBody });
      expect(answer.body.header.functionExecutionStatus.status).toBe('Failed');
      const view = await admin(own, `/admin/sessions/${transactionId}`);
      expect(view.status).toBe(200);
      const nested = view.body.exchanges
        .at(-1)
        .request.find((f: { name: string }) => f.name === 'cancelSessionResponse');
      expect(nested.value).toMatch(/^\[{16}\[*…\]{16,}$/);
      expect((await admin(own, `/admin/sessions/${transactionId}/export`)).status).toBe(200);
      expect((await admin(own, '/admin/sessions')).status).toBe(200);
    } finally {
      await own.close();
    }
  });
});
