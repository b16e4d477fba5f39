/**
 * Issue 13, item 6: what a client sends is never reflected whole — not in the answer's message, its
 * subjectIdentifier, its X-Admin-Protocol header, nor the warn log — and each route refuses bodies beyond
 * its largest legitimate request (ES9+: an SGP.22 error). Real HTTPS on loopback.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { postEs9 } from '../helpers/es9-request.ts';
import { httpsJson } from '../helpers/https-json.ts';
import { expectRspFailure } from '../helpers/rsp-assertions.ts';
import { ScriptedEuicc } from '../helpers/scripted-euicc.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';

let smdp: RunningSmdp;
let logged = '';
const log = new Writable({
  write(chunk, _encoding, done) {
    logged += chunk;
    done();
  },
});

beforeAll(async () => {
  smdp = await startTestSmdp({}, { logger: pino({ level: 'warn' }, log) });
});
afterAll(async () => {
  await smdp?.close();
});

const initiate = (smdpAddress: string) => ({
  smdpAddress,
  euiccChallenge: Buffer.alloc(16, 7).toString('base64'),
  euiccInfo1: new ScriptedEuicc().euiccInfo1(),
});

describe('reflected input', () => {
  it('clips a long smdpAddress in the answer and in the warn log', async () => {
    const smdpAddress = `${'x'.repeat(50_000)}.example`;
    logged = '';
    const res = await postEs9(smdp.url, 'initiateAuthentication', initiate(smdpAddress), { ca: smdp.caPem });
    expectRspFailure(res, 'smdpAddressInvalid');
    const { message } = res.body.header.functionExecutionStatus.statusCodeData;
    // The clipped address, then the server's own (the fix for an activation code naming another one).
    expect(message).toMatch(/: x+… \(50008 characters\) \(this server's address is [^)]+\)$/);
    expect(res.raw.length).toBeLessThan(2000);
    expect(logged).toMatch(/x{100}… \(50008 characters\)/);
    expect(logged.length).toBeLessThan(2000);
  });

  it('echoes X-Admin-Protocol only when it is a version served, and clips it in the message', async () => {
    const protocol = `gsma/rsp/v9.${'9'.repeat(8000)}`;
    logged = '';
    const res = await postEs9(smdp.url, 'initiateAuthentication', initiate(smdp.address), {
      ca: smdp.caPem,
      headers: { 'X-Admin-Protocol': protocol },
    });
    expectRspFailure(res, 'unsupportedProtocolVersion');
    expect(res.headers['x-admin-protocol']).toBe('gsma/rsp/v2.2.2');
    expect(res.raw.length).toBeLessThan(2000);
    expect(logged.length).toBeLessThan(2000);
  });

  it('refuses an ES9+ body beyond its largest legitimate request with an SGP.22 error', async () => {
    logged = '';
    const res = await postEs9(smdp.url, 'initiateAuthentication', initiate('y'.repeat(200_000)), {
      ca: smdp.caPem,
    });
    expectRspFailure(res, 'badInput');
    expect(res.body.header.functionExecutionStatus.statusCodeData.message).toMatch(/larger than 65536 bytes/);
    expect(res.raw.length).toBeLessThan(2000);
    expect(logged.length).toBeLessThan(2000);
    // The largest legitimate requests (authenticateClient, handleNotification) still pass.
    const { transactionId } = await downloadProfile({
      activationCode: `LPA:1$${smdp.address}$DEMO`,
      euicc: await EuiccEmulator.create(),
      es9: { ca: smdp.caPem },
    });
    expect(transactionId).toMatch(/^[0-9A-F]{32}$/);
  });

  it('names no URL in answers to unknown routes or unroutable URLs, and logs it clipped', async () => {
    const long = 'a'.repeat(8000);
    const verbose = await startTestSmdp({}, { logger: pino({ level: 'info' }, log) });
    try {
      logged = '';
      const unknown = await httpsJson(`${verbose.url}/${long}`, { ca: verbose.caPem });
      expect(unknown.status).toBe(404);
      const tooLong = await httpsJson(`${verbose.url}/admin/sessions/${long}`, {
        ca: verbose.caPem,
        token: verbose.adminToken,
      });
      expect(tooLong.status).toBe(414);
      const badUrl = await httpsJson(`${verbose.url}/admin/sessions/%E0%A4%A?${long}`, {
        ca: verbose.caPem,
        token: verbose.adminToken,
      });
      expect(badUrl.status).toBe(400);
      for (const answer of [unknown, tooLong, badUrl])
        expect(JSON.stringify(answer.body)).not.toContain('aaaa');
      expect(logged).toContain('a'.repeat(100));
      expect(logged.length).toBeLessThan(4000);
    } finally {
      await verbose.close();
    }
  });
});
