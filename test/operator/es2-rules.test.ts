import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StatusCodeName, StatusCodes } from '../../src/errors/status-codes.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import type { Es2Client } from '../../src/operator/es2-client.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { httpsJson } from '../helpers/https-json.ts';
import { es2ClientFor, importProfile } from '../helpers/operator.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { testStores } from '../helpers/test-stores.ts';
import { uppWithIccid } from '../helpers/unique-upp.ts';

const fixture = readFileSync(new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url));

/** A catalogue with an order that is confirmed but not released, as a lab writes it (no ES2+ involved). */
function heldCatalogue(): string {
  const dir = tempDir('es2-rules');
  writeFileSync(join(dir, 'held.der'), uppWithIccid(fixture, 90));
  const file = join(dir, 'catalogue.json');
  writeFileSync(
    file,
    JSON.stringify({
      profiles: [{ id: 'held', matchingId: 'HELD-IN-CATALOGUE', upp: 'held.der', state: 'confirmed' }],
    }),
  );
  return file;
}

describe.each(testStores('es2rules'))('ES2+ rules of SGP.22 5.3.2-5.3.4 on the %s store', (_, storeUrl) => {
  let smdp: RunningSmdp;
  let es2: Es2Client;
  let next = 1;
  const es2Failure = async (promise: Promise<unknown>, name: StatusCodeName) => {
    const { subjectCode, reasonCode } = StatusCodes[name];
    await expect(promise).rejects.toMatchObject({ subjectCode, reasonCode });
  };
  const profileOf = async (iccid: string) =>
    (
      await httpsJson(`${smdp.url}/admin/profiles`, { ca: smdp.caPem, token: smdp.adminToken })
    ).body.profiles.find((p: { iccid: string }) => p.iccid === iccid);
  const importAvailable = async () => {
    const response = await importProfile(smdp, next++);
    expect(response.status).toBe(201);
    return response.body.profile.iccid as string;
  };
  const download = (matchingId: string, euicc?: EuiccEmulator) =>
    (async () =>
      downloadProfile({
        activationCode: `LPA:1$${smdp.address}$${matchingId}`,
        euicc: euicc ?? (await EuiccEmulator.create()),
        es9: { ca: smdp.caPem },
      }))();

  beforeAll(async () => {
    smdp = await startTestSmdp({ store: storeUrl(), catalogue: heldCatalogue() });
    es2 = es2ClientFor(smdp);
  });
  afterAll(async () => {
    await smdp?.close();
  });

  it('ConfirmOrder makes the omitted matchingId, with or without an EID, and returns it', async () => {
    const iccid = await importAvailable();
    await es2.call('downloadOrder', { iccid });
    const confirmed = await es2.call('confirmOrder', { iccid, releaseFlag: true });
    expect(confirmed.matchingId).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    expect(confirmed.eid).toBeUndefined();
    expect(await profileOf(iccid)).toMatchObject({ state: 'released', matchingId: confirmed.matchingId });

    const euicc = await EuiccEmulator.create();
    const withEid = await importAvailable();
    await es2.call('downloadOrder', { iccid: withEid, eid: euicc.eid });
    const bound = await es2.call('confirmOrder', { iccid: withEid, releaseFlag: true });
    expect(bound.eid).toBe(euicc.eid);
    expect(bound.matchingId).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    expect(await profileOf(withEid)).toMatchObject({ state: 'released', eid: euicc.eid });
    expect((await download(bound.matchingId as string, euicc)).success).toBe(true);
    expect((await profileOf(withEid)).state).toBe('installed');
  });

  it('an empty matchingId needs an EID (8.1.1/2.2); with one the order waits for that eUICC', async () => {
    const iccid = await importAvailable();
    await es2.call('downloadOrder', { iccid });
    await es2Failure(es2.call('confirmOrder', { iccid, matchingId: '', releaseFlag: true }), 'eidMissing');
    expect(StatusCodes.eidMissing).toMatchObject({ subjectCode: '8.1.1', reasonCode: '2.2' });
    expect((await profileOf(iccid)).state).toBe('allocated');

    const euicc = await EuiccEmulator.create();
    const confirmed = await es2.call('confirmOrder', {
      iccid,
      eid: euicc.eid,
      matchingId: '',
      releaseFlag: true,
    });
    expect(confirmed.matchingId).toBeUndefined();
    expect(confirmed.eid).toBe(euicc.eid);
    const profile = await profileOf(iccid);
    expect(profile).toMatchObject({ state: 'released', eid: euicc.eid });
    expect(profile.matchingId).toBeUndefined();
  });

  it('ConfirmOrder with another EID than the order names is 8.1.1/3.10; the order stays Linked', async () => {
    const [a, b] = [await EuiccEmulator.create(), await EuiccEmulator.create()];
    const iccid = await importAvailable();
    await es2.call('downloadOrder', { iccid, eid: a.eid });
    await es2Failure(es2.call('confirmOrder', { iccid, eid: b.eid, releaseFlag: true }), 'eidAlreadyBound');
    expect(StatusCodes.eidAlreadyBound).toMatchObject({ subjectCode: '8.1.1', reasonCode: '3.10' });
    expect(await profileOf(iccid)).toMatchObject({ state: 'linked', eid: a.eid });
  });

  it('CancelOrder checks the EID (8.1.1/3.10) and the matchingId (8.2.6/3.10) against the order', async () => {
    const [a, b] = [await EuiccEmulator.create(), await EuiccEmulator.create()];
    const iccid = await importAvailable();
    await es2.call('downloadOrder', { iccid, eid: a.eid });
    await es2.call('confirmOrder', { iccid, matchingId: `CANCEL-${next}`, releaseFlag: true });
    const cancel = (fields: Record<string, string>) =>
      es2.call('cancelOrder', { iccid, finalProfileStatusIndicator: 'Available', ...fields });
    await es2Failure(cancel({ eid: b.eid }), 'eidAlreadyBound');
    await es2Failure(cancel({ matchingId: 'NOT-THIS-ORDER' }), 'matchingIdNotOfOrder');
    expect(StatusCodes.matchingIdNotOfOrder).toMatchObject({ subjectCode: '8.2.6', reasonCode: '3.10' });
    expect(await profileOf(iccid)).toMatchObject({
      state: 'released',
      eid: a.eid,
      matchingId: `CANCEL-${next}`,
    });
    await cancel({ eid: a.eid, matchingId: `CANCEL-${next}` });
    const after = await profileOf(iccid);
    expect(after.state).toBe('available');
    expect(after.eid).toBeUndefined();
  });

  it('a catalogue order in state confirmed is not released (8.2/1.2) until ReleaseProfile', async () => {
    const held = (
      await httpsJson(`${smdp.url}/admin/profiles`, { ca: smdp.caPem, token: smdp.adminToken })
    ).body.profiles.find((p: { matchingId?: string }) => p.matchingId === 'HELD-IN-CATALOGUE');
    expect(held).toMatchObject({ state: 'confirmed', matchingId: 'HELD-IN-CATALOGUE' });
    await expect(download('HELD-IN-CATALOGUE')).rejects.toMatchObject({
      subjectCode: '8.2',
      reasonCode: '1.2',
    });
    expect((await profileOf(held.iccid)).state).toBe('confirmed');
    await es2.call('releaseProfile', { iccid: held.iccid });
    expect((await download('HELD-IN-CATALOGUE')).success).toBe(true);
    expect((await profileOf(held.iccid)).state).toBe('installed');
  });
});
