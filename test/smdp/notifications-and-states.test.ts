import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileRecordFrom } from '../../src/smdp/profile-catalogue.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { MemoryProfileRepository } from '../../src/store/memory/memory-profile-repository.ts';
import { postEs9 } from '../helpers/es9-request.ts';
import { expectRspFailure, expectRspSuccess } from '../helpers/rsp-assertions.ts';
import { ScriptedEuicc } from '../helpers/scripted-euicc.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { uppWithIccid } from '../helpers/unique-upp.ts';

/** Profile states across the flow (SGP.22 3.1.3, 5.6.4, 5.6.5), with one-time (not demo) profiles. */
const upp = readFileSync(new URL('../../fixtures/upp/TS48V5-SAIP2-1A-NOBERTLV-UNIQUE.der', import.meta.url));
const profiles = new MemoryProfileRepository();
let smdp: RunningSmdp;

beforeAll(async () => {
  smdp = await startTestSmdp({}, { profiles });
  const ids = ['P-INSTALL', 'P-FAIL', 'P-RACE', 'P-POSTPONE', 'P-REJECT', 'P-BADSIG'];
  for (const [n, id] of ids.entries()) {
    const unique = uppWithIccid(upp, n);
    await profiles.add(
      profileRecordFrom({ id, matchingId: id, upp: '' }, unique, smdp.address, { ccMaxAttempts: 3 }),
      unique,
    );
  }
  const withCode = { id: 'P-CC', matchingId: 'P-CC', upp: '', confirmationCode: '2468' };
  const unique = uppWithIccid(upp, 50);
  await profiles.add(profileRecordFrom(withCode, unique, smdp.address, { ccMaxAttempts: 2 }), unique);
});
afterAll(async () => {
  await smdp?.close();
});

async function bound(euicc: ScriptedEuicc, matchingId: string) {
  const { transactionId, authenticate } = await euicc.authenticatedSession(
    smdp.url,
    smdp.address,
    matchingId,
  );
  const bpp = await postEs9(smdp.url, 'getBoundProfilePackage', {
    transactionId,
    prepareDownloadResponse: euicc.prepareDownload(authenticate.body),
  });
  return { transactionId, authenticate, bpp };
}

const state = async (id: string) => (await profiles.get(id))!.state;

describe('handleNotification (SGP.22 5.6.4)', () => {
  it('moves a profile to Installed on a verified successful installation result, answering 204', async () => {
    const euicc = new ScriptedEuicc();
    const { transactionId, bpp } = await bound(euicc, 'P-INSTALL');
    expectRspSuccess(bpp);
    expect(await state('P-INSTALL')).toBe('downloaded');
    const res = await postEs9(smdp.url, 'handleNotification', {
      pendingNotification: euicc.profileInstallationResult(transactionId, smdp.address, true),
    });
    expect(res.status).toBe(204);
    expect(res.raw).toBe('');
    expect(await state('P-INSTALL')).toBe('installed');
    expect(smdp.context.notifications.at(-1)).toMatchObject({
      kind: 'profileInstallationResult',
      success: true,
      eid: euicc.eid,
    });
  });

  it('moves a profile to Error on a failed installation result', async () => {
    const euicc = new ScriptedEuicc();
    const { transactionId } = await bound(euicc, 'P-FAIL');
    await postEs9(smdp.url, 'handleNotification', {
      pendingNotification: euicc.profileInstallationResult(transactionId, smdp.address, false),
    });
    expect(await state('P-FAIL')).toBe('error');
  });

  it('refuses an installation result with a wrong signature and keeps the state', async () => {
    const euicc = new ScriptedEuicc();
    const { transactionId } = await bound(euicc, 'P-BADSIG');
    const res = await postEs9(smdp.url, 'handleNotification', {
      pendingNotification: euicc.profileInstallationResult(transactionId, smdp.address, true, true),
    });
    expectRspFailure(res, 'euiccSignatureInvalid');
    expect(await state('P-BADSIG')).toBe('downloaded');
  });

  it('refuses an installation result for an unknown transaction', async () => {
    const res = await postEs9(smdp.url, 'handleNotification', {
      pendingNotification: new ScriptedEuicc().profileInstallationResult(
        '00112233445566778899AABBCCDDEEFF',
        smdp.address,
        true,
      ),
    });
    expectRspFailure(res, 'transactionIdUnknown');
  });

  it('records a verified enable/disable/delete notification and refuses a forged one', async () => {
    const euicc = new ScriptedEuicc('brainpoolP256r1');
    const iccid = (await profiles.get('P-INSTALL'))!.metadata.iccid;
    const ok = await postEs9(smdp.url, 'handleNotification', {
      pendingNotification: euicc.otherSignedNotification(iccid, 'notificationEnable', smdp.address),
    });
    expect(ok.status).toBe(204);
    expect(smdp.context.notifications.at(-1)).toMatchObject({
      kind: 'otherSignedNotification',
      event: 'notificationEnable',
    });
    const forged = await postEs9(smdp.url, 'handleNotification', {
      pendingNotification: euicc.otherSignedNotification(iccid, 'notificationDelete', smdp.address, true),
    });
    expectRspFailure(forged, 'euiccSignatureInvalid');
  });
});

describe('confirmation code attempts on an order (SGP.22 5.6.2)', () => {
  it('counts failures across sessions and puts the order in Error when they run out', async () => {
    const attempt = async (code: string) => {
      const euicc = new ScriptedEuicc();
      const initiate = await euicc.initiateAuthentication(smdp.url, smdp.address);
      const authenticate = await postEs9(smdp.url, 'authenticateClient', {
        transactionId: initiate.body.transactionId,
        authenticateServerResponse: euicc.authenticateServer(initiate.body, 'P-CC'),
      });
      expectRspSuccess(authenticate);
      return postEs9(smdp.url, 'getBoundProfilePackage', {
        transactionId: initiate.body.transactionId,
        prepareDownloadResponse: euicc.prepareDownload(authenticate.body, code),
      });
    };
    expectRspFailure(await attempt('1111'), 'confirmationCodeRefused');
    expectRspFailure(await attempt('2222'), 'confirmationCodeRetriesExceeded');
    expect(await state('P-CC')).toBe('error');
    expect((await profiles.get('P-CC'))!.ccFailedAttempts).toBe(2);
  });
});

describe('one profile, one eUICC', () => {
  it('lets exactly one of two eUICCs racing for the same matchingId bind the profile', async () => {
    // Two eUICCs (two EIDs): a new session of one and the same eUICC may take over its own claim.
    const racers = [
      new ScriptedEuicc('P-256', { fresh: true }),
      new ScriptedEuicc('brainpoolP256r1', { fresh: true }),
    ];
    // Both pass authenticateClient while the profile is still released ...
    const sessions = [];
    for (const euicc of racers) {
      const initiate = await euicc.initiateAuthentication(smdp.url, smdp.address);
      const authenticate = await postEs9(smdp.url, 'authenticateClient', {
        transactionId: initiate.body.transactionId,
        authenticateServerResponse: euicc.authenticateServer(initiate.body, 'P-RACE'),
      });
      expectRspSuccess(authenticate);
      sessions.push({ euicc, transactionId: initiate.body.transactionId, authenticate });
    }
    // ... then ask for the BPP at the same time: the binding is the lock.
    const results = await Promise.all(
      sessions.map(({ euicc, transactionId, authenticate }) =>
        postEs9(smdp.url, 'getBoundProfilePackage', {
          transactionId,
          prepareDownloadResponse: euicc.prepareDownload(authenticate.body),
        }),
      ),
    );
    const statuses = results.map((r) => r.body.header.functionExecutionStatus.status).sort();
    expect(statuses).toEqual(['Executed-Success', 'Failed']);
    expectRspFailure(
      results.find((r) => r.body.header.functionExecutionStatus.status === 'Failed')!,
      'bppNotAvailable',
    );
  });
});

describe('cancelSession and the profile (SGP.22 5.6.5)', () => {
  it('releases the profile again when the download is postponed', async () => {
    const euicc = new ScriptedEuicc();
    const { transactionId } = await bound(euicc, 'P-POSTPONE');
    expect(await state('P-POSTPONE')).toBe('downloaded');
    const res = await postEs9(smdp.url, 'cancelSession', {
      transactionId,
      cancelSessionResponse: euicc.cancelSession(transactionId, smdp.context.pki.smdpOid, 1),
    });
    expectRspSuccess(res);
    expect(await state('P-POSTPONE')).toBe('released');
  });

  it('puts the profile in Error when the end user rejects it', async () => {
    const euicc = new ScriptedEuicc();
    const { transactionId } = await bound(euicc, 'P-REJECT');
    await postEs9(smdp.url, 'cancelSession', {
      transactionId,
      cancelSessionResponse: euicc.cancelSession(transactionId, smdp.context.pki.smdpOid, 0),
    });
    expect(await state('P-REJECT')).toBe('error');
  });
});

describe('session expiry', () => {
  it('refuses a step after the session has expired', async () => {
    let now = Date.now();
    const clocked = await startTestSmdp({ sessionTtlSeconds: 60 }, { profiles, now: () => now });
    try {
      const euicc = new ScriptedEuicc();
      const initiate = await euicc.initiateAuthentication(clocked.url, clocked.address);
      expectRspSuccess(initiate);
      now += 61_000;
      const late = await postEs9(clocked.url, 'authenticateClient', {
        transactionId: initiate.body.transactionId,
        authenticateServerResponse: euicc.authenticateServer(initiate.body, 'P-INSTALL'),
      });
      expectRspFailure(late, 'transactionIdUnknown');
      expect(await clocked.context.sessions.list(now)).toHaveLength(0);
    } finally {
      await clocked.close();
    }
  });
});
