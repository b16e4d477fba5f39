import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as rsp from '../../src/asn1/rsp/index.ts';
import { Schema } from '../../src/asn1/schema.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { validateScenario } from '../../src/rsp-server/scenarios/scenario.ts';
import { decodeBody } from '../../src/rsp-server/trace/decode-exchange.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { delayOnce } from '../helpers/delay-scenario.ts';
import { httpsJson, httpsJsonWithHeaders } from '../helpers/https-json.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';

let smdp: RunningSmdp;
beforeAll(async () => {
  smdp = await startTestSmdp();
});
afterAll(async () => {
  await smdp?.close();
});

const admin = (path: string, token?: string) => httpsJson(`${smdp.url}${path}`, { ca: smdp.caPem, token });

const find = (fields: any[], name: string) => fields.find((f) => f.name === name);

describe('session trace and admin API', () => {
  it('records every ES9+ exchange of a download, decoded, behind the admin token', async () => {
    const euicc = await EuiccEmulator.create();
    const { transactionId } = await downloadProfile({
      activationCode: `LPA:1$${smdp.address}$DEMO`,
      euicc,
      es9: { ca: smdp.caPem },
    });
    expect((await admin('/admin/sessions')).status).toBe(401);
    expect((await admin('/admin/sessions', 'wrong')).status).toBe(401);
    const list = await admin('/admin/sessions', smdp.adminToken);
    expect(list.body.sessions).toContainEqual(
      expect.objectContaining({
        transactionId,
        functions: [
          'initiateAuthentication',
          'authenticateClient',
          'getBoundProfilePackage',
          'handleNotification',
        ],
        failed: false,
      }),
    );
    const { body } = await admin(`/admin/sessions/${transactionId}`, smdp.adminToken);
    const [initiate, authenticate, bound, notify] = body.exchanges;
    expect(find(initiate.request, 'euiccInfo1').tag).toBe('BF20');
    expect(find(initiate.response, 'serverCertificate').value).toMatch(/dp-auth/);
    expect(find(authenticate.response, 'profileMetadata').children).toContainEqual({
      name: 'serviceProviderName',
      tag: '91',
      value: '"rspsim"',
    });
    expect(find(bound.response, 'boundProfilePackage').tag).toBe('BF36');
    expect(notify.httpStatus).toBe(204);
    expect(find(notify.request, 'pendingNotification').children[0].name).toBe('profileInstallationResult');
    expect((await admin('/admin/sessions/00', smdp.adminToken)).status).toBe(404);
    // Issue 17: each DER field as it passed, in base64, decodes as its named type to the tree the trace shows.
    const derOf = (exchange: any, side: 'request' | 'response', name: string) =>
      exchange.der[side].fields.find((f: any) => f.name === name);
    for (const [exchange, side, name] of [
      [authenticate, 'request', 'authenticateServerResponse'],
      [bound, 'response', 'boundProfilePackage'],
      [initiate, 'response', 'serverCertificate'],
    ] as const) {
      const field = derOf(exchange, side, name);
      const schema = new Map<string, unknown>(Object.entries(rsp)).get(field.type);
      if (!(schema instanceof Schema)) throw new Error(`${field.type} is not a declared type`);
      const der = Buffer.from(field.base64, 'base64');
      expect(schema.encode(schema.decode(der)).equals(der)).toBe(true);
      expect(decodeBody({ [name]: field.base64 })).toEqual([find(exchange[side], name)]);
    }
    expect(derOf(authenticate, 'request', 'authenticateServerResponse').type).toBe(
      'AuthenticateServerResponse',
    );
  });
});

/** Every node of decoded trees, depth first. */
const walk = (fields: any[]): any[] => fields.flatMap((f) => [f, ...walk(f.children ?? [])]);

describe('what the trace shows and hides', () => {
  it('lists who and where, masks hashCc, names OIDs, notes scenarios, and exports the same view', async () => {
    smdp.scenarios.add(delayOnce('noted', 'DEMO-CC', 'getBoundProfilePackage', 1));
    const euicc = await EuiccEmulator.create();
    const { transactionId } = await downloadProfile({
      activationCode: `LPA:1$${smdp.address}$DEMO-CC`,
      euicc,
      es9: { ca: smdp.caPem },
      confirmationCode: '1234',
    });
    const { body: list } = await admin('/admin/sessions', smdp.adminToken);
    expect(list.sessions.find((s: any) => s.transactionId === transactionId)).toMatchObject({
      eid: euicc.eid,
      matchingId: 'DEMO-CC',
      state: 'installed',
      lastFunction: 'handleNotification',
    });
    const { body: view } = await admin(`/admin/sessions/${transactionId}`, smdp.adminToken);
    const [initiate, authenticate, bound] = view.exchanges;
    expect(bound.scenarios).toEqual(['noted']);
    expect(initiate.scenarios).toEqual([]);
    // The hash of the confirmation code never leaves, neither decoded nor raw.
    const hashCc = walk(bound.request).find((node) => node.name === 'hashCc');
    expect(hashCc.value).toMatch(/^masked/);
    // Its bytes would give the masked value away: no DER for the field that holds it.
    expect(bound.der.request.fields.map((f: any) => f.name)).not.toContain('prepareDownloadResponse');
    const exported = await httpsJsonWithHeaders(`${smdp.url}/admin/sessions/${transactionId}/export`, {
      ca: smdp.caPem,
      token: smdp.adminToken,
    });
    expect(exported.headers['content-disposition']).toBe(
      `attachment; filename="rspsim-session-${transactionId}.json"`,
    );
    expect(exported.body).toEqual(view);
    expect(JSON.stringify(exported.body)).not.toContain('prepareDownloadResponse":"');
    // Certificates inside the DER are opened, their OIDs named.
    const euiccCertificate = walk(authenticate.request).find((node) => node.name === 'euiccCertificate');
    expect(euiccCertificate.children).toContainEqual({ name: 'eid', value: euicc.eid });
    expect(euiccCertificate.children).toContainEqual({
      name: 'policy',
      value: '2.23.146.1.2.1.1 (id-rspRole-euicc)',
    });
    expect(euiccCertificate.children).toContainEqual({
      name: 'signatureAlgorithm',
      value: '1.2.840.10045.4.3.2 (ecdsa-with-SHA256)',
    });
    expect((await admin(`/admin/sessions/${transactionId}/export`)).status).toBe(401);
  });

  it('keeps an exchange the server never answered (a timeout scenario) as HTTP status 0', async () => {
    smdp.scenarios.add(
      validateScenario({
        name: 'silent',
        match: { matchingId: 'DEMO' },
        function: 'authenticateClient',
        action: { type: 'timeout', ms: 200 },
        times: 1,
      }),
    );
    const failed = await downloadProfile({
      activationCode: `LPA:1$${smdp.address}$DEMO`,
      euicc: await EuiccEmulator.create(),
      es9: { ca: smdp.caPem },
    }).catch((error: Error) => error);
    expect(failed).toBeInstanceOf(Error);
    const { body: list } = await admin('/admin/sessions', smdp.adminToken);
    const silent = list.sessions.at(-1);
    const { body: view } = await admin(`/admin/sessions/${silent.transactionId}`, smdp.adminToken);
    expect(view.exchanges.map((e: any) => [e.function, e.httpStatus])).toEqual([
      ['initiateAuthentication', 200],
      ['authenticateClient', 0],
    ]);
    expect(view.exchanges[1].scenarios).toEqual(['silent']);
  });

  it('lets the admin page read with its cookie, but not change anything with it', async () => {
    const login = (token: string) =>
      httpsJsonWithHeaders(`${smdp.url}/admin/ui/login`, {
        ca: smdp.caPem,
        method: 'POST',
        body: JSON.stringify({ token }),
      });
    expect((await login('wrong')).status).toBe(401);
    const ok = await login(smdp.adminToken);
    expect(ok.status).toBe(204);
    const cookie = String(ok.headers['set-cookie']).split(';')[0]!;
    expect(String(ok.headers['set-cookie'])).toMatch(/HttpOnly; Secure; SameSite=Strict/);
    const withCookie = (path: string, method = 'GET', body?: string) =>
      httpsJson(`${smdp.url}${path}`, { ca: smdp.caPem, method, headers: { Cookie: cookie }, body });
    expect((await withCookie('/admin/sessions')).status).toBe(200);
    expect((await withCookie('/admin/profiles')).status).toBe(200);
    const scenario = JSON.stringify({
      name: 'x',
      function: 'cancelSession',
      action: { type: 'delay', ms: 1 },
    });
    expect((await withCookie('/admin/scenarios', 'POST', scenario)).status).toBe(401);
    expect((await withCookie('/admin/scenarios/noted', 'DELETE')).status).toBe(401);
  });
});

describe('the live event stream', () => {
  it('announces each exchange by transactionId, and a closing server ends it', async () => {
    const own = await startTestSmdp();
    const received: string[] = [];
    const ended = new Promise<void>((resolve, reject) => {
      request(
        `${own.url}/admin/events`,
        { ca: own.caPem, headers: { Authorization: `Bearer ${own.adminToken}` } },
        (res) => {
          expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
          res.setEncoding('utf8').on('data', (chunk: string) => received.push(chunk));
          res.on('end', resolve);
        },
      )
        .on('error', reject)
        .end();
    });
    await expect.poll(() => received.join('')).toContain('retry:');
    const { transactionId } = await downloadProfile({
      activationCode: `LPA:1$${own.address}$DEMO`,
      euicc: await EuiccEmulator.create(),
      es9: { ca: own.caPem },
    });
    await expect
      .poll(() => received.join('').split(`event: exchange\ndata: ${transactionId}\n\n`).length - 1)
      .toBe(4);
    await own.close();
    await ended;
  });
});
