import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddInitialEimRequest } from '../../src/asn1/sgp32/index.ts';
import type { RunningEim } from '../../src/eim/start.ts';
import { freePort } from '../../src/rsp-server/http/listener.ts';
import { pollEim, startTestEim } from '../helpers/eim-harness.ts';
import { httpsJsonWithHeaders } from '../helpers/https-json.ts';

/** The operator API as onomondo-eim's scripts call it, over real HTTPS (token) and its plain-HTTP twin. */
const EID = '89049032123451234512345678901235';
let eim: RunningEim;
let plainPort: number;
beforeAll(async () => {
  plainPort = await freePort('127.0.0.1');
  eim = await startTestEim({ maxOrdersPerEid: 3, operatorPort: plainPort, adminToken: 'operator-token' });
});
afterAll(async () => {
  await eim.close();
});

const call = (path: string, body?: unknown, token = 'operator-token') =>
  httpsJsonWithHeaders(`${eim.url}${path}`, {
    ca: eim.caPem,
    method: body === undefined ? 'GET' : 'POST',
    ...(token ? { token } : {}),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe("the eIM's operator API", () => {
  it('shows the eIM with a ready addInitialEimRequest', async () => {
    const { status, body } = await call('/');
    expect(status).toBe(200);
    expect(body).toMatchObject({ eimId: 'rspsim-eim', eimFqdn: eim.address, counterValue: 0 });
    const request = AddInitialEimRequest.decode(Buffer.from(body.addInitialEimRequest, 'hex'));
    expect(request.eimConfigurationDataList[0]).toMatchObject({
      eimId: 'rspsim-eim',
      eimFqdn: eim.address,
      counterValue: 0,
      associationToken: -1,
    });
    expect(body.rootCiCerts).toHaveLength(2);
  });

  it('creates, looks up, lists and deletes an order; the lookup follows what the IPA did', async () => {
    const created = await call('/psmo/create', {
      eidValue: EID,
      order: { psmo: [{ enable: { iccid: '98001032547698103214', rollback: false } }] },
    });
    expect(created.status).toBe(303);
    const location = String(created.headers.location);
    expect(location).toMatch(/^\/psmo\/lookup\/[0-9a-f-]{36}$/);
    const id = location.split('/').pop();
    const lookup = await call(location);
    expect(lookup.body).toMatchObject({
      status: 'new',
      resource: { eidValue: EID, order: { psmo: [{ enable: { iccid: '98001032547698103214' } }] } },
      outcome: [],
      // always there, as onomondo-eim sends it (the osmo-ttcn3 eim suite's lookup record requires it)
      debuginfo: '',
    });
    expect(lookup.body.timestamp).toMatch(/^\d+$/);
    expect((await call('/psmo/list')).body).toEqual({ resourceIdList: [id] });
    expect((await call('/eco/list/')).body).toEqual({ resourceIdList: [] });
    await pollEim(eim, EID);
    expect((await call(location)).body.status).toBe('work');
    // another facility does not see it
    expect((await call(`/eco/lookup/${id}`)).body).toEqual({ status: 'absent' });
    expect((await call(`/psmo/delete/${id}`)).body).toEqual({ status: 'deleted' });
    expect((await call(location)).body).toEqual({ status: 'absent' });
    expect((await call(`/psmo/delete/${id}`)).body).toEqual({ status: 'absent' });
  });

  it('refuses a caller without the token, a wrong order with 400, a full EID with 429, a facility it has not with 404', async () => {
    const order = { eidValue: EID, order: { edr: { tagList: '81' } } };
    expect((await call('/edr/create', order, '')).status).toBe(401);
    expect((await call('/', undefined, 'wrong')).status).toBe(401);
    const wrong = await call('/edr/create', { eidValue: EID, order: { edr: { tagList: 'XY' } } });
    expect(wrong).toMatchObject({
      status: 400,
      body: { error: 'order.edr.tagList must be hexadecimal digits' },
    });
    expect((await call('/nope/list')).status).toBe(404);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call('/edr/create', order)).status);
    expect(statuses).toEqual([303, 303, 303, 429]);
  });

  it('serves onomondo-eim scripts on plain HTTP, loopback only, without token', async () => {
    const answer = await new Promise<{ status: number; location?: string }>((resolve, reject) => {
      const req = httpRequest(
        `http://127.0.0.1:${plainPort}/download/create`,
        { method: 'POST', headers: { 'Content-Type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
        },
      );
      req.on('error', reject);
      req.end(
        JSON.stringify({
          eidValue: '89049032123451234512345678901299',
          order: { download: { activationCode: '1$smdp.example.com$X' } },
        }),
      );
    });
    expect(answer.status).toBe(303);
    expect(answer.location).toMatch(/^\/download\/lookup\//);
    expect(eim.operatorUrl).toBe(`http://127.0.0.1:${plainPort}`);
  });
});
