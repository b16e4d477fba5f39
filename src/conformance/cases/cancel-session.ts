/**
 * SGP.23 area ES9+.CancelSession: SGP.22 5.6.5 — each CancelSessionReason after authenticateClient and after
 * the BPP was bound, what becomes of the order (postponed / timeout: downloadable again; a refusal: over),
 * the eUICC's signature and the SM-DP+ OID it names.
 */
import { CancelSessionReasons, CancelSessionResponse } from '../../asn1/rsp/index.ts';
import { type CaseContext, type ConformanceCase, ref } from '../conformance-case.ts';
import type { TestOrder } from '../orders.ts';
import { describeAnswer, expectStatusCode, expectSuccess } from '../sgp22-answer.ts';
import { flippedBit, unknownTransactionId } from '../tamper.ts';
import type { TestDevice } from '../test-device.ts';
import { checkThat } from '../verdict.ts';
import { malformedRequestCases } from './malformed-requests.ts';

const area = 'ES9+.CancelSession';
const section = '5.6.5';
const fn = 'cancelSession';

type Stage = 'authenticated' | 'bound';

async function cancelled(
  context: CaseContext,
  stage: Stage,
  reason: number,
): Promise<{ device: TestDevice; order: TestOrder }> {
  const order = await context.order();
  const device = context.device();
  if (stage === 'authenticated') await device.upToAuthenticated(order.matchingId);
  else await device.upToBound(order.matchingId);
  expectSuccess(fn, await device.cancelSession(reason));
  return { device, order };
}

/** The session is over: its next function (authenticateClient or getBoundProfilePackage again) is 8.10.1/3.9. */
async function expectSessionGone(device: TestDevice, stage: Stage): Promise<void> {
  const answer =
    stage === 'authenticated' ? await device.authenticateClient() : await device.getBoundProfilePackage();
  expectStatusCode(
    `${stage === 'authenticated' ? 'authenticateClient' : 'getBoundProfilePackage'} after cancelSession`,
    answer,
    'transactionIdUnknown',
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
      run: async (context) => expectSessionGone((await cancelled(context, stage, reason)).device, stage),
    }),
  );

const afterwards = (name: keyof typeof CancelSessionReasons, downloadable: boolean): ConformanceCase => ({
  id: `CS-ORDER-AFTER-${label(name)}`,
  area,
  title: downloadable
    ? `after cancelSession (${name}) the order can be downloaded again, and installs`
    : `after cancelSession (${name}) the order is over: a new session for it is refused`,
  reference: ref(`${section}, 3.1.3, 5.3.4`, area),
  run: async (context) => {
    // The same eUICC tries again (the order was bound to its EID in authenticateClient).
    const { order, device: again } = await cancelled(context, 'bound', CancelSessionReasons[name]);
    if (downloadable) {
      await again.install(order.matchingId);
      return;
    }
    await again.upToInitiated();
    await again.authenticateServer(order.matchingId);
    const answer = await again.authenticateClient();
    checkThat(
      'authenticateClient for the cancelled order',
      describeAnswer(answer).startsWith('Failed'),
      'Failed (any code: the order is over)',
      describeAnswer(answer),
    );
  },
});

/** A session authenticated and the eUICC's signed cancellation for it, not yet sent. */
async function cancelling(context: CaseContext): Promise<{ device: TestDevice; der: Buffer }> {
  const order = await context.order();
  const device = context.device();
  await device.upToAuthenticated(order.matchingId);
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
    run: async (context) => {
      const { device, der } = await cancelling(context);
      const answer = await device.es9CancelSession(der, unknownTransactionId);
      expectStatusCode(fn, answer, 'transactionIdUnknown');
    },
  },
  {
    id: 'CS-ERR-TWICE',
    area,
    title: 'a second cancelSession of an ended session is refused (8.10.1/3.9)',
    reference: ref(section, area),
    run: async (context) => {
      const { device, der } = await cancelling(context);
      expectSuccess(fn, await device.es9CancelSession(der));
      expectStatusCode(fn, await device.es9CancelSession(der), 'transactionIdUnknown');
    },
  },
  {
    id: 'CS-ERR-SIGNATURE',
    area,
    title: 'a wrong euiccCancelSessionSignature is refused (8.1/6.1)',
    reference: ref(section, area),
    run: async (context) => {
      const { device, der } = await cancelling(context);
      const value = CancelSessionResponse.decode(der);
      if (!('cancelSessionResponseOk' in value)) throw new Error('the eUICC did not sign the cancellation');
      const signature = flippedBit(value.cancelSessionResponseOk.euiccCancelSessionSignature, 9);
      const tampered = CancelSessionResponse.encode({
        cancelSessionResponseOk: { ...value.cancelSessionResponseOk, euiccCancelSessionSignature: signature },
      });
      expectStatusCode(fn, await device.es9CancelSession(tampered), 'euiccSignatureInvalid');
    },
  },
  {
    id: 'CS-ERR-SMDP-OID',
    area,
    title: "a validly signed cancellation naming another SM-DP+'s OID is refused (8.8/3.10)",
    reference: ref(section, area),
    run: async (context) => {
      const { device } = await cancelling(context);
      const der = device.signedCancelSessionResponse({
        transactionId: Buffer.from(device.transactionId, 'hex'),
        smdpOid: '2.999.77.1',
        reason: CancelSessionReasons.endUserRejection,
      });
      expectStatusCode(fn, await device.es9CancelSession(der), 'smdpOidInvalid');
    },
  },
  ...malformedRequestCases({
    area,
    prefix: 'CS',
    functionName: fn,
    section,
    derFields: ['cancelSessionResponse'],
    textFields: ['transactionId'],
    prepare: async (context) => {
      const { device, der } = await cancelling(context);
      const body = { transactionId: device.transactionId, cancelSessionResponse: der.toString('base64') };
      return (tamper, headers) => device.es9(fn, tamper ? tamper(body) : body, headers);
    },
  }),
];
