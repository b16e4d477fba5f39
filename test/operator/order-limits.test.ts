import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
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

const bin = new URL('../../bin/rspsim.mjs', import.meta.url).pathname;
const fixture = readFileSync(new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url));

/** A catalogue order that expires as soon as it is loaded (time to live 0), as a lab would write one. */
function expiredCatalogue(): string {
  const dir = tempDir('order-limits');
  writeFileSync(join(dir, 'expired.der'), uppWithIccid(fixture, 91));
  const file = join(dir, 'catalogue.json');
  const entry = { id: 'expired', matchingId: 'EXPIRED-AT-LOAD', upp: 'expired.der', timeToLiveSeconds: 0 };
  writeFileSync(file, JSON.stringify({ profiles: [entry] }));
  return file;
}

describe.each(testStores('orderlimits'))(
  'order time to live and download attempts on the %s store',
  (store, storeUrl) => {
    let smdp: RunningSmdp;
    let es2: Es2Client;
    // The SM-DP+'s one clock; the test moves it, nothing reads the real one after start.
    let clock = Date.now();
    let next = 1;
    const profileOf = async (iccid: string) =>
      (
        await httpsJson(`${smdp.url}/admin/profiles`, { ca: smdp.caPem, token: smdp.adminToken })
      ).body.profiles.find((p: { iccid: string }) => p.iccid === iccid);
    const order = async (downloadOrder: object, confirmOrder: object = {}) => {
      const response = await importProfile(smdp, next++);
      expect(response.status).toBe(201);
      const iccid = response.body.profile.iccid as string;
      await es2.call('downloadOrder', { iccid, ...downloadOrder });
      const confirmed = await es2.call('confirmOrder', { iccid, releaseFlag: true, ...confirmOrder });
      return { iccid, matchingId: confirmed.matchingId as string };
    };
    const authenticate = async (matchingId: string) =>
      downloadProfile({
        activationCode: `LPA:1$${smdp.address}$${matchingId}`,
        euicc: await EuiccEmulator.create(),
        es9: { ca: smdp.caPem },
        stopAfter: 'authenticateClient',
      });
    const refused = async (matchingId: string, name: StatusCodeName) => {
      const { subjectCode, reasonCode } = StatusCodes[name];
      await expect(authenticate(matchingId)).rejects.toMatchObject({ subjectCode, reasonCode });
    };

    // The operator's ES2+ endpoint: what HandleDownloadProgressInfo tells it.
    const heard: { iccid: string; notificationPointId: number; notificationPointStatus: unknown }[] = [];
    const operator: Server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => {
        text += chunk;
      });
      request.on('end', () => {
        heard.push(JSON.parse(text));
        response.writeHead(204).end();
      });
    });

    beforeAll(async () => {
      await new Promise<void>((resolve) => operator.listen(0, '127.0.0.1', resolve));
      const { port } = operator.address() as AddressInfo;
      smdp = await startTestSmdp(
        {
          store: storeUrl(),
          catalogue: expiredCatalogue(),
          operatorCallbackUrl: `http://127.0.0.1:${port}/gsma/rsp2/es2plus`,
        },
        { now: () => clock },
      );
      es2 = es2ClientFor(smdp);
    });
    afterAll(async () => {
      await smdp?.close();
      operator.close();
    });

    it('an order past its time to live answers 8.8.5/4.10 and goes to Error; CancelOrder returns it', async () => {
      expect(StatusCodes.downloadOrderExpired).toMatchObject({ subjectCode: '8.8.5', reasonCode: '4.10' });
      const { iccid, matchingId } = await order({ rspsimOrder: { timeToLiveSeconds: 60 } });
      expect((await profileOf(iccid)).orderLimits).toEqual({ expiresAt: clock + 60_000 });
      clock += 60_000;
      await refused(matchingId, 'downloadOrderExpired');
      expect((await profileOf(iccid)).state).toBe('error');
      // The operator hears it at notification point 1 (eligibility and retry limit check).
      await smdp.operatorCallback!.drain();
      expect(heard.filter((info) => info.iccid === iccid)).toEqual([
        expect.objectContaining({
          notificationPointId: 1,
          notificationPointStatus: {
            status: 'Failed',
            statusCodeData: expect.objectContaining({ subjectCode: '8.8.5', reasonCode: '4.10' }),
          },
        }),
      ]);
      // Expired is final: it stays so, whatever the clock says next.
      clock -= 30_000;
      await refused(matchingId, 'iccidNotAvailable');
      await es2.call('cancelOrder', { iccid, finalProfileStatusIndicator: 'Available' });
      const after = await profileOf(iccid);
      expect(after.state).toBe('available');
      expect(after.orderLimits).toBeUndefined();
    });

    it('an order that expires between authenticateClient and getBoundProfilePackage is refused there', async () => {
      const { iccid, matchingId } = await order({ rspsimOrder: { timeToLiveSeconds: 60 } });
      await expect(
        downloadProfile({
          activationCode: `LPA:1$${smdp.address}$${matchingId}`,
          euicc: await EuiccEmulator.create(),
          es9: { ca: smdp.caPem },
          onProgress: (step) => {
            if (step === 'getBoundProfilePackage') clock += 60_000;
          },
        }),
      ).rejects.toMatchObject({ subjectCode: '8.8.5', reasonCode: '4.10' });
      expect((await profileOf(iccid)).state).toBe('error');
    });

    it('ConfirmOrder sets the time to live anew; within it the order downloads', async () => {
      const { iccid, matchingId } = await order(
        { rspsimOrder: { timeToLiveSeconds: 10 } },
        { rspsimOrder: { timeToLiveSeconds: 100 } },
      );
      clock += 99_000;
      const euicc = await EuiccEmulator.create();
      const result = await downloadProfile({
        activationCode: `LPA:1$${smdp.address}$${matchingId}`,
        euicc,
        es9: { ca: smdp.caPem },
      });
      expect(result.success).toBe(true);
      expect((await profileOf(iccid)).state).toBe('installed');
    });

    it('counts download attempts: the one over the maximum answers 8.8.5/6.4 and the order goes to Error', async () => {
      const { iccid, matchingId } = await order({ rspsimOrder: { maxDownloadAttempts: 2 } });
      expect((await authenticate(matchingId)).stoppedAfter).toBe('authenticateClient');
      expect((await authenticate(matchingId)).stoppedAfter).toBe('authenticateClient');
      expect(await profileOf(iccid)).toMatchObject({ state: 'released', downloadAttempts: 2 });
      await refused(matchingId, 'downloadOrderRetriesExceeded');
      expect(StatusCodes.downloadOrderRetriesExceeded).toMatchObject({
        subjectCode: '8.8.5',
        reasonCode: '6.4',
      });
      expect(await profileOf(iccid)).toMatchObject({ state: 'error', downloadAttempts: 3 });
    });

    it('a catalogue entry with a time to live of 0 is expired from the start', async () => {
      const listed = (
        await httpsJson(`${smdp.url}/admin/profiles`, { ca: smdp.caPem, token: smdp.adminToken })
      ).body.profiles.find((p: { matchingId?: string }) => p.matchingId === 'EXPIRED-AT-LOAD');
      expect(listed.state).toBe('released');
      await refused('EXPIRED-AT-LOAD', 'downloadOrderExpired');
      expect((await profileOf(listed.iccid)).state).toBe('error');
    });

    it.runIf(store === 'memory')(
      '`order create` sets the limits with --ttl, --max-attempts, --tac-allow',
      async () => {
        const response = await importProfile(smdp, next++);
        const iccid = response.body.profile.iccid as string;
        const caFile = join(tempDir('order-limits-cli'), 'ca.pem');
        writeFileSync(caFile, smdp.caPem);
        const cli = (...args: string[]) =>
          promisify(execFile)(
            process.execPath,
            [bin, 'order', 'create', '--iccid', iccid, '--url', smdp.url, '--ca', caFile, '--json', ...args],
            { env: { ...process.env, RSPSIM_ADMIN_TOKEN: smdp.adminToken } },
          );
        await expect(cli('--ttl', 'an hour')).rejects.toMatchObject({
          stderr: expect.stringMatching(/--ttl must be a whole number/),
        });
        expect((await profileOf(iccid)).state).toBe('available');
        const placed = JSON.parse(
          (await cli('--ttl', '60', '--max-attempts', '2', '--tac-allow', '3529,8600')).stdout,
        );
        expect(placed.iccid).toBe(iccid);
        expect(await profileOf(iccid)).toMatchObject({
          state: 'released',
          orderLimits: { expiresAt: clock + 60_000, maxDownloadAttempts: 2, tacAllow: ['3529', '8600'] },
        });
      },
    );

    it('refuses bad rspsimOrder settings with 1.3.1/2.1 (badInput) and leaves the profile Available', async () => {
      const response = await importProfile(smdp, next++);
      const iccid = response.body.profile.iccid as string;
      for (const rspsimOrder of [
        { maxDownloadAttempts: 0 },
        { timeToLiveSeconds: -1 },
        { timeToLiveSeconds: 1.5 },
        { tacAllow: ['3529061X'] },
        { tacDeny: Array.from({ length: 101 }, () => '35290611') },
        { somethingElse: 1 },
        'ten minutes',
      ]) {
        await expect(es2.call('downloadOrder', { iccid, rspsimOrder })).rejects.toMatchObject({
          subjectCode: '1.3.1',
          reasonCode: '2.1',
        });
      }
      expect((await profileOf(iccid)).state).toBe('available');
    });
  },
);
