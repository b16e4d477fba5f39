/**
 * The LPA-under-test cases: each entry of the scenario catalogue becomes a case with the behaviour SGP.22
 * expects of the LPA when the SM-DP+ does that (SGP.22 3.1.3, 3.5, 5.6), judged from what the SM-DP+ and the
 * eUICC observed — never from what the LPA prints. Nominal downloads on both curves and with a confirmation
 * code come first.
 */
import type { Curve } from '../../crypto/curve.ts';
import { EuiccEmulator } from '../../euicc/emulator.ts';
import type { EuiccState } from '../../euicc/state.ts';
import type { Scenario } from '../../rsp-server/scenarios/scenario.ts';
import type { RunnableCase } from '../campaign.ts';
import { CheckFailed, check, Inconclusive, type RemarkSink } from '../verdict.ts';
import type { Dut } from './dut.ts';
import { LAB_CONFIRMATION_CODE, type LpaLab } from './lab.ts';
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
  if (!context.dut.ownEuicc) await EuiccEmulator.create({ file: euiccFile, curve: run.curve ?? 'P-256' });
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
  if (outcome.skipped) throw new Inconclusive(outcome.output);
  if (outcome.timedOut)
    throw new CheckFailed('the LPA', 'finishes within the time limit (no stuck session)', 'still running');
  return observation;
}

/** Judges an observation; the checks on the eUICC it could not make are noted with the verdict. */
function judged(context: LpaCaseContext, o: LpaObservation, expectation: (o: LpaObservation) => void): void {
  expectation(o);
  if (o.unobserved.length > 0)
    context.note(`not observable on the DUT's own eUICC: ${o.unobserved.join('; ')}`);
}

/** A check on the eUICC's state; a DUT with its own eUICC (a phone) shows none: listed, not judged. */
function checkEuicc(
  o: LpaObservation,
  what: string,
  expected: unknown,
  observed: (euicc: EuiccState) => unknown,
): void {
  if (o.euicc) check(what, expected, observed(o.euicc));
  else o.unobserved.push(what);
}

const noProfile = (o: LpaObservation) => checkEuicc(o, 'profiles on the eUICC', 0, (e) => e.profiles.length);

const DOWNLOAD = 'scan the QR code (or type the activation code) and download the profile';
const PRESS = 'when the phone shows the result, press Enter here';

const last = (o: LpaObservation) => o.calls.at(-1) ?? 'none';

function expectInstalled(o: LpaObservation): void {
  checkEuicc(o, 'profiles on the eUICC', 1, (e) => e.profiles.length);
  check(
    'installation results the SM-DP+ received',
    [true],
    o.installationResults.map((r) => r.success),
  );
  check("the order's state at the SM-DP+", 'installed', o.profileState);
  checkEuicc(o, 'notifications left on the eUICC (removed once acknowledged)', [], (e) =>
    e.notifications.map((n) => n.event),
  );
}

/**
 * The eUICC refused the SM-DP+ (AuthenticateServer or PrepareDownload answered an error): the LPA must not go
 * on, and must end the session — either with ES9+ cancelSession (SGP.22 3.1.3), or by handing the eUICC's
 * error answer to the SM-DP+ in `next` (authenticateClient / getBoundProfilePackage: the error CHOICEs of
 * AuthenticateServerResponse and PrepareDownloadResponse exist for that), which the SM-DP+ refuses.
 */
function expectSessionEndedAfterRefusal(o: LpaObservation, next: string): void {
  const at = o.calls.indexOf(next);
  if (at >= 0) {
    // Handed over once, refused by the SM-DP+, and nothing after it but (optionally) cancelSession.
    check(`${next} calls (handing over the eUICC's error)`, 1, o.calls.filter((c) => c === next).length);
    check("the session's state at the SM-DP+ after the eUICC's error", 'failed', o.sessions.at(-1)?.state);
    check(
      `ES9+ calls after ${next}`,
      [],
      o.calls.slice(at + 1).filter((c) => c !== 'cancelSession'),
    );
  } else check('the last ES9+ call', 'cancelSession', last(o));
  noProfile(o);
}

const FORBIDDEN_AFTER: Readonly<Record<string, string>> = {
  initiateAuthentication: 'authenticateClient',
  authenticateClient: 'getBoundProfilePackage',
};

/** What SGP.22 expects of the LPA for a catalogue entry; undefined when a DUT run cannot show it. */
function judge(s: Scenario): ((o: LpaObservation) => void) | string {
  const action = s.action;
  if (s.function === 'cancelSession') {
    // The order needs a confirmation code and the DUT gets none: it must postpone, ES10b then ES9+
    // CancelSession (SGP.22 3.1.3.2), where the entry acts; whatever the answer, the LPA goes no further.
    return (o) => {
      check('the last ES9+ call', 'cancelSession', last(o));
      check(
        'getBoundProfilePackage called without the confirmation code',
        false,
        o.calls.includes('getBoundProfilePackage'),
      );
      noProfile(o);
    };
  }
  if (action.type === 'delay') return expectInstalled;
  if (action.type === 'requireConfirmationCode') return expectInstalled;
  if (action.type === 'certificate' && action.certificate === 'expired') return expectInstalled; // SGP.22 4.5.2.2
  if (
    (action.type === 'corrupt' && s.function === 'getBoundProfilePackage') ||
    action.type === 'wrongIccid'
  ) {
    // The eUICC refuses the BPP; the LPA delivers its signed ProfileInstallationResult (SGP.22 3.1.3.3, 5.6.4).
    return (o) => {
      check(
        'installation results the SM-DP+ received',
        [false],
        o.installationResults.map((r) => r.success),
      );
      noProfile(o);
      checkEuicc(o, 'notifications left on the eUICC', [], (e) => e.notifications.map((n) => n.event));
    };
  }
  if (action.type === 'corrupt' || action.type === 'certificate') {
    return (o) => expectSessionEndedAfterRefusal(o, FORBIDDEN_AFTER[s.function]!);
  }
  // An SGP.22 error, an HTTP error, no answer or an unusable one (SGP.22 3.1.3, 6.5): the LPA stops there.
  switch (s.function) {
    case 'initiateAuthentication':
      return (o) => {
        check(
          'ES9+ calls after the failed initiateAuthentication',
          [],
          o.calls.filter((c) => c !== 'initiateAuthentication'),
        );
        noProfile(o);
      };
    case 'authenticateClient':
      return (o) => {
        check(
          'getBoundProfilePackage called after the failed authenticateClient',
          false,
          o.calls.includes('getBoundProfilePackage'),
        );
        noProfile(o);
      };
    case 'getBoundProfilePackage':
      return (o) => {
        check('the last ES9+ call (the session ended, not left stuck)', 'cancelSession', last(o));
        noProfile(o);
        check("the order's state at the SM-DP+ (downloadable again)", 'released', o.profileState);
      };
    case 'handleNotification':
      // Not acknowledged: the notification stays on the eUICC for a later attempt (SGP.22 3.5).
      return (o) => {
        // Only the eUICC shows it: with the DUT's own eUICC nothing is left to judge.
        if (!o.euicc)
          throw new Inconclusive("the notification kept on the DUT's own eUICC cannot be observed");
        check('profiles on the eUICC', 1, o.euicc.profiles.length);
        check(
          'notifications left on the eUICC',
          ['notificationInstall'],
          o.euicc.notifications.map((n) => n.event),
        );
      };
  }
  return 'no expectation';
}

const sectionOf: Readonly<Record<string, string>> = {
  initiateAuthentication: '3.1.3, 5.6.1, 5.7.13',
  authenticateClient: '3.1.3, 5.6.2, 5.7.5',
  getBoundProfilePackage: '3.1.3, 5.6.3, 5.7.6',
  handleNotification: '3.5, 5.6.4',
  cancelSession: '3.1.3, 5.6.5',
};

export function lpaCases(scenarios: readonly Scenario[]): LpaCase[] {
  const nominal = (id: string, title: string, options: { curve?: Curve; cc?: boolean }): LpaCase => ({
    id,
    area: 'LPA nominal',
    title,
    reference: 'SGP.22 3.1.3; SGP.23 LPA',
    run: async (context) => {
      // A phone's eUICC picks its curve itself: the case cannot make it use brainpool.
      if (context.dut.ownEuicc && options.curve === 'brainpoolP256r1')
        throw new Inconclusive("the curve is the DUT's own eUICC's choice");
      const matchingId = await context.lab.order({ confirmationCode: options.cc === true });
      const observation = await runDut(context, id, matchingId, {
        title,
        whatToDo: `${DOWNLOAD}${options.cc ? ', entering the confirmation code when asked' : ''}; ${PRESS}`,
        ...(options.curve ? { curve: options.curve } : {}),
        ...(options.cc ? { confirmationCode: LAB_CONFIRMATION_CODE } : {}),
      });
      judged(context, observation, expectInstalled);
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
      const expectation = judge(s);
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
        run: async (context) => {
          if (typeof expectation === 'string') throw new Inconclusive(expectation);
          const engine = context.lab.smdp.scenarios;
          const matchingId = await context.lab.order({
            ppk: s.action.type === 'corrupt' && s.action.group === 2,
            // The LPA cancels a session (where cancelSession entries act) when the user gives no code.
            confirmationCode: s.function === 'cancelSession',
          });
          // The entry acts on this run's order: a copy of it scoped to that order (or, for an entry that
          // cannot know the order, the entry itself switched on for this run only).
          const run =
            s.enabled === false ? s : { ...s, name: `${s.name}.${matchingId}`, match: { matchingId } };
          if (run === s) engine.setEnabled(s.name, true);
          else engine.add(run);
          try {
            const observation = await runDut(context, id, matchingId, {
              title,
              whatToDo,
              ...(code ? { confirmationCode: code } : {}),
            });
            judged(context, observation, expectation);
            // The behaviour held, but the entry never acted: nothing was shown about it.
            if (engine.uses(run.name) === 0)
              throw new Inconclusive(`the DUT never reached ${s.function}, where the entry acts`);
          } finally {
            if (run === s) engine.setEnabled(s.name, false);
            else engine.remove(run.name);
          }
        },
      };
    }),
  ];
}
