/**
 * SGP.23 area "complete flows": whole downloads by the built-in LPA (src/lpa) with the emulated eUICC —
 * both curves, confirmation code, EID-bound orders, the user's refusal and postponement, two profiles on one
 * eUICC, the eUICC refusing PrepareDownload with each DownloadErrorCode, the profile's later notifications.
 */
import { DownloadErrorCodes } from '../../asn1/rsp/index.ts';
import { CURVES, type Curve } from '../../crypto/curve.ts';
import { type DownloadOptions, type DownloadResult, downloadProfile } from '../../lpa/download.ts';
import { type CaseContext, type ConformanceCase, ref } from '../conformance-case.ts';
import { RecordedEs9Transport } from '../lpa-transport.ts';
import { describeAnswer, expectStatusCode } from '../sgp22-answer.ts';
import type { TestDevice } from '../test-device.ts';
import { CheckFailed, check, Inconclusive } from '../verdict.ts';

const area = 'Complete flows';

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
    throw new CheckFailed('download by the built-in LPA', 'the profile installed', run.error.message);
  check(
    'ProfileInstallationResult',
    'success',
    run.result?.success ? 'success' : `errorReason ${run.result?.errorResult?.errorReason}`,
  );
  check(
    'profile on the eUICC',
    true,
    device.euicc.profiles.some((p) => p.iccid === run.result!.iccid.toString('hex')),
  );
}

/** The session the LPA ended is gone: its cancelSession sent again is 8.10.1/3.9. */
async function expectCancelledSession(context: CaseContext): Promise<void> {
  const sent = context.es9.exchanges.filter((e) => e.path.endsWith('/cancelSession'));
  const last = sent.at(-1);
  if (!last) throw new CheckFailed('the LPA', 'ends the session with cancelSession', 'no cancelSession');
  check('cancelSession', 'Executed-Success', describeAnswer({ status: last.status, body: last.response }));
  const again = await context.es9.post(last.path, last.request, { 'X-Admin-Protocol': 'gsma/rsp/v2.2.2' });
  expectStatusCode('cancelSession of the ended session', again, 'transactionIdUnknown');
}

const nominal = (curve: Curve): ConformanceCase => ({
  id: `FLOW-LPA-${curve === 'P-256' ? 'P256' : 'BRP'}`,
  area,
  curve,
  title: `a whole download on ${curve} by the built-in LPA installs the profile`,
  reference: ref('3.1.3', area),
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
    run: async (context) => {
      const order = await context.order({ confirmationCode: true });
      const device = context.device();
      expectInstalled(
        device,
        await lpaDownload(context, device, order.matchingId, { confirmationCode: order.confirmationCode! }),
      );
    },
  },
  {
    id: 'FLOW-LPA-CC-POSTPONED',
    area,
    title:
      'without the confirmation code the LPA postpones (cancelSession postponed); later the same eUICC downloads with the code',
    reference: ref('3.1.3, 5.6.5', area),
    run: async (context) => {
      const order = await context.order({ confirmationCode: true });
      const device = context.device();
      const first = await lpaDownload(context, device, order.matchingId);
      check(
        'the first attempt',
        'confirm: this profile needs a confirmation code',
        first.error?.message ?? 'installed',
      );
      await expectCancelledSession(context);
      expectInstalled(
        device,
        await lpaDownload(context, device, order.matchingId, { confirmationCode: order.confirmationCode! }),
      );
    },
  },
  {
    id: 'FLOW-LPA-EID-ORDER',
    area,
    title: 'an order bound to the EID of the eUICC downloads by its activation code',
    reference: ref('3.1.3, 5.3.2', area),
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
    run: async (context) => {
      const order = await context.order();
      const device = context.device();
      const run = await lpaDownload(context, device, order.matchingId, { confirm: () => false });
      check('the download', 'confirm: the user refused the profile', run.error?.message ?? 'installed');
      await expectCancelledSession(context);
    },
  },
  {
    id: 'FLOW-LPA-TWO-PROFILES',
    area,
    title: 'two orders download one after the other onto the same eUICC',
    reference: ref('3.1.3', area),
    run: async (context) => {
      const device = context.device();
      for (let i = 0; i < 2; i++)
        expectInstalled(device, await lpaDownload(context, device, (await context.order()).matchingId));
      check('profiles on the eUICC', 2, device.euicc.profiles.length);
    },
  },
  {
    id: 'FLOW-LPA-NOTIFICATIONS',
    area,
    title:
      'enable, disable and delete of the downloaded profile: each notification the eUICC signs is accepted (204)',
    reference: ref('3.5, 5.6.4, 5.7.10', area),
    run: async (context) => {
      const order = await context.order();
      const device = context.device();
      const run = await lpaDownload(context, device, order.matchingId);
      expectInstalled(device, run);
      const iccid = run.result!.iccid;
      await device.es10.enableProfile(iccid);
      await device.es10.disableProfile(iccid);
      await device.es10.deleteProfile(iccid);
      const pending = await device.es10.retrieveNotifications();
      if (pending.length === 0)
        throw new Inconclusive('the profile asks for no enable/disable/delete notification');
      for (const der of pending) {
        const answer = await device.handleNotification(der);
        check('handleNotification', 'HTTP 204', describeAnswer(answer));
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
      run: async (context) => {
        const order = await context.order();
        const device = context.device({
          scenarios: [{ name: 'refuse', function: 'prepareDownload', answer: { type: 'error', code: name } }],
        });
        const run = await lpaDownload(context, device, order.matchingId);
        check(
          'the download',
          `prepareDownload: the eUICC refused the download (downloadErrorCode ${code})`,
          run.error?.message ?? 'installed',
        );
        await expectCancelledSession(context);
      },
    }),
  ),
];
