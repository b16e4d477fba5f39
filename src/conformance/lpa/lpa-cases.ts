/**
 * The LPA-under-test cases: each entry of the scenario catalogue becomes a case with the behaviour SGP.22
 * expects of the LPA when the SM-DP+ does that (SGP.22 3.1.3, 3.5, 5.6), judged from what the SM-DP+ and the
 * eUICC observed — never from what the LPA prints. Nominal downloads on both curves and with a confirmation
 * code come first.
 */

import { CancelSessionReasons } from '../../asn1/rsp/index.ts';
import type { Curve } from '../../crypto/curve.ts';
import { EuiccEmulator } from '../../euicc/emulator.ts';
import type { EuiccState } from '../../euicc/state.ts';
import type { Scenario } from '../../rsp-server/scenarios/scenario.ts';
import type { RunnableCase } from '../campaign.ts';
import {
  CheckFailed,
  check,
  Inconclusive,
  judge,
  precondition,
  type Reading,
  type RemarkSink,
} from '../verdict.ts';
import type { Dut } from './dut.ts';
import { LAB_CONFIRMATION_CODE, type LpaLab } from './lab.ts';
import {
  DELIVERS_RESULT,
  ENDS_AFTER_REFUSAL,
  ENDS_SESSION,
  FINISHES,
  INSTALLS,
  KEEPS_UNACKNOWLEDGED,
  NO_BPP_WITHOUT_CONFIRMATION,
  REASON_AFTER_FAILURE,
  REASON_WITHOUT_CONFIRMATION,
  REMOVES_ACKNOWLEDGED,
  reasonName,
  STOPS_AFTER_FAILURE,
} from './lpa-readings.ts';
import { type LpaObservation, observe } from './observation.ts';

export interface LpaCaseContext extends RemarkSink {
  readonly lab: LpaLab;
  readonly dut: Dut;
  note(text: string): void;
  /** The exchanges the SM-DP+ traced during the case, for the reports. */
  record(observation: LpaObservation): void;
}

export type LpaCase = RunnableCase<LpaCaseContext>;

interface DutRun {
  readonly title: string;
  readonly whatToDo: string;
  readonly curve?: Curve;
  readonly confirmationCode?: string;
}

/** One run of the DUT on a fresh eUICC (unless it brings its own) for an order, then what was observed. */
async function runDut(
  context: LpaCaseContext,
  id: string,
  matchingId: string,
  run: DutRun,
): Promise<LpaObservation> {
  const euiccFile = `${context.lab.dir}/${id}.json`;
  if (!context.dut.ownEuicc)
    await precondition('a fresh emulated eUICC for the DUT', () =>
      EuiccEmulator.create({ file: euiccFile, curve: run.curve ?? 'P-256' }),
    );
  const since = Date.now();
  const outcome = await context.dut.run({
    caseId: id,
    caseTitle: run.title,
    whatToDo: run.whatToDo,
    activationCode: `LPA:1$${context.lab.smdp.address}$${matchingId}`,
    euiccFile,
    caFile: context.lab.caFile,
    ...(run.confirmationCode ? { confirmationCode: run.confirmationCode } : {}),
  });
  context.note(
    `DUT ${outcome.exitCode === null ? 'ended' : `exit ${outcome.exitCode}`}${outcome.timedOut ? ' (time limit reached)' : ''}: ${outcome.output.trim().split('\n').slice(-3).join(' | ')}`,
  );
  const observation = await observe(
    context.lab,
    since,
    matchingId,
    context.dut.ownEuicc ? undefined : euiccFile,
  );
  context.record(observation);
  if (outcome.skipped) throw new Inconclusive(outcome.output, 'the tester running the case');
  if (outcome.timedOut)
    throw new CheckFailed('the LPA', 'finished within the time limit', 'still running', FINISHES);
  return observation;
}

/** What SGP.22 expects of the LPA after one DUT run; remarks go to the case's context. */
type Expectation = (o: LpaObservation, context: LpaCaseContext) => void;

/** Judges an observation; the checks on the eUICC it could not make are noted with the verdict. */
function judged(context: LpaCaseContext, o: LpaObservation, expectation: Expectation): void {
  expectation(o, context);
  if (o.unobserved.length > 0)
    context.note(`not observable on the DUT's own eUICC: ${o.unobserved.join('; ')}`);
}

/** A check on the eUICC's state; a DUT with its own eUICC (a phone) shows none: listed, not judged. */
function checkEuicc(
  o: LpaObservation,
  what: string,
  expected: unknown,
  observed: (euicc: EuiccState) => unknown,
  reading: Reading,
): void {
  if (o.euicc) check(what, expected, observed(o.euicc), reading);
  else o.unobserved.push(what);
}

const noProfile = (o: LpaObservation, reading: Reading) =>
  checkEuicc(o, 'profiles on the eUICC', 0, (e) => e.profiles.length, reading);

const DOWNLOAD = 'scan the QR code (or type the activation code) and download the profile';
const PRESS = 'when the phone shows the result, press Enter here';

const last = (o: LpaObservation) => o.calls.at(-1) ?? 'none';

function expectInstalled(o: LpaObservation): void {
  checkEuicc(o, 'profiles on the eUICC', 1, (e) => e.profiles.length, INSTALLS);
  check(
    'installation results the SM-DP+ received',
    [true],
    o.installationResults.map((r) => r.success),
    DELIVERS_RESULT,
  );
  check("the order's state at the SM-DP+", 'installed', o.profileState, DELIVERS_RESULT);
  checkEuicc(
    o,
    'notifications left on the eUICC (removed once acknowledged)',
    [],
    (e) => e.notifications.map((n) => n.event),
    REMOVES_ACKNOWLEDGED,
  );
}

/**
 * The session ended with the Common Cancel Session procedure (a SHALL); the reason the LPA chose is judged by
 * `reasonReading` (a MAY: a reason outside `fitting` is a remark, never a failure) and always noted.
 */
function expectCancelled(
  o: LpaObservation,
  context: LpaCaseContext,
  reading: Reading,
  reasonReading: Reading,
  fitting: readonly number[],
): void {
  check('the last ES9+ call (the session ended)', 'cancelSession', last(o), reading);
  const reason = o.cancelReasons.at(-1);
  context.note(`cancelSession reason: ${reasonName(reason)}`);
  judge(
    context,
    reasonReading,
    'the CancelSessionReason',
    reason !== undefined && fitting.includes(reason),
    fitting.map(reasonName).join(' or '),
    `${reasonName(reason)} (the order is now ${o.profileState ?? 'gone'} at the SM-DP+)`,
  );
}

/**
 * The eUICC refused the SM-DP+ (AuthenticateServer or PrepareDownload answered an error): the LPA must not go
 * on, and must end the session — either with ES9+ cancelSession (SGP.22 3.1.3), or by handing the eUICC's
 * error answer to the SM-DP+ in `next` (authenticateClient / getBoundProfilePackage: the error CHOICEs of
 * AuthenticateServerResponse and PrepareDownloadResponse exist for that), which the SM-DP+ refuses. Which
 * reason a cancellation carries is not judged (SGP.22 names none here); it is noted.
 */
function expectSessionEndedAfterRefusal(o: LpaObservation, context: LpaCaseContext, next: string): void {
  const at = o.calls.indexOf(next);
  if (at >= 0) {
    // Handed over once, refused by the SM-DP+, and nothing after it but (optionally) cancelSession.
    check(
      `${next} calls (handing over the eUICC's error)`,
      1,
      o.calls.filter((c) => c === next).length,
      ENDS_AFTER_REFUSAL,
    );
    check(
      "the session's state at the SM-DP+ after the eUICC's error",
      'failed',
      o.sessions.at(-1)?.state,
      ENDS_AFTER_REFUSAL,
    );
    check(
      `ES9+ calls after ${next}`,
      [],
      o.calls.slice(at + 1).filter((c) => c !== 'cancelSession'),
      ENDS_AFTER_REFUSAL,
    );
  } else check('the last ES9+ call', 'cancelSession', last(o), ENDS_AFTER_REFUSAL);
  if (o.cancelReasons.length > 0) context.note(`cancelSession reason: ${reasonName(o.cancelReasons.at(-1))}`);
  noProfile(o, ENDS_AFTER_REFUSAL);
}

const FORBIDDEN_AFTER: Readonly<Record<string, string>> = {
  initiateAuthentication: 'authenticateClient',
  authenticateClient: 'getBoundProfilePackage',
};

/** Reasons that leave an order downloadable after a failure the End User did not cause. */
const DOWNLOADABLE_AGAIN = [CancelSessionReasons.postponed, CancelSessionReasons.timeout];

/** An expectation and the readings of SGP.22 it enforces (listed in every report). */
interface Judgement {
  readonly readings: readonly Reading[];
  readonly expect: Expectation;
}

const INSTALLED: Judgement = {
  readings: [INSTALLS, DELIVERS_RESULT, REMOVES_ACKNOWLEDGED, FINISHES],
  expect: expectInstalled,
};

/** What SGP.22 expects of the LPA for a catalogue entry; a string when a DUT run cannot show it. */
function judgeEntry(s: Scenario): Judgement | string {
  const action = s.action;
  if (s.function === 'cancelSession') {
    // The order needs a confirmation code and the DUT gets none: it must not download, and ends the
    // session (ES10b then ES9+ CancelSession, SGP.22 3.1.3.2), where the entry acts; whatever the answer,
    // the LPA goes no further. Declining and postponing are both the End User's to choose.
    return {
      readings: [NO_BPP_WITHOUT_CONFIRMATION, REASON_WITHOUT_CONFIRMATION, FINISHES],
      expect: (o, context) => {
        check(
          'getBoundProfilePackage called without the confirmation code',
          false,
          o.calls.includes('getBoundProfilePackage'),
          NO_BPP_WITHOUT_CONFIRMATION,
        );
        expectCancelled(o, context, NO_BPP_WITHOUT_CONFIRMATION, REASON_WITHOUT_CONFIRMATION, [
          CancelSessionReasons.endUserRejection,
          CancelSessionReasons.postponed,
        ]);
        noProfile(o, NO_BPP_WITHOUT_CONFIRMATION);
      },
    };
  }
  if (action.type === 'delay') return INSTALLED;
  if (action.type === 'requireConfirmationCode') return INSTALLED;
  if (action.type === 'certificate' && action.certificate === 'expired') return INSTALLED; // SGP.22 4.5.2.2
  if (
    (action.type === 'corrupt' && s.function === 'getBoundProfilePackage') ||
    action.type === 'wrongIccid'
  ) {
    // The eUICC refuses the BPP; the LPA delivers its signed ProfileInstallationResult (SGP.22 3.1.3.3, 5.6.4).
    return {
      readings: [DELIVERS_RESULT, REMOVES_ACKNOWLEDGED, FINISHES],
      expect: (o) => {
        check(
          'installation results the SM-DP+ received',
          [false],
          o.installationResults.map((r) => r.success),
          DELIVERS_RESULT,
        );
        noProfile(o, DELIVERS_RESULT);
        checkEuicc(
          o,
          'notifications left on the eUICC',
          [],
          (e) => e.notifications.map((n) => n.event),
          REMOVES_ACKNOWLEDGED,
        );
      },
    };
  }
  if (action.type === 'corrupt' || action.type === 'certificate') {
    const next = FORBIDDEN_AFTER[s.function];
    if (!next) return `no LPA expectation for a ${action.type} entry of ${s.function}`;
    return {
      readings: [ENDS_AFTER_REFUSAL, FINISHES],
      expect: (o, context) => expectSessionEndedAfterRefusal(o, context, next),
    };
  }
  // An SGP.22 error, an HTTP error, no answer or an unusable one (SGP.22 3.1.3, 6.5): the LPA stops there.
  switch (s.function) {
    case 'initiateAuthentication':
      return {
        readings: [STOPS_AFTER_FAILURE, FINISHES],
        expect: (o) => {
          check(
            'ES9+ calls after the failed initiateAuthentication',
            [],
            o.calls.filter((c) => c !== 'initiateAuthentication'),
            STOPS_AFTER_FAILURE,
          );
          noProfile(o, STOPS_AFTER_FAILURE);
        },
      };
    case 'authenticateClient':
      return {
        readings: [STOPS_AFTER_FAILURE, FINISHES],
        expect: (o) => {
          check(
            'getBoundProfilePackage called after the failed authenticateClient',
            false,
            o.calls.includes('getBoundProfilePackage'),
            STOPS_AFTER_FAILURE,
          );
          noProfile(o, STOPS_AFTER_FAILURE);
        },
      };
    case 'getBoundProfilePackage':
      // The session is ended with cancelSession (a SHALL); SGP.22 names no reason for this situation, so
      // the reason is a remark: endUserRejection leaves the order final where postponed/timeout would not.
      return {
        readings: [STOPS_AFTER_FAILURE, ENDS_SESSION, REASON_AFTER_FAILURE, FINISHES],
        expect: (o, context) => {
          check(
            'ES9+ calls after the failed getBoundProfilePackage',
            [],
            o.calls
              .slice(o.calls.lastIndexOf('getBoundProfilePackage') + 1)
              .filter((c) => c !== 'cancelSession'),
            STOPS_AFTER_FAILURE,
          );
          expectCancelled(o, context, ENDS_SESSION, REASON_AFTER_FAILURE, DOWNLOADABLE_AGAIN);
          noProfile(o, STOPS_AFTER_FAILURE);
        },
      };
    case 'handleNotification':
      // Not acknowledged: the notification stays on the eUICC for a later attempt (SGP.22 3.5).
      return {
        readings: [INSTALLS, KEEPS_UNACKNOWLEDGED, FINISHES],
        expect: (o) => {
          // Only the eUICC shows it: with the DUT's own eUICC nothing is left to judge.
          if (!o.euicc)
            throw new Inconclusive(
              "the notification kept on the DUT's own eUICC cannot be observed",
              "reading the DUT's eUICC",
            );
          check('profiles on the eUICC', 1, o.euicc.profiles.length, INSTALLS);
          check(
            'notifications left on the eUICC',
            ['notificationInstall'],
            o.euicc.notifications.map((n) => n.event),
            KEEPS_UNACKNOWLEDGED,
          );
        },
      };
  }
  return 'no expectation';
}

const sectionOf: Readonly<Record<string, string>> = {
  initiateAuthentication: '3.1.3, 5.6.1, 5.7.13',
  authenticateClient: '3.1.3, 5.6.3, 5.7.5',
  getBoundProfilePackage: '3.1.3, 5.6.2, 5.7.6',
  handleNotification: '3.5, 5.6.4',
  cancelSession: '3.1.3, 5.6.5',
};

export function lpaCases(scenarios: readonly Scenario[]): LpaCase[] {
  const nominal = (id: string, title: string, options: { curve?: Curve; cc?: boolean }): LpaCase => ({
    id,
    area: 'LPA nominal',
    title,
    reference: 'SGP.22 3.1.3; SGP.23 LPA',
    readings: INSTALLED.readings,
    run: async (context) => {
      // A phone's eUICC picks its curve itself: the case cannot make it use brainpool.
      if (context.dut.ownEuicc && options.curve === 'brainpoolP256r1')
        throw new Inconclusive("the curve is the DUT's own eUICC's choice", 'an eUICC on brainpoolP256r1');
      const matchingId = await precondition('a fresh order at the SM-DP+', () =>
        context.lab.order({ confirmationCode: options.cc === true }),
      );
      const observation = await runDut(context, id, matchingId, {
        title,
        whatToDo: `${DOWNLOAD}${options.cc ? ', entering the confirmation code when asked' : ''}; ${PRESS}`,
        ...(options.curve ? { curve: options.curve } : {}),
        ...(options.cc ? { confirmationCode: LAB_CONFIRMATION_CODE } : {}),
      });
      judged(context, observation, INSTALLED.expect);
    },
  });
  return [
    nominal('LPA-NOM-P256', 'a download on P-256 installs the profile and its result is acknowledged', {
      curve: 'P-256',
    }),
    nominal('LPA-NOM-BRP', 'a download on brainpoolP256r1 installs the profile', {
      curve: 'brainpoolP256r1',
    }),
    nominal('LPA-NOM-CC', 'a download with the confirmation code installs the profile', { cc: true }),
    ...scenarios.map((s): LpaCase => {
      const expectation = judgeEntry(s);
      // An entry that fails the first N calls (`times`) and then answers normally: N downloads meet the
      // failure, one more must succeed (so the case checks what the entry's description promises).
      const attempts = s.action.type === 'error' && (s.times ?? 1) > 1 ? (s.times ?? 1) + 1 : 1;
      const id = `LPA-${s.name.toUpperCase()}`;
      const title = s.description ?? s.name;
      const code = s.action.type === 'requireConfirmationCode' ? s.action.code : undefined;
      const whatToDo =
        s.function === 'cancelSession'
          ? `${DOWNLOAD}; when the phone asks for a confirmation code, cancel; ${PRESS}`
          : `${DOWNLOAD}${code ? ', entering the confirmation code when asked' : ''} (the SM-DP+ misbehaves on purpose: let the phone deal with it); ${PRESS}`;
      return {
        id,
        area: `LPA / SM-DP+ ${s.function}`,
        title,
        reference: `SGP.22 ${sectionOf[s.function]}; SGP.23 LPA`,
        ...(typeof expectation === 'string'
          ? {}
          : {
              readings:
                attempts > 1 ? [...expectation.readings, ...INSTALLED.readings] : expectation.readings,
            }),
        run: async (context) => {
          if (typeof expectation === 'string') throw new Inconclusive(expectation);
          const engine = context.lab.smdp.scenarios;
          const matchingId = await precondition('a fresh order at the SM-DP+', () =>
            context.lab.order({
              ppk: s.action.type === 'corrupt' && s.action.group === 2,
              // The LPA cancels a session (where cancelSession entries act) when the user gives no code.
              confirmationCode: s.function === 'cancelSession',
            }),
          );
          // The entry acts on this run's order: a copy of it scoped to that order (or, for an entry that
          // cannot know the order, the entry itself switched on for this run only).
          const run =
            s.enabled === false ? s : { ...s, name: `${s.name}.${matchingId}`, match: { matchingId } };
          if (run === s) engine.setEnabled(s.name, true);
          else engine.add(run);
          try {
            for (let attempt = 1; attempt <= attempts; attempt++) {
              const final = attempt > 1 && attempt === attempts;
              if (attempt > 1) {
                // Each download after a failed one needs the order downloadable again (the reason the LPA
                // cancelled with decides that); the last one, the entry spent, must succeed.
                const state = (await context.lab.smdp.context.profiles.findByMatchingId(matchingId))?.state;
                if (state !== 'released')
                  throw new Inconclusive(
                    `after ${attempt - 1} failed download(s) the order is ${state ?? 'gone'} at the SM-DP+, not downloadable again (see the cancelSession reason noted)`,
                    `the order downloadable again for download ${attempt} of ${attempts}`,
                  );
              }
              const used = engine.uses(run.name);
              const observation = await runDut(context, attempt === 1 ? id : `${id}-${attempt}`, matchingId, {
                title,
                whatToDo,
                ...(code ? { confirmationCode: code } : {}),
              });
              // cancelSession entries act where the LPA must go (the expectation judges not getting there).
              if (s.function === 'cancelSession') judged(context, observation, expectation.expect);
              // The entry never acted: the DUT did not get to the function under test, so nothing was shown.
              if (!final && engine.uses(run.name) === used)
                throw new Inconclusive(
                  `the DUT never reached ${s.function}, where the entry acts${attempts > 1 ? ` (download ${attempt} of ${attempts})` : ''}`,
                  `the DUT reaching ${s.function}`,
                );
              if (s.function !== 'cancelSession')
                judged(context, observation, final ? INSTALLED.expect : expectation.expect);
            }
          } finally {
            if (run === s) engine.setEnabled(s.name, false);
            else engine.remove(run.name);
          }
        },
      };
    }),
  ];
}
