import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../../bench/server-process.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { type DownloadStep, downloadProfile } from '../../src/lpa/download.ts';
import { Es9Client, type Es9Transport } from '../../src/lpa/es9-client.ts';
import { processNotifications } from '../../src/lpa/notifications.ts';
import { Es2Client } from '../../src/operator/es2-client.ts';
import { iccidFromDigits } from '../../src/profile/iccid.ts';
import { httpsJson } from '../helpers/https-json.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { testStores } from '../helpers/test-stores.ts';
import { uppWithIccid } from '../helpers/unique-upp.ts';

/**
 * Issue 6 crash safety: a real SM-DP+ process on a SQLite store is killed (SIGKILL) at each point of a
 * download; after a restart every profile is in a state from which the download is retried or cancelled,
 * and no profile ever goes to two eUICCs.
 */
const upp = readFileSync(new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url));
const catalogue = new URL('../../fixtures/profiles/catalogue.json', import.meta.url).pathname;
const TOKEN = 'crash-test-admin-token';
const dir = tempDir('crash');
let store: string;
const scenarios = join(dir, 'scenarios.json');

let port: number;
let server: ServerProcess;
let next = 80;

const start = async (args: string[] = []) => {
  server = await startServerProcess(catalogue, {
    store,
    args: ['--port', String(port), '--admin-token', TOKEN, ...args],
  });
};

/** SIGKILL, and wait (synchronously: progress callbacks cannot wait) until the process is gone. */
function crash(): void {
  const pid = server.child.pid!;
  process.kill(pid, 'SIGKILL');
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    let state: string;
    try {
      state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0]!;
    } catch {
      return;
    }
    if (state === 'Z' || state === 'X') return;
  }
  throw new Error('the server did not die');
}

const admin = (path: string, method = 'GET', body?: string, headers?: Record<string, string>) =>
  httpsJson(`https://localhost:${port}${path}`, { ca: server.caPem, token: TOKEN, method, body, headers });
const es2 = new Es2Client((path, body, headers) => admin(path, 'POST', body, headers).then((r) => r.body));
const profileState = async (iccid: string) =>
  (await admin('/admin/profiles')).body.profiles.find((p: any) => p.iccid === iccid);

/** A fresh profile in the inventory, ordered through ES2+ under the given matchingId. */
async function order(matchingId: string): Promise<string> {
  const body = JSON.stringify({ upp: uppWithIccid(upp, next++).toString('base64') });
  const imported = await admin('/admin/profiles', 'POST', body);
  expect(imported.status).toBe(201);
  await es2.placeOrder({ iccid: imported.body.profile.iccid, matchingId });
  return imported.body.profile.iccid;
}

const download = (euicc: EuiccEmulator, matchingId: string, onProgress?: (step: DownloadStep) => void) =>
  downloadProfile({
    activationCode: `LPA:1$localhost:${port}$${matchingId}`,
    euicc,
    es9: { ca: server.caPem },
    ...(onProgress ? { onProgress } : {}),
  });

/** What a device does after the server came back: deliver pending notifications, then retry if needed. */
/** The eUICC's profiles with this ICCID (it keeps them as coded in EF.ICCID). */
const onCard = (euicc: EuiccEmulator, iccid: string) =>
  euicc.profiles.filter((p) => p.iccid === iccidFromDigits(iccid).toString('hex'));

async function recover(euicc: EuiccEmulator, matchingId: string, iccid: string) {
  await processNotifications(euicc, { es9: { ca: server.caPem } });
  if (onCard(euicc, iccid).length === 0) expect((await download(euicc, matchingId)).success).toBe(true);
}

async function expectInstalledOnlyOn(euicc: EuiccEmulator, iccid: string, matchingId: string) {
  expect(await profileState(iccid)).toMatchObject({ state: 'installed', eid: euicc.eid });
  expect(onCard(euicc, iccid)).toHaveLength(1);
  await expectRefusedToAnotherEuicc(matchingId);
}

/** A profile claimed by (or installed on) one eUICC is bound to its EID: any other is refused (8.1.1/3.8). */
async function expectRefusedToAnotherEuicc(matchingId: string) {
  await expect(download(await EuiccEmulator.create(), matchingId)).rejects.toMatchObject({
    subjectCode: '8.1.1',
    reasonCode: '3.8',
  });
}

const setUp = async () => {
  port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  writeFileSync(
    scenarios,
    JSON.stringify([
      {
        name: 'slow-binding',
        match: { matchingId: 'CRASH-MID-REQUEST' },
        function: 'getBoundProfilePackage',
        step: 'bindProfilePackage',
        action: { type: 'delay', ms: 20_000 },
      },
    ]),
  );
  await start();
};

describe.each(testStores('crash', { memory: false }))(
  'killing the SM-DP+ process during a download (%s store)',
  (_, storeUrl) => {
    beforeAll(async () => {
      store = storeUrl();
      await setUp();
    });
    afterAll(async () => {
      await server?.stop();
    });

    // Each step of the built-in LPA: the server dies just before the LPA's next call.
    const KILL_POINTS: [DownloadStep, string, string[]][] = [
      ['authenticateServer', 'after initiateAuthentication', ['released']],
      ['confirm', 'after authenticateClient', ['released']],
      ['loadBoundProfilePackage', 'after getBoundProfilePackage answered', ['downloaded']],
      [
        'handleNotification',
        'after the eUICC installed, before the result reached the server',
        ['downloaded'],
      ],
    ];

    it.each(KILL_POINTS)(
      'at %s (%s): the same eUICC completes it after a restart',
      async (step, _, allowed) => {
        const matchingId = `CRASH-${step.toUpperCase()}`;
        const iccid = await order(matchingId);
        const euicc = await EuiccEmulator.create();
        await expect(download(euicc, matchingId, (s) => s === step && crash())).rejects.toThrow();
        await start();
        const after = await profileState(iccid);
        expect(allowed).toContain(after.state);
        if (after.state === 'downloaded') expect(after.eid).toBe(euicc.eid);
        await recover(euicc, matchingId, iccid);
        await expectInstalledOnlyOn(euicc, iccid, matchingId);
      },
    );

    it('in the middle of getBoundProfilePackage, after the profile was claimed: retried by the same eUICC', async () => {
      await server.stop();
      await start(['--scenarios', scenarios]);
      const matchingId = 'CRASH-MID-REQUEST';
      const iccid = await order(matchingId);
      const euicc = await EuiccEmulator.create();
      const attempt = download(euicc, matchingId, (s) => {
        if (s === 'getBoundProfilePackage') setTimeout(crash, 1_000);
      });
      await expect(attempt).rejects.toThrow();
      await start();
      expect(await profileState(iccid)).toMatchObject({ state: 'downloaded', eid: euicc.eid });
      // Another eUICC cannot take the claimed profile; its owner can finish the download.
      await expectRefusedToAnotherEuicc(matchingId);
      await recover(euicc, matchingId, iccid);
      await expectInstalledOnlyOn(euicc, iccid, matchingId);
    });

    it('two eUICCs racing for one order, killed as the winner installs: the winner ends Installed', async () => {
      const matchingId = 'CRASH-RACE';
      const iccid = await order(matchingId);
      const racers = [await EuiccEmulator.create(), await EuiccEmulator.create()];
      // Both are past authenticateClient before either asks for the BPP, so both race for the claim. The
      // loser's getBoundProfilePackage is refused and the built-in LPA sends the eUICC's signed cancelSession
      // (postponed). The server dies once the winner's eUICC has installed and the loser is done, before the
      // winner's result arrives.
      const settled: Promise<unknown>[] = [];
      let authenticated = 0;
      let bothAuthenticated = () => {};
      const barrier = new Promise<void>((resolve) => {
        bothAuthenticated = resolve;
      });
      const downloads = racers.map((euicc, i) => {
        const client = new Es9Client(`localhost:${port}`, { ca: server.caPem });
        const es9Client: Es9Transport = {
          call: async (name, body) => {
            if (name === 'getBoundProfilePackage') await barrier;
            if (name === 'handleNotification') {
              await settled[1 - i];
              crash();
              throw new Error('killed before the installation result arrived');
            }
            try {
              return await client.call(name, body);
            } finally {
              if (name === 'authenticateClient' && ++authenticated === racers.length) bothAuthenticated();
            }
          },
          close: () => client.close(),
        };
        return downloadProfile({ activationCode: `LPA:1$localhost:${port}$${matchingId}`, euicc, es9Client });
      });
      settled.push(...downloads.map((d) => d.catch(() => undefined)));
      const outcomes = await Promise.allSettled(downloads);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
      const [winner, loser] = onCard(racers[0]!, iccid).length === 1 ? racers : [racers[1]!, racers[0]!];
      expect(onCard(winner!, iccid)).toHaveLength(1);
      expect(onCard(loser!, iccid)).toHaveLength(0);
      await start();
      expect(await profileState(iccid)).toMatchObject({ state: 'downloaded', eid: winner!.eid });
      await processNotifications(loser!, { es9: { ca: server.caPem } });
      await recover(winner!, matchingId, iccid);
      await expectInstalledOnlyOn(winner!, iccid, matchingId);
    });

    it('an order left half-way by a crash can be cancelled through ES2+ and ordered again', async () => {
      const matchingId = 'CRASH-CANCEL';
      const iccid = await order(matchingId);
      const euicc = await EuiccEmulator.create();
      await expect(
        download(euicc, matchingId, (s) => s === 'loadBoundProfilePackage' && crash()),
      ).rejects.toThrow();
      await start();
      await es2.call('cancelOrder', { iccid, finalProfileStatusIndicator: 'Available' });
      expect(await profileState(iccid)).toMatchObject({ state: 'available' });
      await es2.placeOrder({ iccid, matchingId: 'CRASH-CANCEL-AGAIN' });
      const other = await EuiccEmulator.create();
      expect((await download(other, 'CRASH-CANCEL-AGAIN')).success).toBe(true);
      expect(await profileState(iccid)).toMatchObject({ state: 'installed', eid: other.eid });
    });
  },
);
