/**
 * SGP.23 area ES9+.CancelSession: SGP.22 5.6.5 — each CancelSessionReason after authenticateClient and after
 * the BPP was bound, what becomes of the order (postponed / timeout: downloadable again; a refusal: over),
 * the eUICC's signature and the SM-DP+ OID it names.
 */
import { CancelSessionReasons, CancelSessionResponse } from '../../asn1/rsp/index.ts';
import { ANSWER_READINGS } from '../answer-checks.ts';
import { type CaseContext, type ConformanceCase, ref } from '../conformance-case.ts';
import type { TestOrder } from '../orders.ts';
import { describeAnswer, expectRefusal, expectSuccess, refusedWith, statusOf } from '../sgp22-answer.ts';
import { flippedBit, unknownTransactionId } from '../tamper.ts';
import type { TestDevice } from '../test-device.ts';
import { checkThat, precondition, type Reading, shall, should } from '../verdict.ts';
import { malformedRequestCases } from './malformed-requests.ts';
import { euiccSignatureInvalid, sessionUnknown } from './shared-readings.ts';

const area = 'ES9+.CancelSession';
const section = '5.6.5';
const fn = 'cancelSession';

/** The readings of SGP.22 5.6.5 the cases enforce, with the peers each was checked against. */
const R = {
  accepted: ANSWER_READINGS.cancelSession,
  sessionEnds: shall(
    'SGP.22 5.6.5, 3.1.3',
    "cancelSession ends the RSP session: the session's next function is refused with 8.10.1/3.9",
    "pySim's osmo-smdpp removes the session state on cancelSession; osmo-ttcn3-hacks smdpp cancels after authenticateClient and after getBoundProfilePackage",
  ),
  downloadableAgain: shall(
    'SGP.22 5.6.5, 3.1.3, 5.3.5',
    'after a cancellation for postponed or timeout the order stays downloadable: a new session of the same eUICC installs it',
  ),
  orderOver: shall(
    'SGP.22 5.6.5, 5.3.5',
    'after a cancellation for endUserRejection or pprNotAllowed the order is over: a new session for it is refused (any code)',
  ),
  sessionUnknown: sessionUnknown(section, fn),
  twiceRefused: shall(
    'SGP.22 5.6.5',
    'a cancellation of a session already ended is refused (the session is no longer ongoing)',
  ),
  twiceCode: should(
    'SGP.22 5.6.5',
    "with 8.10.1/3.9, the function's code for a transactionId of no ongoing session",
  ),
  signature: euiccSignatureInvalid(section, fn, 'euiccCancelSessionSignature'),
  smdpOid: shall(
    'SGP.22 5.6.5',
    "refuses a cancellation naming another SM-DP+'s OID with 8.8/3.10 (SM-DP+ – Invalid Association)",
    "pySim's osmo-smdpp: 8.8/3.10 'The provided SM-DP+ OID is invalid'; osmo-ttcn3-hacks smdpp expects 8.8/3.10",
  ),
} as const satisfies Record<string, Reading>;

type Stage = 'authenticated' | 'bound';

const STAGE_STEP: Readonly<Record<Stage, string>> = {
  authenticated: 'initiateAuthentication and authenticateClient',
  bound: 'initiateAuthentication, authenticateClient and getBoundProfilePackage',
};

async function cancelled(
  context: CaseContext,
  stage: Stage,
  reason: number,
): Promise<{ device: TestDevice; order: TestOrder }> {
  const order = await context.order();
  const device = context.device();
  await precondition(STAGE_STEP[stage], async () => {
    if (stage === 'authenticated') await device.upToAuthenticated(order.matchingId);
    else await device.upToBound(order.matchingId);
  });
  expectSuccess(fn, await device.cancelSession(reason), R.accepted);
  return { device, order };
}

/** The session is over: its next function (authenticateClient or getBoundProfilePackage again) is 8.10.1/3.9. */
async function expectSessionGone(context: CaseContext, device: TestDevice, stage: Stage): Promise<void> {
  const answer =
    stage === 'authenticated' ? await device.authenticateClient() : await device.getBoundProfilePackage();
  expectRefusal(
    context,
    `${stage === 'authenticated' ? 'authenticateClient' : 'getBoundProfilePackage'} after cancelSession`,
    answer,
    refusedWith('transactionIdUnknown', R.sessionEnds),
  );
}

const label = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c}`).toUpperCase();

const byReason = (stage: Stage) =>
  Object.entries(CancelSessionReasons).map(
    ([name, reason]): ConformanceCase => ({
      id: `CS-${label(name)}-${stage === 'authenticated' ? 'AFTER-AC' : 'AFTER-GBPP'}`,
      area,
      title: `cancelSession with reason ${name} (${reason}) ${stage === 'authenticated' ? 'after authenticateClient' : 'after the BPP was bound'} succeeds and ends the session`,
      reference: ref(`${section}, 3.1.3`, area),
      readings: [R.accepted, R.sessionEnds],
      run: async (context) =>
        expectSessionGone(context, (await cancelled(context, stage, reason)).device, stage),
    }),
  );

const afterwards = (name: keyof typeof CancelSessionReasons, downloadable: boolean): ConformanceCase => ({
  id: `CS-ORDER-AFTER-${label(name)}`,
  area,
  title: downloadable
    ? `after cancelSession (${name}) the order can be downloaded again, and installs`
    : `after cancelSession (${name}) the order is over: a new session for it is refused`,
  reference: ref(`${section}, 3.1.3, 5.3.4`, area),
  readings: [R.accepted, downloadable ? R.downloadableAgain : R.orderOver],
  run: async (context) => {
    // The same eUICC tries again (the order was bound to its EID in authenticateClient).
    const { order, device: again } = await cancelled(context, 'bound', CancelSessionReasons[name]);
    await precondition(
      "initiateAuthentication and the eUICC's AuthenticateServer of the new session",
      async () => {
        await again.upToInitiated();
        await again.authenticateServer(order.matchingId);
      },
    );
    const answer = await again.authenticateClient();
    if (downloadable) {
      checkThat(
        'authenticateClient for the postponed order',
        statusOf(answer).kind === 'executed',
        'Executed-Success (the order is still downloadable)',
        describeAnswer(answer),
        R.downloadableAgain,
      );
      again.acceptAuthenticateClient(answer);
      await again.prepareDownload();
      again.acceptBoundProfilePackage(await again.getBoundProfilePackage());
      await again.installBound();
      return;
    }
    expectRefusal(context, 'authenticateClient for the cancelled order', answer, { refused: R.orderOver });
  },
});

/** A session authenticated and the eUICC's signed cancellation for it, not yet sent. */
async function cancelling(context: CaseContext): Promise<{ device: TestDevice; der: Buffer }> {
  const order = await context.order();
  const device = context.device();
  await precondition(STAGE_STEP.authenticated, () => device.upToAuthenticated(order.matchingId));
  const response = await device.es10.cancelSession(
    Buffer.from(device.transactionId, 'hex'),
    CancelSessionReasons.endUserRejection,
  );
  return { device, der: response.der };
}

export const cancelSessionCases: ConformanceCase[] = [
  ...byReason('authenticated'),
  ...byReason('bound'),
  afterwards('postponed', true),
  afterwards('timeout', true),
  afterwards('endUserRejection', false),
  afterwards('pprNotAllowed', false),
  {
    id: 'CS-ERR-TXID-UNKNOWN',
    area,
    title: 'cancelSession with an unknown transactionId is refused (8.10.1/3.9)',
    reference: ref(section, area),
    readings: [R.sessionUnknown],
    run: async (context) => {
      const { device, der } = await cancelling(context);
      const answer = await device.es9CancelSession(der, unknownTransactionId);
      expectRefusal(context, fn, answer, refusedWith('transactionIdUnknown', R.sessionUnknown));
    },
  },
  {
    id: 'CS-ERR-TWICE',
    area,
    title: 'a second cancelSession of an ended session is refused (8.10.1/3.9; another code is a remark)',
    reference: ref(section, area),
    readings: [R.accepted, R.twiceRefused, R.twiceCode],
    run: async (context) => {
      const { device, der } = await cancelling(context);
      expectSuccess(fn, await device.es9CancelSession(der), R.accepted);
      expectRefusal(context, fn, await device.es9CancelSession(der), {
        refused: R.twiceRefused,
        code: 'transactionIdUnknown',
        codeReading: R.twiceCode,
      });
    },
  },
  {
    id: 'CS-ERR-SIGNATURE',
    area,
    title: 'a wrong euiccCancelSessionSignature is refused (8.1/6.1)',
    reference: ref(section, area),
    readings: [R.signature],
    run: async (context) => {
      const { device, der } = await cancelling(context);
      const value = CancelSessionResponse.decode(der);
      if (!('cancelSessionResponseOk' in value)) throw new Error('the eUICC did not sign the cancellation');
      const signature = flippedBit(value.cancelSessionResponseOk.euiccCancelSessionSignature, 9);
      const tampered = CancelSessionResponse.encode({
        cancelSessionResponseOk: { ...value.cancelSessionResponseOk, euiccCancelSessionSignature: signature },
      });
      expectRefusal(
        context,
        fn,
        await device.es9CancelSession(tampered),
        refusedWith('euiccSignatureInvalid', R.signature),
      );
    },
  },
  {
    id: 'CS-ERR-SMDP-OID',
    area,
    title: "a validly signed cancellation naming another SM-DP+'s OID is refused (8.8/3.10)",
    reference: ref(section, area),
    readings: [R.smdpOid],
    run: async (context) => {
      const { device } = await cancelling(context);
      const der = device.signedCancelSessionResponse({
        transactionId: Buffer.from(device.transactionId, 'hex'),
        smdpOid: '2.999.77.1',
        reason: CancelSessionReasons.endUserRejection,
      });
      expectRefusal(
        context,
        fn,
        await device.es9CancelSession(der),
        refusedWith('smdpOidInvalid', R.smdpOid),
      );
    },
  },
  ...malformedRequestCases({
    area,
    prefix: 'CS',
    functionName: fn,
    section,
    derFields: ['cancelSessionResponse'],
    textFields: ['transactionId'],
    setUp: STAGE_STEP.authenticated,
    prepare: async (context) => {
      const { device, der } = await cancelling(context);
      const body = { transactionId: device.transactionId, cancelSessionResponse: der.toString('base64') };
      return (tamper, headers) => device.es9(fn, tamper ? tamper(body) : body, headers);
    },
  }),
];
