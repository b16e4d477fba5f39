/**
 * SGP.23 area "complete flows": whole downloads by the built-in LPA (src/lpa) with the emulated eUICC —
 * both curves, confirmation code, EID-bound orders, the user's refusal and postponement, two profiles on one
 * eUICC, the eUICC refusing PrepareDownload with each DownloadErrorCode, the profile's later notifications.
 */

import { DownloadErrorCodes } from '../../asn1/rsp/index.ts';
import { CURVES, type Curve } from '../../crypto/curve.ts';
import { type DownloadOptions, type DownloadResult, downloadProfile } from '../../lpa/download.ts';
import { ANSWER_READINGS } from '../answer-checks.ts';
import { type CaseContext, type ConformanceCase, ref } from '../conformance-case.ts';
import { errorReasonLabel } from '../error-reason.ts';
import { RecordedEs9Transport } from '../lpa-transport.ts';
import type { TestOrder } from '../orders.ts';
import { describeAnswer, expectRefusal, expectSuccess, refusedWith } from '../sgp22-answer.ts';
import type { TestDevice } from '../test-device.ts';
import { CheckFailed, check, Inconclusive, precondition, type Reading, shall } from '../verdict.ts';

const area = 'Complete flows';

/**
 * The readings of the whole download (SGP.22 3.1.3) the flows enforce: the built-in LPA drives the SM-DP+
 * as any LPA would; a download it cannot finish fails on the function that refused it.
 */
const R = {
  download: shall(
    'SGP.22 3.1.3',
    'a released order is downloaded and installed by an eUICC through initiateAuthentication, authenticateClient, getBoundProfilePackage and handleNotification',
    "lpac and pySim's osmo-smdpp run the same sequence",
  ),
  cancelled: shall(
    'SGP.22 3.1.3, 5.6.5',
    "the LPA's cancelSession (signed by the eUICC) is accepted and ends the session: sent again it is refused with 8.10.1/3.9",
    "pySim's osmo-smdpp removes the session on cancelSession and answers 8.10.1/3.9 for it afterwards",
  ),
  notifications: ANSWER_READINGS.handleNotification,
} as const satisfies Record<string, Reading>;

/** One download by the built-in LPA; its failure is what the case judges. */
async function lpaDownload(
  context: CaseContext,
  device: TestDevice,
  matchingId: string,
  options: Partial<DownloadOptions> = {},
): Promise<{ result?: DownloadResult; error?: Error }> {
  try {
    const result = await downloadProfile({
      activationCode: `LPA:1$${context.target.address}$${matchingId}`,
      euicc: device.euicc,
      es9Client: new RecordedEs9Transport(context.es9),
      ...options,
    });
    return { result };
  } catch (error) {
    return { error: error as Error };
  }
}

function expectInstalled(device: TestDevice, run: { result?: DownloadResult; error?: Error }): void {
  if (run.error)
    throw new CheckFailed(
      'download by the built-in LPA',
      'the profile installed',
      run.error.message,
      R.download,
    );
  check(
    'ProfileInstallationResult',
    'success',
    run.result?.success
      ? 'success'
      : // The download just ended: the emulator's last refusal is this one.
        errorReasonLabel(run.result?.errorResult?.errorReason, device.euicc.lastInstallationRefusal?.detail),
    R.download,
  );
  check(
    'profile on the eUICC',
    true,
    device.euicc.profiles.some((p) => p.iccid === run.result?.iccid.toString('hex')),
    R.download,
  );
}

/**
 * The built-in LPA got as far as the step a case needs (the user's choice, the eUICC's refusal): a run that
 * stopped elsewhere did not establish the case's precondition — inconclusive, naming where it stopped.
 */
/** The code of an order asked with one; an order source that gives none leaves the case inconclusive. */
function confirmationCodeOf(order: TestOrder): string {
  if (order.confirmationCode === undefined)
    throw new Inconclusive('the order source gave an order without its confirmation code');
  return order.confirmationCode;
}

function reached(step: string, expected: string, run: { error?: Error }): void {
  const observed = run.error?.message ?? 'installed';
  if (observed !== expected)
    throw new Inconclusive(
      `precondition not established: ${step} (the download ended with: ${observed})`,
      step,
    );
}

/** The session the LPA ended is gone: its cancelSession sent again is 8.10.1/3.9. */
async function expectCancelledSession(context: CaseContext): Promise<void> {
  const sent = context.es9.exchanges.filter((e) => e.path.endsWith('/cancelSession'));
  const last = sent.at(-1);
  // The built-in LPA is ours: a run without cancelSession is a fault of the runner, not of the DUT.
  if (!last) throw new Error('the built-in LPA did not send cancelSession');
  expectSuccess('cancelSession', { status: last.status, body: last.response }, R.cancelled);
  const again = await context.es9.post(last.path, last.request, { 'X-Admin-Protocol': 'gsma/rsp/v2.2.2' });
  expectRefusal(
    context,
    'cancelSession of the ended session',
    again,
    refusedWith('transactionIdUnknown', R.cancelled),
  );
}

const nominal = (curve: Curve): ConformanceCase => ({
  id: `FLOW-LPA-${curve === 'P-256' ? 'P256' : 'BRP'}`,
  area,
  curve,
  title: `a whole download on ${curve} by the built-in LPA installs the profile`,
  reference: ref('3.1.3', area),
  readings: [R.download],
  run: async (context) => {
    const order = await context.order();
    const device = context.device();
    expectInstalled(device, await lpaDownload(context, device, order.matchingId));
  },
});

export const completeFlowCases: ConformanceCase[] = [
  ...CURVES.map(nominal),
  {
    id: 'FLOW-LPA-CC',
    area,
    title: 'a whole download with the confirmation code installs the profile',
    reference: ref('3.1.3, 3.1.3.2', area),
    readings: [R.download],
    run: async (context) => {
      const order = await context.order({ confirmationCode: true });
      const device = context.device();
      expectInstalled(
        device,
        await lpaDownload(context, device, order.matchingId, { confirmationCode: confirmationCodeOf(order) }),
      );
    },
  },
  {
    id: 'FLOW-LPA-CC-POSTPONED',
    area,
    title:
      'without the confirmation code the LPA postpones (cancelSession postponed); later the same eUICC downloads with the code',
    reference: ref('3.1.3, 5.6.5', area),
    readings: [R.cancelled, R.download],
    run: async (context) => {
      const order = await context.order({ confirmationCode: true });
      const device = context.device();
      const first = await lpaDownload(context, device, order.matchingId);
      reached(
        'the first attempt asks for the confirmation code',
        'confirm: this profile needs a confirmation code',
        first,
      );
      await expectCancelledSession(context);
      expectInstalled(
        device,
        await lpaDownload(context, device, order.matchingId, { confirmationCode: confirmationCodeOf(order) }),
      );
    },
  },
  {
    id: 'FLOW-LPA-EID-ORDER',
    area,
    title: 'an order bound to the EID of the eUICC downloads by its activation code',
    reference: ref('3.1.3, 5.3.2', area),
    readings: [R.download],
    run: async (context) => {
      const device = context.device();
      const order = await context.order({ eid: device.eid });
      expectInstalled(device, await lpaDownload(context, device, order.matchingId));
    },
  },
  {
    id: 'FLOW-LPA-USER-REJECTS',
    area,
    title: 'the user refuses the profile: the LPA ends the session (endUserRejection), the SM-DP+ accepts it',
    reference: ref('3.1.3, 5.6.5', area),
    readings: [R.cancelled],
    run: async (context) => {
      const order = await context.order();
      const device = context.device();
      const run = await lpaDownload(context, device, order.matchingId, { confirm: () => false });
      reached("the download reaches the user's confirmation", 'confirm: the user refused the profile', run);
      await expectCancelledSession(context);
    },
  },
  {
    id: 'FLOW-LPA-TWO-PROFILES',
    area,
    title: 'two orders download one after the other onto the same eUICC',
    reference: ref('3.1.3', area),
    readings: [R.download],
    run: async (context) => {
      const device = context.device();
      for (let i = 0; i < 2; i++)
        expectInstalled(device, await lpaDownload(context, device, (await context.order()).matchingId));
      check('profiles on the eUICC', 2, device.euicc.profiles.length, R.download);
    },
  },
  {
    id: 'FLOW-LPA-NOTIFICATIONS',
    area,
    title:
      'enable, disable and delete of the downloaded profile: each notification the eUICC signs is accepted (204)',
    reference: ref('3.5, 5.6.4, 5.7.10', area),
    readings: [R.download, R.notifications],
    run: async (context) => {
      const order = await context.order();
      const device = context.device();
      const run = await lpaDownload(context, device, order.matchingId);
      await precondition('the download of the profile', async () => expectInstalled(device, run));
      const iccid = run.result?.iccid;
      if (!iccid) throw new Error('the download installed no profile'); // expectInstalled checked it
      await device.es10.enableProfile(iccid);
      await device.es10.disableProfile(iccid);
      await device.es10.deleteProfile(iccid);
      const pending = await device.es10.retrieveNotifications();
      if (pending.length === 0)
        throw new Inconclusive('the profile asks for no enable/disable/delete notification');
      for (const der of pending) {
        const answer = await device.handleNotification(der);
        check('handleNotification', 'HTTP 204', describeAnswer(answer), R.notifications);
      }
      context.note(`${pending.length} notifications delivered`);
    },
  },
  ...Object.entries(DownloadErrorCodes).map(
    ([name, code]): ConformanceCase => ({
      id: `FLOW-LPA-PREPARE-REFUSED-${name.replace(/[A-Z]/g, (c) => `-${c}`).toUpperCase()}`,
      area,
      title: `the eUICC refuses PrepareDownload (${name}, ${code}): the LPA ends the session, the SM-DP+ accepts the cancellation`,
      reference: ref('3.1.3, 5.7.5, 5.6.5', area),
      readings: [R.cancelled],
      run: async (context) => {
        const order = await context.order();
        const device = context.device({
          scenarios: [{ name: 'refuse', function: 'prepareDownload', answer: { type: 'error', code: name } }],
        });
        const run = await lpaDownload(context, device, order.matchingId);
        reached(
          "the download reaches the eUICC's PrepareDownload",
          `prepareDownload: the eUICC refused the download (downloadErrorCode ${code})`,
          run,
        );
        await expectCancelledSession(context);
      },
    }),
  ),
];
