import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../src/conformance/campaign.ts';
import { EUICC_CASES } from '../../src/conformance/euicc/catalogue.ts';
import { DownloadSession } from '../../src/conformance/euicc/download-session.ts';
import { CardRefused, runEuiccCampaign } from '../../src/conformance/euicc/euicc-campaign.ts';
import { LabSmdp } from '../../src/conformance/euicc/lab-smdp.ts';
import { RecordedEs10Client } from '../../src/conformance/euicc/recorded-es10-client.ts';
import { testProfile } from '../../src/conformance/euicc/test-profile.ts';
import type { Curve } from '../../src/crypto/curve.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { type EuiccScenario, loadEuiccScenarios } from '../../src/euicc/es10/scenarios.ts';
import { generateHierarchy } from '../../src/pki/generate-hierarchy.ts';
import { loadDefaultPki, loadPki } from '../../src/pki/pki-store.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Issue 24: `conformance euicc` against our software eUICC. The whole campaign passes against the eUICC as it
 * is; each eUICC-side scenario of the catalogue (the eUICC misbehaving on purpose) fails exactly the cases
 * it breaks and no other — the table below — so that a check that cannot fail, or one that blames the wrong
 * function, shows here.
 */
const pki = loadDefaultPki();
const lab = new LabSmdp(pki, 'smdp.conformance.rspsim.example', () => new Date());
const CATALOGUE = fileURLToPath(new URL('../../fixtures/scenarios/euicc/catalogue.json', import.meta.url));
const scenarios = await loadEuiccScenarios(CATALOGUE);

/** Scenario → the cases it must fail (each scenario acts once, on the first call of its function). */
const FAILS: Readonly<Record<string, readonly string[]>> = {
  'euicc-challenge-sw-6a80': ['EB-CHAL-FRESH'],
  'euicc-as-invalid-certificate': ['EB-AS-NOM'],
  'euicc-pd-invalid-signature': ['EB-PD-NOM'],
  'euicc-lbpp-no-memory': ['EB-LBPP-NOM'],
  'euicc-enable-disallowed': ['EC-ENABLE'],
  // SGP.32 (IoT) scenarios: the SGP.22 campaign never calls LoadEuiccPackage, so they must break nothing.
  'euicc-iot-replayed-counter': [],
  'euicc-iot-wrong-eid': [],
  'euicc-iot-bad-signature': [],
  'euicc-iot-unknown-eim': [],
  'euicc-iot-size-overflow': [],
  'euicc-iot-ecall-active': [],
};

/**
 * SGP.22 leaves the validity check of CERT.DPauth open to an eUICC without a clock; ours does not check it,
 * which the case reports as a remark (never a failure).
 */
const REMARKED = ['EB-AS-CERT-EXPIRED'];

async function campaign(
  options: { curve?: Curve; scenarios?: readonly EuiccScenario[]; cases?: string[] } = {},
) {
  const card = await EuiccEmulator.create({
    curve: options.curve ?? 'P-256',
    ...(options.scenarios ? { scenarios: options.scenarios } : {}),
  });
  const cases = options.cases ? EUICC_CASES.filter((c) => options.cases?.includes(c.id)) : EUICC_CASES;
  const results = await runEuiccCampaign(card, cases, {
    lab,
    testCis: pki.trustedCis,
    allowDestructive: true,
  });
  return { card, results };
}

const ids = (results: readonly CaseResult[], ...verdicts: string[]) =>
  results.filter((r) => verdicts.includes(r.verdict)).map((r) => r.id);
const passing = (r: CaseResult) => r.verdict === 'pass' || r.verdict === 'pass-with-remark';

describe('conformance euicc against the software eUICC', () => {
  it('passes every case and leaves the card as it found it', async () => {
    const { card, results } = await campaign();
    expect(results.map((r) => r.id)).toEqual(EUICC_CASES.map((c) => c.id));
    expect(
      results.filter((r) => !passing(r)).map((r) => `${r.id} ${r.verdict} ${r.check ?? r.reason}`),
    ).toEqual([]);
    expect(ids(results, 'pass-with-remark')).toEqual(REMARKED);
    expect(results.find((r) => r.id === 'EB-AS-CERT-EXPIRED')?.remarks).toMatchObject([
      {
        what: 'AuthenticateServer with an expired CERT.DPauth',
        observed: 'authenticateResponseOk',
        reading: { word: 'SHOULD' },
      },
    ]);
    expect(card.profiles).toEqual([]);
    expect(card.notifications).toEqual([]);
    // Every ES10 exchange is recorded with its status word and its DER decoded by the declared types.
    const nominal = results.find((r) => r.id === 'EB-AS-NOM');
    const authenticate = nominal?.exchanges.find((e) => e.path === 'ES10b.AuthenticateServer');
    expect(authenticate).toMatchObject({ status: 0x9000, statusText: 'SW 9000' });
    expect(authenticate?.decoded?.request).toMatch(/^authenticateServer \[BF38\]\n {2}serverSigned1 \[30\]/);
    expect(authenticate?.decoded?.response).toContain('euiccSignature1 [5F37]');
    const load = results.find((r) => r.id === 'EB-LBPP-MAC-88')?.exchanges.at(-1);
    expect(load?.path).toBe('ES10b.LoadBoundProfilePackage 88');
    expect(load?.decoded?.response).toContain('errorReason [81]: 8');
    // Our eUICC's own detail beside a refusal (a card gives only the code).
    expect(results.find((r) => r.id === 'EB-LBPP-SEG-OVER')?.notes).toContain(
      'finalResult: error loadProfileElements/scp03tStructureError — segment 1516 bytes > 1020',
    );
  });

  it('downloads, cancels and verifies signatures on brainpoolP256r1 too', async () => {
    const cases = [
      'EB-AS-NOM',
      'EB-PD-NOM',
      'EB-LBPP-NOM',
      'EB-LBPP-PPK',
      'EB-CS-PD-TIMEOUT',
      'EB-NOTIF-INSTALL',
    ];
    const { results } = await campaign({ curve: 'brainpoolP256r1', cases });
    expect(ids(results, 'pass')).toEqual(cases);
    expect(results.find((r) => r.id === 'EB-AS-NOM')?.notes[0]).toMatch(/^brainpoolP256r1: EID \d{32}/);
  });

  for (const scenario of scenarios) {
    it(`scenario ${scenario.name} fails exactly ${FAILS[scenario.name]?.join(', ') || 'nothing'}`, async () => {
      const { results } = await campaign({ scenarios: [scenario] });
      expect(ids(results, 'fail', 'error', 'inconclusive')).toEqual(FAILS[scenario.name]);
      expect(ids(results, 'fail')).toEqual(FAILS[scenario.name]);
      if (scenario.name === 'euicc-lbpp-no-memory')
        expect(results.find((r) => r.id === 'EB-LBPP-NOM')?.observed).toBe(
          'error loadProfileElements/installFailedDueToInsufficientMemoryForProfile — an eUICC scenario told it to',
        );
    });
  }

  it('every scenario of the catalogue has its row in the table', () => {
    expect(Object.keys(FAILS).sort()).toEqual(scenarios.map((s) => s.name).sort());
  });

  it('refuses a card that signs under a CI other than a test CI, unless told it is known', async () => {
    const dir = tempDir('euicc-own-ci');
    generateHierarchy({ curve: 'P-256', outDir: dir });
    const own = await EuiccEmulator.create({ pkiDir: dir });
    const options = { lab, testCis: pki.trustedCis, allowDestructive: true };
    const eb = EUICC_CASES.filter((c) => c.id === 'EB-INFO1' || c.id === 'EB-AS-NOM');
    await expect(runEuiccCampaign(own, eb, options)).rejects.toThrow(CardRefused);
    await expect(runEuiccCampaign(own, eb, options)).rejects.toThrow(
      /^the card signs under CI [0-9A-F]{40}, not a test CI/,
    );
    // Told: the campaign runs, and the card's own CI is one the lab has no DPauth for: inconclusive.
    const told = await runEuiccCampaign(own, eb, { ...options, notATestCardIKnow: true });
    expect(told.map((r) => `${r.id} ${r.verdict}`)).toEqual(['EB-INFO1 pass', 'EB-AS-NOM inconclusive']);
    // With the card's PKI as the lab's, everything passes.
    const ownLab = new LabSmdp(loadPki(dir), 'smdp.own.example', () => new Date());
    const ownPki = await runEuiccCampaign(own, eb, { lab: ownLab, testCis: loadPki(dir).trustedCis });
    expect(ownPki.map((r) => `${r.id} ${r.verdict}`)).toEqual(['EB-INFO1 pass', 'EB-AS-NOM pass']);
  });

  it('a card whose enabled profile has PPR1: the cases that must enable a test profile are inconclusive', async () => {
    const card = await EuiccEmulator.create();
    // The card's own profile: installed by the campaign's own session, with PPR1, and enabled.
    const es10 = new RecordedEs10Client(card);
    const identity = lab.identities[0];
    if (!identity) throw new Error('the SGP.26 PKI has an identity');
    const session = new DownloadSession(es10, identity, lab.address, Buffer.from(card.eid, 'hex'));
    await session.authenticate();
    await session.prepareDownload();
    const own = testProfile({ notificationAddress: lab.address, ppr: ['ppr1'] });
    await session.load(session.boundProfilePackage(own).pieces);
    await es10.enableProfile(own.iccid);
    await es10.close();
    const chosen = ['EC-ENABLE', 'EC-SWITCH', 'EC-DELETE', 'EB-NOTIF-MANAGEMENT'];
    const results = await runEuiccCampaign(
      card,
      EUICC_CASES.filter((c) => chosen.includes(c.id)),
      { lab, testCis: pki.trustedCis },
    );
    expect(results.map((r) => `${r.id} ${r.verdict} ${r.step ?? ''}`)).toEqual([
      'EC-ENABLE inconclusive enable a test profile',
      'EC-SWITCH inconclusive enable a test profile',
      'EC-DELETE pass ',
      'EB-NOTIF-MANAGEMENT inconclusive enable a test profile',
    ]);
    // Put back as found: the card's own profile alone, still enabled, its notifications kept.
    expect(card.profiles.map((p) => [p.iccid, p.state])).toEqual([[own.iccid.toString('hex'), 'enabled']]);
    expect(card.notifications.map((n) => n.event)).toEqual(['notificationInstall', 'notificationEnable']);
  });

  it('runs without --allow-destructive: the destructive case is inconclusive and the card untouched by it', async () => {
    const card = await EuiccEmulator.create();
    const destructive = EUICC_CASES.filter((c) => c.destructive);
    expect(destructive.map((c) => c.id)).toEqual([
      'EC-PPR1-DISABLE',
      'EC-PPR2-DELETE',
      'EC-MEMORY-RESET',
      'EB-LOADCRL',
    ]);
    const results = await runEuiccCampaign(card, destructive, { lab, testCis: pki.trustedCis });
    for (const result of results)
      expect(result).toMatchObject({
        verdict: 'inconclusive',
        reason: 'changes the card for good: runs only with --allow-destructive',
        exchanges: [],
      });
  });
});

describe('rspsim conformance euicc (CLI)', () => {
  const bin = fileURLToPath(new URL('../../bin/rspsim.mjs', import.meta.url));
  const rspsim = (...args: string[]) =>
    promisify(execFile)(process.execPath, [bin, ...args], { maxBuffer: 64 * 1024 * 1024 }).then(
      (done) => ({ ...done, code: 0 }),
      (failed: { stdout: string; stderr: string; code: number }) => failed,
    );

  it("reaches a card through lpac's stdio APDU driver protocol (--driver-command) and passes the campaign", async () => {
    const dir = tempDir('euicc-driver');
    const file = join(dir, 'euicc.json');
    await EuiccEmulator.create({ file });
    const command = `"${process.execPath}" "${bin}" euicc serve-stdio -f "${file}"`;
    const run = await rspsim(
      'conformance',
      'euicc',
      '--driver-command',
      command,
      '--allow-destructive',
      '--json',
    );
    const report = JSON.parse(run.stdout);
    expect(report.summary).toMatchObject({ total: EUICC_CASES.length, fail: 0, error: 0, inconclusive: 0 });
    expect(report).toMatchObject({ dut: 'euicc', target: `APDU driver command "${command}"` });
    expect(run.code).toBe(0);
    const stored = await EuiccEmulator.open(file);
    expect([stored.profiles, stored.notifications]).toEqual([[], []]);
  });

  it('says in one line what is missing', async () => {
    const none = await rspsim('conformance', 'euicc');
    expect(none.stderr).toBe('rspsim: give one of --builtin, --reader <name>, --driver-command <command>\n');
    const curve = await rspsim('conformance', 'euicc', '--builtin', '--builtin-curve', 'P-384');
    expect(curve.stderr).toBe('rspsim: --builtin-curve: unknown curve "P-384" (P-256, brainpoolP256r1)\n');
    const driver = await rspsim('conformance', 'euicc', '--driver-command', 'echo not a driver; exit 3');
    expect(driver.stderr).toBe('rspsim: connect: the APDU driver command ended\n');
    const upp = await rspsim('conformance', 'euicc', '--builtin', '--upp', bin);
    expect(upp.stderr).toMatch(/^rspsim: --upp .*: not a profile package with a ProfileHeader \(.*\)\n$/);
    const list = await rspsim('conformance', 'euicc', '--list', '--cases', 'EB-LBPP-MAC-*');
    expect(list.stdout.split('\n').at(-2)).toBe('4 cases');
  });
});
