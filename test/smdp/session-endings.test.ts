import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelSessionResponse, CancelSessionResponseErrors } from '../../src/asn1/rsp/index.ts';
import { profileRecordFrom } from '../../src/smdp/profile-catalogue.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { MemoryProfileRepository } from '../../src/store/memory/memory-profile-repository.ts';
import { postEs9 } from '../helpers/es9-request.ts';
import { httpsJson } from '../helpers/https-json.ts';
import { expectRspFailure, expectRspSuccess } from '../helpers/rsp-assertions.ts';
import { ScriptedEuicc } from '../helpers/scripted-euicc.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { uppWithIccid } from '../helpers/unique-upp.ts';

/**
 * How download sessions end (issues 12.8, 13.2, 13.4): repeated and late installation results, the result
 * that follows a cancellation, deletion notifications, a losing racer's cancellation, unsigned cancellations.
 */
const upp = readFileSync(new URL('../../fixtures/upp/TS48V5-SAIP2-1A-NOBERTLV-UNIQUE.der', import.meta.url));
const profiles = new MemoryProfileRepository();
let smdp: RunningSmdp;
const POSTPONED = 1;
/** An eUICC of its own EID (the default is the one SGP.26 sample eUICC). */
const fresh = () => new ScriptedEuicc('P-256', { fresh: true });

beforeAll(async () => {
  smdp = await startTestSmdp({}, { profiles });
  const ids = ['E-REPEAT', 'E-CANCEL', 'E-DELETE', 'E-OTHER', 'E-RACE', 'E-UNSIGNED', 'E-EARLY'];
  for (const [n, id] of ids.entries()) {
    const unique = uppWithIccid(upp, 100 + n);
    await profiles.add(
      profileRecordFrom({ id, matchingId: id, upp: '' }, unique, smdp.address, { ccMaxAttempts: 3 }),
      unique,
    );
  }
});
afterAll(async () => {
  await smdp?.close();
});

const authenticated = (euicc: ScriptedEuicc, matchingId: string) =>
  euicc.authenticatedSession(smdp.url, smdp.address, matchingId);

const getBpp = (euicc: ScriptedEuicc, s: Awaited<ReturnType<typeof authenticated>>) =>
  postEs9(smdp.url, 'getBoundProfilePackage', {
    transactionId: s.transactionId,
    prepareDownloadResponse: euicc.prepareDownload(s.authenticate.body),
  });

async function bound(euicc: ScriptedEuicc, matchingId: string) {
  const session = await authenticated(euicc, matchingId);
  expectRspSuccess(await getBpp(euicc, session));
  return session.transactionId;
}

const installationResult = (euicc: ScriptedEuicc, transactionId: string, success: boolean) =>
  postEs9(smdp.url, 'handleNotification', {
    pendingNotification: euicc.profileInstallationResult(transactionId, smdp.address, success),
  });
const signedCancel = (euicc: ScriptedEuicc, transactionId: string, reason: number) =>
  postEs9(smdp.url, 'cancelSession', {
    transactionId,
    cancelSessionResponse: euicc.cancelSession(transactionId, smdp.context.pki.smdpOid, reason),
  });
const unsignedCancel = (transactionId: string) =>
  postEs9(smdp.url, 'cancelSession', {
    transactionId,
    cancelSessionResponse: CancelSessionResponse.encode({
      cancelSessionResponseError: CancelSessionResponseErrors.undefinedError,
    }).toString('base64'),
  });

const state = async (id: string) => (await profiles.get(id))!.state;
const tracedState = async (transactionId: string) => {
  const { body } = await httpsJson(`${smdp.url}/admin/sessions`, { ca: smdp.caPem, token: smdp.adminToken });
  return body.sessions.find((s: { transactionId: string }) => s.transactionId === transactionId)?.state;
};

describe('installation results (issue 12.8, SGP.22 5.6.4)', () => {
  it('a repeated or late result for a completed session answers 204 and changes nothing', async () => {
    const euicc = fresh();
    const transactionId = await bound(euicc, 'E-REPEAT');
    expect((await installationResult(euicc, transactionId, true)).status).toBe(204);
    expect(await state('E-REPEAT')).toBe('installed');
    const received = smdp.context.notifications.received;
    for (const success of [true, false]) {
      const again = await installationResult(euicc, transactionId, success);
      expect(again.status).toBe(204);
      expect(again.raw).toBe('');
    }
    expect(await state('E-REPEAT')).toBe('installed');
    expect(smdp.context.notifications.received).toBe(received);
    expect(await tracedState(transactionId)).toBe('installed');
    // Still verified: a forged one is refused.
    const forged = await postEs9(smdp.url, 'handleNotification', {
      pendingNotification: euicc.profileInstallationResult(transactionId, smdp.address, false, true),
    });
    expectRspFailure(forged, 'euiccSignatureInvalid');
  });

  it("records the eUICC's failed result that follows cancelSession (lpac's order), the state as cancelled", async () => {
    const euicc = fresh();
    const transactionId = await bound(euicc, 'E-CANCEL');
    expectRspSuccess(await signedCancel(euicc, transactionId, POSTPONED));
    expect(await state('E-CANCEL')).toBe('released');
    const result = await installationResult(euicc, transactionId, false);
    expect(result.status).toBe(204);
    expect(smdp.context.notifications.at(-1)).toEqual(
      expect.objectContaining({ kind: 'profileInstallationResult', success: false, transactionId }),
    );
    expect(await state('E-CANCEL')).toBe('released');
    const received = smdp.context.notifications.received;
    expect((await installationResult(euicc, transactionId, false)).status).toBe(204);
    expect(smdp.context.notifications.received).toBe(received);
    // The cancelled session takes no further step.
    expectRspFailure(await signedCancel(euicc, transactionId, POSTPONED), 'transactionIdUnknown');
  });
});

describe('deletion notifications (issue 12.8)', () => {
  it("make the deleting eUICC's installed profile Unavailable, and nobody else's", async () => {
    const euicc = fresh();
    const other = fresh();
    for (const [device, id] of [
      [euicc, 'E-DELETE'],
      [other, 'E-OTHER'],
    ] as const) {
      const transactionId = await bound(device, id);
      expect((await installationResult(device, transactionId, true)).status).toBe(204);
    }
    const iccidOf = async (id: string) => (await profiles.get(id))!.metadata.iccid;
    const notify = async (id: string) =>
      postEs9(smdp.url, 'handleNotification', {
        pendingNotification: euicc.otherSignedNotification(
          await iccidOf(id),
          'notificationDelete',
          smdp.address,
        ),
      });
    // Another eUICC's profile: recorded, not moved.
    expect((await notify('E-OTHER')).status).toBe(204);
    expect(await state('E-OTHER')).toBe('installed');
    expect((await notify('E-DELETE')).status).toBe(204);
    expect(await state('E-DELETE')).toBe('unavailable');
    expect((await notify('E-DELETE')).status).toBe(204);
    expect(await state('E-DELETE')).toBe('unavailable');
    // Never offered again.
    const again = fresh();
    const initiate = await again.initiateAuthentication(smdp.url, smdp.address);
    const refused = await postEs9(smdp.url, 'authenticateClient', {
      transactionId: initiate.body.transactionId,
      authenticateServerResponse: again.authenticateServer(initiate.body, 'E-DELETE'),
    });
    expect(refused.body.header.functionExecutionStatus.status).toBe('Failed');
  });
});

describe('two eUICCs racing for one profile (issue 13.2)', () => {
  it("the loser's signed cancelSession leaves the winner's claim; the winner's installation is recorded", async () => {
    const racers = [fresh(), fresh()];
    const sessions: Awaited<ReturnType<typeof authenticated>>[] = [];
    for (const euicc of racers) sessions.push(await authenticated(euicc, 'E-RACE'));
    const answers = await Promise.all(racers.map((euicc, i) => getBpp(euicc, sessions[i]!)));
    const winner = answers.findIndex(
      (a) => a.body.header.functionExecutionStatus.status === 'Executed-Success',
    );
    const loser = 1 - winner;
    expect(winner).toBeGreaterThanOrEqual(0);
    expectRspFailure(answers[loser]!, 'bppNotAvailable');
    expectRspSuccess(await signedCancel(racers[loser]!, sessions[loser]!.transactionId, POSTPONED));
    expect(await profiles.get('E-RACE')).toMatchObject({ state: 'downloaded', eid: racers[winner]!.eid });
    const installed = await installationResult(racers[winner]!, sessions[winner]!.transactionId, true);
    expect(installed.status).toBe(204);
    expect(await profiles.get('E-RACE')).toMatchObject({ state: 'installed', eid: racers[winner]!.eid });
  });
});

describe('unsigned cancelSessionResponseError (issue 13.4, SGP.22 5.6.5)', () => {
  it('is refused for a session that served a BPP, which goes on to its signed result', async () => {
    const euicc = fresh();
    const transactionId = await bound(euicc, 'E-UNSIGNED');
    expectRspFailure(await unsignedCancel(transactionId), 'euiccSignatureInvalid');
    expect(await state('E-UNSIGNED')).toBe('downloaded');
    expect((await installationResult(euicc, transactionId, true)).status).toBe(204);
    expect(await state('E-UNSIGNED')).toBe('installed');
  });

  it('ends a session that has bound nothing, without touching the profile', async () => {
    const euicc = fresh();
    const session = await authenticated(euicc, 'E-EARLY');
    expectRspSuccess(await unsignedCancel(session.transactionId));
    expect(await state('E-EARLY')).toBe('released');
    expectRspFailure(await getBpp(euicc, session), 'transactionIdUnknown');
  });
});
