import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelSessionResponse, ProfileInstallationResult } from '../../src/asn1/rsp/index.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import {
  type EuiccScenario,
  loadEuiccScenarios,
  validateEuiccScenario,
} from '../../src/euicc/es10/scenarios.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import { profileRecordFrom } from '../../src/smdp/profile-catalogue.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { MemoryProfileRepository } from '../../src/store/memory/memory-profile-repository.ts';
import { RecordingEs9Client } from '../helpers/recording-es9-client.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { uppWithIccid } from '../helpers/unique-upp.ts';

/**
 * eUICC-side scenarios: the software eUICC answers an ES10 function with a chosen error, and the SM-DP+
 * (ours here) must react as SGP.22 says when the LPA reports it.
 */
const CATALOGUE = fileURLToPath(new URL('../../fixtures/scenarios/euicc/catalogue.json', import.meta.url));
const catalogue = await loadEuiccScenarios(CATALOGUE);
const scenario = (name: string): EuiccScenario => catalogue.find((s) => s.name === name)!;
const upp = readFileSync(new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url));
const profiles = new MemoryProfileRepository();
let smdp: RunningSmdp;
let orders = 0;

beforeAll(async () => {
  smdp = await startTestSmdp({}, { profiles });
});
afterAll(async () => {
  await smdp?.close();
});

/** A new order, downloaded by the built-in LPA into an eUICC playing the given scenarios. */
async function download(...scenarios: EuiccScenario[]) {
  const matchingId = `EUICC-SCENARIO-${++orders}`;
  const own = uppWithIccid(upp, 200 + orders);
  await profiles.add(
    profileRecordFrom({ matchingId, upp: '' }, own, smdp.address, { ccMaxAttempts: 3 }),
    own,
  );
  const euicc = await EuiccEmulator.create({ scenarios });
  const es9 = new RecordingEs9Client(smdp.address, { ca: smdp.caPem });
  const outcome = await downloadProfile({
    activationCode: `LPA:1$${smdp.address}$${matchingId}`,
    euicc,
    es9Client: es9,
  }).then(
    (result) => ({ result, error: undefined as any }),
    (error) => ({ result: undefined, error }),
  );
  es9.close();
  const session = es9.transactionId
    ? await smdp.context.sessions.get(es9.transactionId, smdp.context.now())
    : undefined;
  const profile = await profiles.findByMatchingId(matchingId);
  return { ...outcome, euicc, es9, session, profileState: profile?.state };
}

describe('eUICC scenarios against the SM-DP+', () => {
  it('AuthenticateServer refuses: the LPA cancels and the SM-DP+ ends the session', async () => {
    const run = await download(scenario('euicc-as-invalid-certificate'));
    expect(run.error?.message).toBe(
      'authenticateServer: the eUICC refused the SM-DP+ (authenticateErrorCode 1)',
    );
    expect(run.es9.calls.map((c) => c.fn)).toEqual(['initiateAuthentication', 'cancelSession']);
    expect(run.session).toBeUndefined();
    expect(run.profileState).toBe('released');
  });

  it('PrepareDownload refuses: a signed cancellation, the session ends, the profile stays released', async () => {
    const run = await download(scenario('euicc-pd-invalid-signature'));
    expect(run.error?.message).toBe('prepareDownload: the eUICC refused the download (downloadErrorCode 2)');
    const cancel = run.es9.calls.at(-1)!;
    expect(cancel.fn).toBe('cancelSession');
    // The eUICC signed it (the SM-DP+ verified that signature before answering success).
    const response = CancelSessionResponse.decode(
      Buffer.from(String(cancel.request.cancelSessionResponse), 'base64'),
    );
    expect(
      'cancelSessionResponseOk' in response &&
        response.cancelSessionResponseOk.euiccCancelSessionSigned.reason,
    ).toBe(0);
    expect(cancel.answer).toBeDefined();
    expect(run.session).toBeUndefined();
    expect(run.profileState).toBe('released');
  });

  it('the BPP fails with a given errorReason: signed result, profile in error, session over', async () => {
    const run = await download(scenario('euicc-lbpp-no-memory'));
    expect(run.error).toBeUndefined();
    expect(run.result?.errorResult).toEqual({ bppCommandId: 5, errorReason: 10 });
    const sent = ProfileInstallationResult.decode(
      Buffer.from(String(run.es9.calls.at(-1)!.request.pendingNotification), 'base64'),
    );
    expect(sent.profileInstallationResultData.transactionId.toString('hex').toUpperCase()).toBe(
      run.es9.transactionId,
    );
    expect(run.profileState).toBe('error');
    // Over, and kept closed (without its BPP) until it expires so that a repeated result is acknowledged.
    expect(run.session).toMatchObject({ phase: 'closed', ending: 'installationResult' });
    expect(run.session?.boundProfilePackage).toBeUndefined();
    expect(run.euicc.profiles).toHaveLength(0);
    expect(smdp.context.notifications.at(-1)).toMatchObject({
      success: false,
      transactionId: run.es9.transactionId,
    });
  });

  it('a status word in place of an answer stops the LPA before the SM-DP+', async () => {
    const run = await download(scenario('euicc-challenge-sw-6a80'));
    expect(run.error?.message).toMatch(/SW 6A80/);
    expect(run.es9.calls).toEqual([]);
    expect(run.profileState).toBe('released');
  });

  it('fails the first N calls, then answers normally', async () => {
    const twice = { ...scenario('euicc-pd-invalid-signature'), times: 2 };
    const euicc = await EuiccEmulator.create({ scenarios: [twice] });
    const matchingId = 'EUICC-SCENARIO-RETRY';
    const own = uppWithIccid(upp, 299);
    await profiles.add(
      profileRecordFrom({ matchingId, upp: '' }, own, smdp.address, { ccMaxAttempts: 3 }),
      own,
    );
    const again = () =>
      downloadProfile({
        activationCode: `LPA:1$${smdp.address}$${matchingId}`,
        euicc,
        es9: { ca: smdp.caPem },
      });
    await expect(again()).rejects.toThrow(/downloadErrorCode 2/);
    await expect(again()).rejects.toThrow(/downloadErrorCode 2/);
    expect((await again()).success).toBe(true);
    expect((await profiles.findByMatchingId(matchingId))?.state).toBe('installed');
  });

  it('profile management functions answer their own error code', async () => {
    const euicc = await EuiccEmulator.create({ scenarios: [scenario('euicc-enable-disallowed')] });
    const es10 = new Es10Client(euicc);
    await expect(es10.enableProfile(Buffer.alloc(10, 0x11))).rejects.toThrow(
      'EnableProfile failed: disallowedByPolicy',
    );
    // Spent: the real answer now (there is no such profile).
    await expect(es10.enableProfile(Buffer.alloc(10, 0x11))).rejects.toThrow(
      'EnableProfile failed: iccidOrAidNotFound',
    );
    await es10.close();
  });

  it('refuses a scenario the function cannot answer, with the reason', () => {
    const base = { name: 'x', function: 'authenticateServer', answer: { type: 'error', code: 'noSuchCode' } };
    expect(() => validateEuiccScenario(base)).toThrow(
      /authenticateServer error code must be one of invalidCertificate/,
    );
    expect(() =>
      validateEuiccScenario({ ...base, function: 'getEuiccChallenge', answer: { type: 'error', code: 'x' } }),
    ).toThrow(/no error code of its own/);
    expect(() => validateEuiccScenario({ ...base, function: 'nope' })).toThrow(/function must be one of/);
    expect(() => validateEuiccScenario({ ...base, answer: { type: 'statusWord', sw: 0x9000 } })).toThrow(
      /error status word/,
    );
  });
});
