import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseResult, runCampaign } from '../../src/conformance/campaign.ts';
import { SMDP_CASES } from '../../src/conformance/smdp-catalogue.ts';
import type { SmdpTarget } from '../../src/conformance/target.ts';
import { RspError } from '../../src/errors/rsp-error.ts';
import { validateScenario } from '../../src/rsp-server/scenarios/scenario.ts';
import type { StepHooks } from '../../src/rsp-server/steps.ts';
import type { Es9FunctionState } from '../../src/smdp/es9/es9-list.ts';
import { startConformanceSmdp } from '../helpers/conformance-smdp.ts';

/**
 * Fairness of `rspsim conformance smdp`: an SM-DP+ that behaves otherwise than rspsim but still as SGP.22
 * allows gets no fail. Each variant is rspsim changed the way the broken-server test changes it (a scenario,
 * or a step hook where SGP.22 leaves a choice no scenario makes): binding afresh on every retry, refusing a
 * new binding with 8.2/3.7, reporting a missing element under another subject (x/2.2), refusing with
 * another code where SGP.22 names none, acknowledging a notification it cannot verify. Where the variant
 * takes a SHOULD/MAY path, the verdict is pass-with-remark, never fail.
 */
type Verdicts = Readonly<Record<string, 'pass' | 'pass-with-remark'>>;

const shown = (r: CaseResult) =>
  `${r.id}: ${r.verdict} ${r.check ?? ''} expected ${r.expected} observed ${r.observed} ${r.reason ?? ''} ${r.remarks.map((m) => m.what).join(',')}`;

/** Runs the cases named in `verdicts` and expects exactly those verdicts; a remark only on a SHOULD / MAY. */
async function expectVerdicts(target: SmdpTarget, verdicts: Verdicts): Promise<void> {
  const results = await runCampaign(
    target,
    SMDP_CASES.filter((c) => c.id in verdicts),
  );
  expect(Object.fromEntries(results.map((r) => [r.id, r.verdict])), results.map(shown).join('\n')).toEqual(
    verdicts,
  );
  for (const r of results)
    for (const remark of r.remarks) expect(['SHOULD', 'MAY'], r.id).toContain(remark.reading.word);
}

/** The session of a getBoundProfilePackage state, when the step has found it. */
const sessionOf = (state: Es9FunctionState) => ('session' in state ? state.session : undefined);

/** Never offers an earlier binding again: no bppEuiccOtpk in smdpSigned2, a new binding on every retry. */
const BINDS_AFRESH: StepHooks<Es9FunctionState> = {
  after: (fn, step, state) => {
    if (fn === 'authenticateClient' && step === 'findEarlierBinding' && 'bppEuiccOtpk' in state)
      state.bppEuiccOtpk = undefined;
  },
};

/** Offers the earlier binding, and refuses to bind again to another key (8.2/3.7, SGP.22 5.6.2). */
const NO_NEW_BINDING: StepHooks<Es9FunctionState> = {
  before: (fn, step, state) => {
    if (fn !== 'getBoundProfilePackage' || step !== 'bindProfilePackage') return;
    if (sessionOf(state)?.bppEuiccOtpk && !('bpp' in state && state.bpp))
      throw new RspError('bppNotAvailable', 'this SM-DP+ binds a profile once');
  },
};

const HOOKED_VARIANTS: readonly { name: string; hooks: StepHooks<Es9FunctionState>; verdicts: Verdicts }[] = [
  {
    name: 'binds afresh on every retry',
    hooks: BINDS_AFRESH,
    verdicts: {
      'GBPP-NOM-P256': 'pass',
      // Offering the earlier binding is a MAY: its absence is a remark.
      'GBPP-RETRY-BPP-EUICC-OTPK': 'pass-with-remark',
      'GBPP-RETRY-SAME-OTPK': 'pass',
      'GBPP-RETRY-NEW-OTPK': 'pass',
      'CS-ORDER-AFTER-POSTPONED': 'pass',
    },
  },
  {
    name: 'refuses a new binding with 8.2/3.7',
    hooks: NO_NEW_BINDING,
    verdicts: {
      'GBPP-NOM-P256': 'pass',
      'GBPP-RETRY-BPP-EUICC-OTPK': 'pass',
      'GBPP-RETRY-SAME-OTPK': 'pass',
      'GBPP-RETRY-NEW-OTPK': 'pass',
    },
  },
];

/** rspsim answering otherwise through a scenario on one function (a scenario acts on every call of it). */
const SCENARIO_VARIANTS: readonly { scenario: Record<string, unknown>; verdicts: Verdicts }[] = [
  {
    // A missing element reported under its own subject (8.1.1 EID here), reason 2.2: as allowed as 1.3.1/2.2.
    scenario: {
      name: 'missing-element-other-subject',
      function: 'authenticateClient',
      step: 'readRequest',
      action: { type: 'error', code: 'eidMissing' },
    },
    verdicts: {
      'AC-INPUT-MISSING-TRANSACTIONID': 'pass',
      'AC-INPUT-MISSING-AUTHENTICATESERVERRESPONSE': 'pass',
      // Reason 2.2 where 2.1 Invalid is read: a remark (SHOULD), not a fail.
      'AC-INPUT-NOT-BASE64-AUTHENTICATESERVERRESPONSE': 'pass-with-remark',
    },
  },
  {
    // Refusals SGP.22 names no code for, answered with another code (1.2/4.2 Execution Error).
    scenario: {
      name: 'other-refusal-code',
      function: 'getBoundProfilePackage',
      step: 'readRequest',
      action: { type: 'error', code: 'executionError' },
    },
    verdicts: {
      'GBPP-ERR-BEFORE-AUTHENTICATION': 'pass-with-remark',
      'GBPP-ERR-OTPK-NOT-A-POINT': 'pass-with-remark',
    },
  },
  {
    // The EID range check reported as another x/6.1 (pySim answers 8.1.4/6.1; 8.1/6.1 here).
    scenario: {
      name: 'eid-range-other-subject',
      function: 'authenticateClient',
      step: 'readRequest',
      action: { type: 'error', code: 'euiccSignatureInvalid' },
    },
    verdicts: { 'AC-ERR-EID-OUT-OF-RANGE': 'pass-with-remark' },
  },
  {
    // An installation result of a session it never opened, acknowledged (pySim's SM-DP+ does so).
    scenario: {
      name: 'acknowledges-unknown-session',
      function: 'handleNotification',
      step: 'readRequest',
      action: { type: 'http', status: 204, body: '' },
    },
    verdicts: { 'HN-PIR-TXID-UNKNOWN': 'pass-with-remark' },
  },
];

describe('conformance smdp against correct but differently-behaved SM-DP+s', () => {
  it.each(HOOKED_VARIANTS.map((v) => [v.name, v] as const))(
    '%s: no fail',
    async (_name, v) => {
      const running = await startConformanceSmdp(40, { hooks: v.hooks });
      try {
        await expectVerdicts(running.target, v.verdicts);
      } finally {
        await running.close();
      }
    },
    120_000,
  );

  describe('through scenarios', () => {
    let running: Awaited<ReturnType<typeof startConformanceSmdp>>;
    beforeAll(async () => {
      running = await startConformanceSmdp(20);
    });
    afterAll(() => running?.close());

    it.each(SCENARIO_VARIANTS.map((v) => [v.scenario.name as string, v] as const))(
      '%s: no fail',
      async (_name, v) => {
        const scenario = validateScenario(v.scenario);
        running.smdp.scenarios.add(scenario);
        try {
          await expectVerdicts(running.target, v.verdicts);
        } finally {
          running.smdp.scenarios.remove(scenario.name);
        }
      },
      60_000,
    );
  });
});
