import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunctionFailedError, TransportError } from '../../src/errors/client-errors.ts';
import { type StatusCodeName, StatusCodes } from '../../src/errors/status-codes.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { type DownloadResult, downloadProfile } from '../../src/lpa/download.ts';
import { parseCertificate } from '../../src/pki/certificate.ts';
import { Es9Functions } from '../../src/protocol/es9-functions.ts';
import { loadScenarios } from '../../src/rsp-server/scenarios/load-scenarios.ts';
import type { Scenario } from '../../src/rsp-server/scenarios/scenario.ts';
import type { SessionPhase } from '../../src/rsp-server/session.ts';
import { profileRecordFrom } from '../../src/smdp/profile-catalogue.ts';
import type { RunningSmdp } from '../../src/smdp/start.ts';
import { MemoryProfileRepository } from '../../src/store/memory/memory-profile-repository.ts';
import { RecordingEs9Client } from '../helpers/recording-es9-client.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';
import { uppWithIccid } from '../helpers/unique-upp.ts';

/**
 * Every entry of the scenario catalogue (fixtures/scenarios/catalogue/): one SM-DP+ loads the whole folder,
 * each entry gets its own order, and the built-in LPA + software eUICC must observe exactly the failure the
 * entry promises; then the server's state (session, profile) is checked.
 */
const CATALOGUE = fileURLToPath(new URL('../../fixtures/scenarios/catalogue', import.meta.url));
const catalogue = await loadScenarios(CATALOGUE);
const upp = readFileSync(new URL('../../fixtures/upp/TS48V2-SAIP2-1-BERTLV-UNIQUE.der', import.meta.url));
const profiles = new MemoryProfileRepository();
let smdp: RunningSmdp;

/** The order an entry acts on: its matchingId, or (for an entry that cannot know it) one named after it. */
const orderOf = (s: Scenario) => s.match.matchingId ?? s.name.toUpperCase();

beforeAll(async () => {
  smdp = await startTestSmdp({ scenarios: CATALOGUE }, { profiles });
  for (const [i, s] of catalogue.entries()) {
    const own = uppWithIccid(upp, 100 + i);
    const record = profileRecordFrom({ matchingId: orderOf(s), upp: '' }, own, smdp.address, {
      ccMaxAttempts: 3,
    });
    // Group [2] of a BPP exists only for a profile with protection keys (ReplaceSessionKeys).
    const ppk =
      s.action.type === 'corrupt' && s.action.group === 2
        ? { ppkEnc: randomBytes(16), ppkCmac: randomBytes(16), initialMacChainingValue: randomBytes(16) }
        : undefined;
    await profiles.add(ppk ? { ...record, ppk } : record, own);
  }
});
afterAll(async () => {
  await smdp?.close();
});

interface Run {
  readonly es9: RecordingEs9Client;
  readonly euicc: EuiccEmulator;
  readonly result?: DownloadResult;
  readonly error?: any;
  readonly sessionsBefore: number;
}

const liveSessions = async () => (await smdp.context.sessions.list(Date.now())).length;

/** One download of the entry's order by the built-in LPA; a cancelSession entry needs the user to refuse. */
async function run(s: Scenario, options: { confirmationCode?: string } = {}): Promise<Run> {
  const es9 = new RecordingEs9Client(smdp.address, { ca: smdp.caPem, timeoutMs: 300 });
  const euicc = await EuiccEmulator.create();
  const sessionsBefore = await liveSessions();
  try {
    const result = await downloadProfile({
      activationCode: `LPA:1$${smdp.address}$${orderOf(s)}`,
      euicc,
      es9Client: es9,
      ...(options.confirmationCode ? { confirmationCode: options.confirmationCode } : {}),
      ...(s.function === 'cancelSession' ? { confirm: () => false } : {}),
    });
    return { es9, euicc, result, sessionsBefore };
  } catch (error) {
    return { es9, euicc, error, sessionsBefore };
  } finally {
    es9.close();
  }
}

const profileState = async (s: Scenario) => (await profiles.findByMatchingId(orderOf(s)))?.state;

/** The session of the run, by phase, or ended (gone, or kept closed for a late notification). */
async function sessionPhase(r: Run): Promise<Exclude<SessionPhase, 'closed'> | 'ended'> {
  const id = r.es9.transactionId;
  const phase = id && (await smdp.context.sessions.get(id, Date.now()))?.phase;
  return phase && phase !== 'closed' ? phase : 'ended';
}

/** Steps of initiateAuthentication that come after its session is opened. */
const IA_AFTER_SESSION = ['signServerSigned1', 'respond'];

/**
 * What SGP.22 leaves behind when a function fails (or answers unusably) and the LPA reacts as 3.1.3 says:
 * - initiateAuthentication: a session only if it was opened before the failure; the LPA knows none;
 * - authenticateClient: the LPA stops; the session is left to expire, the profile stays released;
 * - getBoundProfilePackage: the LPA cancels (postponed): session gone, profile released again;
 * - handleNotification: the result is not applied: session bound, profile downloaded, the notification
 *   still pending on the eUICC (the LPA retries it later);
 * - cancelSession: the cancellation did not happen: the session stays, the profile is still released.
 */
async function expectStateAfterFailure(s: Scenario, r: Run): Promise<void> {
  const step = s.step ?? 'respond';
  switch (s.function) {
    case 'initiateAuthentication':
      expect(await liveSessions()).toBe(r.sessionsBefore + (IA_AFTER_SESSION.includes(step) ? 1 : 0));
      expect(r.es9.calls.map((c) => c.fn)).toEqual(['initiateAuthentication']);
      expect(await profileState(s)).toBe('released');
      return;
    case 'authenticateClient':
      expect(await sessionPhase(r)).toBe(step === 'respond' ? 'authenticated' : 'initiated');
      expect(await profileState(s)).toBe('released');
      return;
    case 'getBoundProfilePackage':
      expect(r.es9.calls.at(-1)?.fn).toBe('cancelSession');
      expect(await sessionPhase(r)).toBe('ended');
      expect(await profileState(s)).toBe('released');
      return;
    case 'handleNotification':
      expect(await sessionPhase(r)).toBe('bound');
      expect(await profileState(s)).toBe('downloaded');
      expect(r.euicc.profiles).toHaveLength(1);
      expect(r.euicc.notifications.map((n) => n.event)).toEqual(['notificationInstall']);
      return;
    case 'cancelSession':
      expect(await sessionPhase(r)).toBe('authenticated');
      expect(await profileState(s)).toBe('released');
      return;
  }
}

async function expectInstalled(s: Scenario, r: Run): Promise<void> {
  expect(r.error).toBeUndefined();
  expect(r.result?.success).toBe(true);
  expect(await profileState(s)).toBe('installed');
  expect(await sessionPhase(r)).toBe('ended');
  expect(r.euicc.profiles).toHaveLength(1);
}

function expectRspError(r: Run, fn: string, code: StatusCodeName): void {
  const { subjectCode, reasonCode } = StatusCodes[code];
  expect(r.error).toBeInstanceOf(FunctionFailedError);
  expect(r.error).toMatchObject({ functionName: fn, subjectCode, reasonCode, codeName: code });
}

/** What the eUICC reports for each tampered BPP (SGP.22 5.7.6 ProfileInstallationResult errorResult). */
const BPP_RESULTS: Record<string, { bppCommandId: number; errorReason: number }> = {
  'bpp-bad-smdp-sign': { bppCommandId: 0, errorReason: 2 },
  'bpp-bad-mac-configure-isdp': { bppCommandId: 1, errorReason: 8 },
  'bpp-bad-mac-store-metadata': { bppCommandId: 2, errorReason: 8 },
  'bpp-bad-mac-replace-session-keys': { bppCommandId: 4, errorReason: 8 },
  'bpp-bad-mac-profile-elements': { bppCommandId: 5, errorReason: 8 },
  'bpp-wrong-iccid': { bppCommandId: 5, errorReason: 13 },
  'bpp-oversized-segment': { bppCommandId: 5, errorReason: 7 },
};

/** What the LPA sees when the transport answer is unusable. */
const TRANSPORT_FAILURE: Record<string, (s: Scenario) => RegExp> = {
  http: (s) => new RegExp(`${s.function}: HTTP ${(s.action as { status: number }).status}`),
  timeout: (s) => new RegExp(`${s.function}: no answer within 300 ms`),
  malformed: (s) =>
    new RegExp(
      (s.action as { body: string }).body === 'notJson'
        ? `${s.function}: HTTP 200 with a body that is not JSON`
        : `${s.function}: ${(s.action as { field: string }).field} missing`,
    ),
};

/** The certificate the SM-DP+ presented in a run (serverCertificate or smdpCertificate). */
function presented(r: Run, fn: string) {
  const field = fn === 'initiateAuthentication' ? 'serverCertificate' : 'smdpCertificate';
  return parseCertificate(Buffer.from(String(r.es9.answerOf(fn)?.[field]), 'base64'));
}

async function checkEntry(s: Scenario): Promise<void> {
  const action = s.action;
  if (s.times !== undefined && s.times > 1) {
    // Fail N times, then succeed.
    for (let i = 0; i < s.times; i++) {
      const failed = await run(s);
      expect(action.type).toBe('error');
      if (action.type === 'error') expectRspError(failed, s.function, action.code);
      await expectStateAfterFailure(s, failed);
    }
    return expectInstalled(s, await run(s));
  }
  if (action.type === 'error') {
    const r = await run(s);
    expectRspError(r, s.function, action.code);
    return expectStateAfterFailure(s, r);
  }
  if (action.type in TRANSPORT_FAILURE) {
    const r = await run(s);
    expect(r.error).toBeInstanceOf(TransportError);
    expect(r.error?.message).toMatch(TRANSPORT_FAILURE[action.type]!(s));
    return expectStateAfterFailure(s, r);
  }
  if (action.type === 'delay') {
    const r = await run(s);
    expect(r.es9.durations.find((d) => d.fn === s.function)?.ms).toBeGreaterThanOrEqual(action.ms - 5);
    if (s.function !== 'cancelSession') return expectInstalled(s, r);
    expect(r.error?.message).toMatch(/confirm: the user refused/);
    expect(await sessionPhase(r)).toBe('ended');
    return;
  }
  if (
    (action.type === 'corrupt' && s.function === 'getBoundProfilePackage') ||
    action.type === 'wrongIccid'
  ) {
    const r = await run(s);
    expect(r.error).toBeUndefined();
    expect(r.result?.success).toBe(false);
    expect(r.result?.errorResult).toEqual(BPP_RESULTS[s.name]);
    // The signed result reached the SM-DP+: the profile is in error, the session is over (SGP.22 5.6.4).
    expect(await profileState(s)).toBe('error');
    expect(await sessionPhase(r)).toBe('ended');
    expect(smdp.context.notifications.at(-1)).toMatchObject({
      success: false,
      transactionId: r.es9.transactionId,
    });
    expect(r.euicc.profiles).toHaveLength(0);
    expect(r.euicc.notifications).toHaveLength(0);
    return;
  }
  if (action.type === 'certificate' && action.certificate === 'expired') {
    // The eUICC does not check validity (SGP.22 4.5.2.2): the download succeeds with the expired one.
    const r = await run(s);
    const certificate = presented(r, s.function);
    expect(certificate.notAfter.getTime()).toBeLessThan(Date.now());
    await expectInstalled(s, r);
    return;
  }
  if (action.type === 'corrupt' || action.type === 'certificate') {
    // The eUICC refuses: AuthenticateServer / PrepareDownload error code; the LPA cancels the session.
    const r = await run(s);
    const code = action.type === 'certificate' ? 1 : 2;
    const refusal =
      s.function === 'initiateAuthentication'
        ? `authenticateServer: the eUICC refused the SM-DP+ (authenticateErrorCode ${code})`
        : `prepareDownload: the eUICC refused the download (downloadErrorCode ${code})`;
    expect(r.error?.message).toBe(refusal);
    expect(r.es9.calls.at(-1)?.fn).toBe('cancelSession');
    expect(await sessionPhase(r)).toBe('ended');
    expect(await profileState(s)).toBe('released');
    if (action.type === 'certificate' && action.certificate === 'wrongCi') {
      const own = smdp.context.pki.credentials.map((c) => c.ciPkid.toString('hex'));
      expect(own).not.toContain(presented(r, s.function).authorityKeyIdentifier?.toString('hex'));
    }
    return;
  }
  if (action.type === 'requireConfirmationCode') {
    const none = await run(s);
    expect(none.error?.message).toBe('confirm: this profile needs a confirmation code');
    expect(await sessionPhase(none)).toBe('ended');
    const wrong = await run(s, { confirmationCode: `${action.code}9` });
    expectRspError(wrong, 'getBoundProfilePackage', 'confirmationCodeRefused');
    expect(await sessionPhase(wrong)).toBe('ended');
    expect(await profileState(s)).toBe('released');
    return expectInstalled(s, await run(s, { confirmationCode: action.code }));
  }
  throw new Error(`no expectation for catalogue entry ${s.name} (${action.type})`);
}

describe('scenario catalogue', () => {
  it('covers every status code of every ES9+ function', () => {
    for (const [fn, { statusCodes }] of Object.entries(Es9Functions)) {
      for (const code of statusCodes) {
        const covering = catalogue.filter(
          (s) =>
            s.function === fn && s.action.type === 'error' && s.action.code === code && (s.times ?? 1) === 1,
        );
        expect(
          covering.map((s) => s.name),
          `${fn} ${code}`,
        ).toHaveLength(1);
      }
    }
  });

  it('lists every code the ES9+ steps raise under its functions', () => {
    const sources = [
      ...readdirSync(new URL('../../src/smdp/es9/', import.meta.url)).map(
        (f) => new URL(`../../src/smdp/es9/${f}`, import.meta.url),
      ),
      new URL('../../src/rsp-server/euicc-chain.ts', import.meta.url),
    ];
    const listed = new Set(Object.values(Es9Functions).flatMap((f) => f.statusCodes));
    const raised = sources.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/'(\w+)'/g)].map((m) => m[1]!).filter((w) => w in StatusCodes),
    );
    expect(raised.length).toBeGreaterThan(10);
    expect(raised.filter((code) => !listed.has(code as StatusCodeName))).toEqual([]);
  });

  it('has unique short names and a description saying what the device observes', () => {
    expect(new Set(catalogue.map((s) => s.name)).size).toBe(catalogue.length);
    for (const s of catalogue) {
      expect(s.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
      expect(s.description?.length, s.name).toBeGreaterThan(30);
    }
  });

  it.each(catalogue.map((s) => [s.name, s] as const))('%s', async (_name, s) => {
    if (s.enabled === false) expect(smdp.scenarios.setEnabled(s.name, true)).toBe(true);
    try {
      await checkEntry(s);
    } finally {
      smdp.scenarios.setEnabled(s.name, false);
    }
  });
});
