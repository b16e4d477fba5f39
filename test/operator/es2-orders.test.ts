import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileInstallationResult } from '../../src/asn1/rsp/index.ts';
import { type StatusCodeName, StatusCodes } from '../../src/errors/status-codes.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import type { Es2Client } from '../../src/operator/es2-client.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { httpsJson } from '../helpers/https-json.ts';
import { es2ClientFor, importProfile } from '../helpers/operator.ts';
import { expectRspFailure } from '../helpers/rsp-assertions.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { testStores } from '../helpers/test-stores.ts';

/** The operator's ES2+ function provider: records HandleDownloadProgressInfo calls, refuses the first one. */
async function startOperator() {
  const received: any[] = [];
  let attempts = 0;
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => {
      text += chunk;
    });
    request.on('end', () => {
      attempts++;
      if (attempts === 1) return response.writeHead(503).end();
      received.push({
        path: request.url,
        protocol: request.headers['x-admin-protocol'],
        body: JSON.parse(text),
      });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/gsma/rsp2/es2plus`, received, attempts: () => attempts, server };
}

describe.each(testStores('es2'))('ES2+ orders on the %s store', (_, storeUrl) => {
  let smdp: RunningSmdp;
  let operator: Awaited<ReturnType<typeof startOperator>>;
  let es2: Es2Client;
  let next = 60;
  const es2Raw = (fn: string, body: string, token = smdp.adminToken) =>
    httpsJson(`${smdp.url}/gsma/rsp2/es2plus/${fn}`, {
      ca: smdp.caPem,
      method: 'POST',
      token,
      body,
      headers: { 'X-Admin-Protocol': 'gsma/rsp/v2.2.0' },
    });
  const es2Failure = async (promise: Promise<unknown>, name: StatusCodeName) => {
    const { subjectCode, reasonCode } = StatusCodes[name];
    await expect(promise).rejects.toMatchObject({ subjectCode, reasonCode });
  };
  const profiles = async () =>
    (await httpsJson(`${smdp.url}/admin/profiles`, { ca: smdp.caPem, token: smdp.adminToken })).body.profiles;
  const stateOf = async (iccid: string) => (await profiles()).find((p: any) => p.iccid === iccid)?.state;
  /** Imports a fresh copy of the TS.48 profile (its own ICCID) through the admin API. */
  const importTyped = async (profileType = 'TS48-GENERIC') => {
    const response = await importProfile(smdp, next++, { profileType });
    expect(response.status).toBe(201);
    expect(response.body.profile.state).toBe('available');
    return response.body.profile.iccid as string;
  };

  beforeAll(async () => {
    operator = await startOperator();
    smdp = await startTestSmdp(
      { store: storeUrl(), operatorCallbackUrl: operator.url },
      { callbackRetryDelaysMs: [20, 20, 20] },
    );
    es2 = es2ClientFor(smdp);
  });
  afterAll(async () => {
    await smdp?.close();
    operator?.server.close();
  });

  it('an order placed through ES2+ is downloaded by the built-in LPA; the operator hears each step', async () => {
    const iccid = await importTyped();
    const order = await es2.placeOrder({ profileType: 'TS48-GENERIC', confirmationCode: '5678' });
    expect(order.iccid).toBe(iccid);
    expect(order.smdpAddress).toBe(smdp.address);
    expect(order.matchingId).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    expect(await stateOf(iccid)).toBe('released');

    const euicc = await EuiccEmulator.create();
    const result = await downloadProfile({
      activationCode: `LPA:1$${order.smdpAddress}$${order.matchingId}$$1`,
      euicc,
      es9: { ca: smdp.caPem },
      confirmationCode: '5678',
    });
    expect(result.success).toBe(true);
    expect(await stateOf(iccid)).toBe('installed');

    await smdp.operatorCallback!.drain();
    const mine = operator.received.map((r) => r.body).filter((b) => b.iccid === iccid);
    expect(mine.map((b) => [b.notificationPointId, b.notificationPointStatus.status])).toEqual([
      [1, 'Executed-Success'],
      [3, 'Executed-Success'],
      [4, 'Executed-Success'],
    ]);
    for (const body of mine) {
      expect(body.eid).toBe(euicc.eid);
      expect(body.profileType).toBe('TS48-GENERIC');
      expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(body.header.functionRequesterIdentifier).toBeTruthy();
    }
    expect(operator.received[0].path).toBe('/gsma/rsp2/es2plus/handleDownloadProgressInfo');
    expect(operator.received[0].protocol).toMatch(/^gsma\/rsp\/v2\./);
    // Point 4 carries the eUICC's signed ProfileInstallationResult, as received.
    const pir = ProfileInstallationResult.decode(Buffer.from(mine[2].resultData, 'base64'));
    expect(pir.profileInstallationResultData.transactionId.toString('hex').toUpperCase()).toBe(
      result.transactionId,
    );
    expect('successResult' in pir.profileInstallationResultData.finalResult).toBe(true);
    // The operator refused the very first callback: it was retried, not lost.
    expect(operator.attempts()).toBe(operator.received.length + 1);
  });

  it('a wrong confirmation code reaches the operator as ConfirmationFailure (point 2)', async () => {
    const iccid = await importTyped('TS48-CC');
    const order = await es2.placeOrder({ iccid, confirmationCode: '1111' });
    const euicc = await EuiccEmulator.create();
    await expect(
      downloadProfile({
        activationCode: `LPA:1$${order.smdpAddress}$${order.matchingId}$$1`,
        euicc,
        es9: { ca: smdp.caPem },
        confirmationCode: '2222',
      }),
    ).rejects.toMatchObject({ subjectCode: '8.2.7', reasonCode: '3.8' });
    await smdp.operatorCallback!.drain();
    const last = operator.received
      .map((r) => r.body)
      .filter((b) => b.iccid === iccid)
      .at(-1);
    expect(last.notificationPointId).toBe(2);
    expect(last.notificationPointStatus).toMatchObject({
      status: 'Failed',
      statusCodeData: { subjectCode: '8.2.7', reasonCode: '3.8' },
    });
  });

  it('a held order is refused to the eUICC until ReleaseProfile; CancelOrder returns the profile', async () => {
    const iccid = await importTyped('TS48-HELD');
    const order = await es2.placeOrder({ iccid, matchingId: 'HELD-ORDER', releaseFlag: false });
    expect(order.matchingId).toBe('HELD-ORDER');
    expect(await stateOf(iccid)).toBe('confirmed');
    const download = async () =>
      downloadProfile({
        activationCode: `LPA:1$${smdp.address}$HELD-ORDER`,
        euicc: await EuiccEmulator.create(),
        es9: { ca: smdp.caPem },
      });
    await expect(download()).rejects.toMatchObject({ subjectCode: '8.2', reasonCode: '1.2' });

    await es2.call('releaseProfile', { iccid });
    expect(await stateOf(iccid)).toBe('released');
    await es2Failure(es2.call('releaseProfile', { iccid }), 'iccidRefused');

    await es2.call('cancelOrder', { iccid, finalProfileStatusIndicator: 'Available' });
    const after = (await profiles()).find((p: any) => p.iccid === iccid);
    expect(after).toMatchObject({ state: 'available', confirmationCodeRequired: false });
    expect(after.matchingId).toBeUndefined();
    // The matchingId is gone with the order.
    await expect(download()).rejects.toMatchObject({ subjectCode: '8.2.6', reasonCode: '3.8' });
    // And the profile can be ordered again, this time for one EID only.
    const euicc = await EuiccEmulator.create();
    const again = await es2.placeOrder({ iccid, eid: euicc.eid, matchingId: 'FOR-ONE-EID' });
    expect(again.eid).toBe(euicc.eid);
    await expect(download()).rejects.toThrow();
    const result = await downloadProfile({
      activationCode: `LPA:1$${smdp.address}$FOR-ONE-EID`,
      euicc,
      es9: { ca: smdp.caPem },
    });
    expect(result.success).toBe(true);
  });

  it('answers each ES2+ mistake with its SGP.22 code', async () => {
    const iccid = await importTyped('TS48-ERRORS');
    await es2Failure(es2.call('downloadOrder', { iccid: '89000000000000000000' }), 'iccidUnknown');
    await es2Failure(es2.call('downloadOrder', { profileType: 'NO-SUCH-TYPE' }), 'profileTypeUnknown');
    await es2Failure(es2.call('downloadOrder', { iccid, profileType: 'OTHER' }), 'profileTypeMismatch');
    await es2Failure(es2.call('downloadOrder', {}), 'invalidInput');
    await es2Failure(es2.call('downloadOrder', { iccid, eid: '1234' }), 'badInput');
    await es2Failure(es2.call('confirmOrder', { iccid, releaseFlag: true }), 'iccidNotAvailable');
    await es2.call('downloadOrder', { iccid });
    await es2Failure(es2.call('downloadOrder', { iccid }), 'iccidNotAvailable');
    await es2Failure(es2.call('downloadOrder', { profileType: 'TS48-ERRORS' }), 'profileTypeExhausted');
    await es2Failure(es2.call('confirmOrder', { iccid }), 'missingInput');
    await es2Failure(
      es2.call('confirmOrder', { iccid, releaseFlag: true, matchingId: 'DEMO' }),
      'matchingIdConflict',
    );
    await es2Failure(es2.call('confirmOrder', { iccid, releaseFlag: 'yes' }), 'badInput');
    await es2Failure(es2.call('cancelOrder', { iccid, finalProfileStatusIndicator: 'Gone' }), 'badInput');
    expect(await stateOf(iccid)).toBe('allocated');
    await es2.call('cancelOrder', { iccid, finalProfileStatusIndicator: 'Unavailable' });
    expect(await stateOf(iccid)).toBe('unavailable');

    expectRspFailure(await es2Raw('downloadOrder', '{"header":'), 'badInput');
    expectRspFailure(await es2Raw('downloadOrder', JSON.stringify({ iccid })), 'missingInput');
    const unknown = await es2Raw('noSuchFunction', '{}');
    expect(unknown.status).toBe(404);
    expectRspFailure({ ...unknown, status: 200 }, 'unknownFunction');
    const unauthorised = await es2Raw('downloadOrder', JSON.stringify({ iccid }), 'wrong-token');
    expect(unauthorised.status).toBe(401);
  });

  it('gives a profile to exactly one of two racing orders', async () => {
    const iccid = await importTyped('TS48-RACE');
    const outcomes = await Promise.allSettled([
      es2.call('downloadOrder', { iccid }),
      es2.call('downloadOrder', { iccid }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(await stateOf(iccid)).toBe('allocated');
  });
});
