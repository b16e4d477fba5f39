/**
 * SGP.23 area ES9+.GetBoundProfilePackage: SGP.22 5.6.2 (the eUICC's second signature, the confirmation
 * code, the binding with the eUICC's one-time key, the BPP itself — decrypted and installed by the eUICC).
 */
import { PrepareDownloadResponse } from '../../asn1/rsp/index.ts';
import { CURVES, type Curve } from '../../crypto/curve.ts';
import { generateEphemeralKeyPair } from '../../crypto/ecka.ts';
import type { StatusCodeName } from '../../errors/status-codes.ts';
import { ANSWER_READINGS } from '../answer-checks.ts';
import { type CaseContext, type ConformanceCase, ref } from '../conformance-case.ts';
import type { TestOrder } from '../orders.ts';
import {
  describeAnswer,
  describeCode,
  expectRefusal,
  failedWith,
  refusedWith,
  statusOf,
} from '../sgp22-answer.ts';
import { flippedBit, unknownTransactionId } from '../tamper.ts';
import type { TestDevice } from '../test-device.ts';
import { CheckFailed, check, judge, may, precondition, type Reading, shall, should } from '../verdict.ts';
import { authenticated, iccidDigits } from './authenticate-client.ts';
import { malformedRequestCases } from './malformed-requests.ts';
import { euiccSignatureInvalid, sessionUnknown } from './shared-readings.ts';

const area = 'ES9+.GetBoundProfilePackage';
const section = '5.6.2';
const fn = 'getBoundProfilePackage';

/** The readings of SGP.22 5.6.2 (and 3.1.3's retry rules) the cases enforce, with the peers checked. */
const R = {
  answer: ANSWER_READINGS.getBoundProfilePackage,
  ccMissing: shall(
    'SGP.22 5.6.2, 3.1.3.2',
    'refuses a session that needs a confirmation code but got no hashed code with 8.2.7/2.2 (Confirmation Code – Mandatory Element Missing)',
    'status code table of 5.6.2; osmo-ttcn3-hacks smdpp maps its own ASN.1 error to 8.2.7/3.7 (a mapping of its own, not an ES9+ JSON answer)',
  ),
  ccRefused: shall(
    'SGP.22 5.6.2, 3.1.3.2',
    'refuses a wrong confirmation code with 8.2.7/3.8 (Confirmation Code – Refused)',
    'osmo-ttcn3-hacks smdpp expects 8.2.7/3.8',
  ),
  ccRetryNewSession: shall(
    'SGP.22 3.1.3.2, 5.6.2',
    'a refused confirmation code does not end the order while attempts remain: a new session with the right code gets the BPP',
  ),
  ccAttempts: shall(
    'SGP.22 5.6.2',
    'wrong confirmation codes are refused with 8.2.7/3.8 until the attempts are exhausted, then with 8.2.7/6.4 (Maximum number of attempts exceeded)',
  ),
  ccLimit: should(
    'SGP.22 5.6.2',
    'the SM-DP+ limits the confirmation code attempts (8.2.7/6.4 is in its table); this case tries 10',
  ),
  sessionUnknown: sessionUnknown(section, fn),
  beforeAuthentication: shall(
    'SGP.22 5.6.2, 3.1.3',
    'no BPP for a session whose eUICC was not authenticated (authenticateClient not done): the request is refused',
    "SGP.22 names no code for a session in the wrong state; rspsim answers 8.10.1/3.9; pySim's osmo-smdpp has no eUICC certificate for such a session and fails",
  ),
  beforeAuthenticationCode: may('SGP.22 5.6.2', '8.10.1/3.9 is the code we read for it (any refusal passes)'),
  signature: euiccSignatureInvalid(section, fn, 'euiccSignature2 over euiccSigned2 and smdpSignature2'),
  otpkNotAPoint: shall(
    'SGP.22 5.6.2, 2.6.6',
    'no BPP is bound to an otPK.EUICC.ECKA that is not a point of the curve: the request is refused',
    'SGP.22 names no code for it; rspsim answers 8.1/6.1; any refusal passes',
  ),
  otpkNotAPointCode: may('SGP.22 5.6.2', '8.1/6.1 is the code we read for it (any refusal passes)'),
  retryReuse: may(
    'SGP.22 5.6.3, 3.1.3',
    'on a retry of an order it already bound for this eUICC the SM-DP+ MAY reuse that binding; if it does, smdpSigned2 carries bppEuiccOtpk, the otPK.EUICC.ECKA of that binding',
    "SmdpSigned2.bppEuiccOtpk is OPTIONAL ('otPK.EUICC.ECKA already used for binding the BPP'); pySim's osmo-smdpp never sets it (binds afresh); osmo-ttcn3-hacks smdpp accepts a new binding",
  ),
  retryBinding: shall(
    'SGP.22 5.6.3, 3.1.3',
    'a bppEuiccOtpk, when present, is the one-time key the earlier BPP was bound to',
  ),
  retrySameOtpk: shall(
    'SGP.22 5.6.2, 3.1.3',
    'a retry whose PrepareDownloadResponse carries the otPK.EUICC.ECKA the SM-DP+ named in bppEuiccOtpk gets a BPP bound to that key',
    'osmo-ttcn3-hacks smdpp: a retry with the same eUICC otPK gets the same SM-DP+ otPK (the BPP again)',
  ),
  retrySameOtpkUnnamed: may(
    'SGP.22 5.6.2',
    "without bppEuiccOtpk the SM-DP+ did not offer its binding again; reusing the old key is the eUICC's doing: a BPP bound to it, or 8.2/3.7, both hold",
  ),
  retryNewOtpk: shall(
    'SGP.22 5.6.2, 3.1.3',
    'a retry with a new otPK.EUICC.ECKA gets either a BPP bound to the new key, or 8.2/3.7 (BPP not available for a new binding); never the BPP bound to the old key',
    'osmo-ttcn3-hacks smdpp: either 8.2/3.7 or a BPP with a new SM-DP+ otPK',
  ),
} as const satisfies Record<string, Reading>;

/** A device whose eUICC has answered PrepareDownload for a fresh order (with `code` hashed, when given). */
async function prepared(
  context: CaseContext,
  order?: TestOrder,
  code?: string,
): Promise<{ device: TestDevice; order: TestOrder }> {
  const o = order ?? (await context.order());
  const device = await authenticated(context, o.matchingId);
  await precondition("the eUICC's PrepareDownload", () => device.prepareDownload(code));
  return { device, order: o };
}

const nominal = (curve: Curve): ConformanceCase => ({
  id: `GBPP-NOM-${curve === 'P-256' ? 'P256' : 'BRP'}`,
  area,
  curve,
  title: `getBoundProfilePackage on ${curve}: the BPP names the session, smdpSign verifies, the eUICC decrypts and installs the ordered profile, its result is accepted (204)`,
  reference: ref(`${section}, 2.5.5, 5.5, 5.7.6`, area),
  readings: [R.answer, ANSWER_READINGS.handleNotification],
  run: async (context) => {
    const { device, order } = await prepared(context);
    device.acceptBoundProfilePackage(await device.getBoundProfilePackage());
    await device.installBound();
    const iccid = device.known('authenticated').metadata.iccid.toString('hex');
    const content = device.euicc.installedProfileContent(iccid);
    check(
      'ICCID inside the installed profile package',
      iccidDigits(device.known('authenticated').metadata.iccid),
      content?.iccid ?? 'none',
      R.answer,
    );
    if (order.iccid) check('installed ICCID', order.iccid, content?.iccid, R.answer);
  },
});

const withCode = (
  id: string,
  title: string,
  code: (order: TestOrder) => string | undefined,
  reading: Reading,
  expected?: StatusCodeName,
): ConformanceCase => ({
  id: `GBPP-${id}`,
  area,
  title,
  reference: ref(`${section}, 3.1.3.2, 5.7.5`, area),
  readings: [reading],
  run: async (context) => {
    const order = await context.order({ confirmationCode: true });
    const { device } = await prepared(context, order, code(order));
    const answer = await device.getBoundProfilePackage();
    if (expected) expectRefusal(context, fn, answer, refusedWith(expected, reading));
    else device.acceptBoundProfilePackage(answer);
  },
});

/** The PrepareDownloadResponse with a flipped bit in euiccSignature2. */
function flippedSignature2(der: Buffer): Buffer {
  const value = PrepareDownloadResponse.decode(der);
  if (!('downloadResponseOk' in value)) throw new Error('no downloadResponseOk');
  const signature = flippedBit(value.downloadResponseOk.euiccSignature2, 5);
  return PrepareDownloadResponse.encode({
    downloadResponseOk: { ...value.downloadResponseOk, euiccSignature2: signature },
  });
}

/** A first session bound a BPP that never reached the eUICC (connection lost); the same eUICC starts again. */
async function lostBpp(
  context: CaseContext,
): Promise<{ device: TestDevice; order: TestOrder; firstOtpk: Buffer }> {
  const order = await context.order();
  const device = context.device();
  await precondition('a first session up to getBoundProfilePackage', () =>
    device.upToBound(order.matchingId),
  );
  const firstOtpk = device.known('euiccOtpk');
  await precondition('initiateAuthentication and authenticateClient of the retry', () =>
    device.upToAuthenticated(order.matchingId),
  );
  return { device, order, firstOtpk };
}

export const getBoundProfilePackageCases: ConformanceCase[] = [
  ...CURVES.map(nominal),
  withCode('NOM-CC', 'the right confirmation code gives the BPP', (o) => o.confirmationCode, R.answer),
  withCode(
    'ERR-CC-MISSING',
    'no hashed confirmation code where one is required is refused (8.2.7/2.2)',
    () => undefined,
    R.ccMissing,
    'confirmationCodeMissing',
  ),
  withCode(
    'ERR-CC-REFUSED',
    'a wrong confirmation code is refused (8.2.7/3.8)',
    (o) => `${o.confirmationCode}9`,
    R.ccRefused,
    'confirmationCodeRefused',
  ),
  {
    id: 'GBPP-CC-RETRY-NEW-SESSION',
    area,
    title:
      'after a refused confirmation code the user may try again in a new session: the right code gives the BPP',
    reference: ref(`${section}, 3.1.3.2`, area),
    readings: [R.ccRetryNewSession, R.ccRefused],
    run: async (context) => {
      const order = await context.order({ confirmationCode: true });
      const first = await prepared(context, order, `${order.confirmationCode}9`);
      const refusal = await first.device.getBoundProfilePackage();
      expectRefusal(context, fn, refusal, refusedWith('confirmationCodeRefused', R.ccRefused));
      const second = await prepared(context, order, order.confirmationCode);
      const answer = await second.device.getBoundProfilePackage();
      expectSuccessFor(answer, R.ccRetryNewSession);
      second.device.acceptBoundProfilePackage(answer);
    },
  },
  {
    id: 'GBPP-ERR-CC-RETRIES',
    area,
    title:
      'wrong confirmation codes again and again: refused (8.2.7/3.8) until the attempts are exhausted (8.2.7/6.4)',
    reference: ref(`${section}, 3.1.3.2`, area),
    readings: [R.ccAttempts, R.ccLimit],
    run: async (context) => {
      const order = await context.order({ confirmationCode: true });
      const seen: string[] = [];
      for (let attempt = 1; attempt <= 10; attempt++) {
        const { device } = await prepared(context, order, `${order.confirmationCode}9`);
        const answer = await device.getBoundProfilePackage();
        seen.push(describeAnswer(answer));
        if (failedWith(answer, 'confirmationCodeRetriesExceeded')) {
          context.note(`attempts exhausted after ${attempt} wrong codes`);
          return;
        }
        if (!failedWith(answer, 'confirmationCodeRefused'))
          throw new CheckFailed(
            fn,
            `${describeCode('confirmationCodeRefused')}, then ${describeCode('confirmationCodeRetriesExceeded')}`,
            seen.join(', '),
            R.ccAttempts,
          );
      }
      judge(
        context,
        R.ccLimit,
        fn,
        false,
        `${describeCode('confirmationCodeRetriesExceeded')} within 10 attempts`,
        `${seen.length} × 8.2.7/3.8`,
      );
    },
  },
  {
    id: 'GBPP-ERR-TXID-UNKNOWN',
    area,
    title: 'getBoundProfilePackage with an unknown transactionId is refused (8.10.1/3.9)',
    reference: ref(section, area),
    readings: [R.sessionUnknown],
    run: async (context) => {
      const { device } = await prepared(context);
      const answer = await device.getBoundProfilePackage(unknownTransactionId);
      expectRefusal(context, fn, answer, refusedWith('transactionIdUnknown', R.sessionUnknown));
    },
  },
  {
    id: 'GBPP-ERR-BEFORE-AUTHENTICATION',
    area,
    title:
      'getBoundProfilePackage in a session not yet authenticated (after initiateAuthentication only) is refused (8.10.1/3.9 read, any code accepted)',
    reference: ref(`${section}, 3.1.3`, area),
    readings: [R.beforeAuthentication, R.beforeAuthenticationCode],
    run: async (context) => {
      const { device } = await prepared(context);
      const early = context.device();
      const session = await precondition('initiateAuthentication of a second session', () =>
        early.upToInitiated(),
      );
      const answer = await device.getBoundProfilePackage((body) => ({
        ...body,
        transactionId: session.transactionId,
      }));
      expectRefusal(context, fn, answer, {
        refused: R.beforeAuthentication,
        code: 'transactionIdUnknown',
        codeReading: R.beforeAuthenticationCode,
      });
    },
  },
  {
    id: 'GBPP-ERR-EUICC-SIGNATURE2',
    area,
    title: 'a wrong euiccSignature2 is refused (8.1/6.1)',
    reference: ref(section, area),
    readings: [R.signature],
    run: async (context) => {
      const { device } = await prepared(context);
      const answer = await device.getBoundProfilePackage((body) => ({
        ...body,
        prepareDownloadResponse: flippedSignature2(device.known('prepareDownloadResponse')).toString(
          'base64',
        ),
      }));
      expectRefusal(context, fn, answer, refusedWith('euiccSignatureInvalid', R.signature));
    },
  },
  {
    id: 'GBPP-ERR-OTPK-NOT-A-POINT',
    area,
    title:
      'a validly signed euiccOtpk that is not a point of the curve is refused (8.1/6.1 read, any code accepted)',
    reference: ref(`${section}, 2.6.6`, area),
    readings: [R.otpkNotAPoint, R.otpkNotAPointCode],
    run: async (context) => {
      const { device } = await prepared(context);
      const bad = Buffer.concat([Buffer.from([0x04]), Buffer.alloc(64, 0x01)]);
      const pdr = device.signedPrepareDownloadResponse({
        transactionId: Buffer.from(device.transactionId, 'hex'),
        euiccOtpk: bad,
      });
      const answer = await device.getBoundProfilePackage((body) => ({
        ...body,
        prepareDownloadResponse: pdr.toString('base64'),
      }));
      expectRefusal(context, fn, answer, {
        refused: R.otpkNotAPoint,
        code: 'euiccSignatureInvalid',
        codeReading: R.otpkNotAPointCode,
      });
    },
  },
  {
    id: 'GBPP-RETRY-BPP-EUICC-OTPK',
    area,
    title:
      'retry after a lost BPP: authenticateClient of the new session may offer the earlier binding (bppEuiccOtpk); if it does, it names the key the BPP was bound to',
    reference: ref('5.6.3, 5.6.2, 3.1.3', area),
    readings: [R.retryReuse, R.retryBinding],
    run: async (context) => {
      const { device, firstOtpk } = await lostBpp(context);
      const offered = device.known('authenticated').bppEuiccOtpk;
      // Binding afresh is as right as offering the old binding (MAY): a remark, not a failure.
      judge(
        context,
        R.retryReuse,
        'smdpSigned2.bppEuiccOtpk',
        offered !== undefined,
        firstOtpk.toString('hex'),
        'absent (the SM-DP+ binds afresh)',
      );
      if (offered)
        check('smdpSigned2.bppEuiccOtpk', firstOtpk.toString('hex'), offered.toString('hex'), R.retryBinding);
    },
  },
  {
    id: 'GBPP-RETRY-SAME-OTPK',
    area,
    title:
      'retry after a lost BPP with the same eUICC one-time key: a BPP bound to that key (8.2/3.7 accepted when the SM-DP+ did not offer the binding again)',
    reference: ref(`${section}, 3.1.3`, area),
    readings: [R.retrySameOtpk, R.retrySameOtpkUnnamed],
    run: async (context) => {
      const { device, firstOtpk } = await lostBpp(context);
      const offered = device.known('authenticated').bppEuiccOtpk?.equals(firstOtpk) === true;
      const pdr = device.signedPrepareDownloadResponse({
        transactionId: Buffer.from(device.transactionId, 'hex'),
        euiccOtpk: firstOtpk,
      });
      const answer = await device.getBoundProfilePackage((body) => ({
        ...body,
        prepareDownloadResponse: pdr.toString('base64'),
      }));
      if (!offered && failedWith(answer, 'bppNotAvailable')) {
        context.note('the SM-DP+ did not offer the earlier binding and refused to bind again (8.2/3.7)');
        return;
      }
      device.euiccOtpk = firstOtpk;
      expectSuccessFor(answer, offered ? R.retrySameOtpk : R.retrySameOtpkUnnamed);
      device.acceptBoundProfilePackage(answer);
    },
  },
  {
    id: 'GBPP-RETRY-NEW-OTPK',
    area,
    title:
      'retry after a lost BPP with a new eUICC one-time key (no PPK): BPP not available for a new binding (8.2/3.7), or a new BPP bound to the new key — never the old one',
    reference: ref(`${section}, 3.1.3`, area),
    readings: [R.retryNewOtpk],
    run: async (context) => {
      const { device } = await lostBpp(context);
      const otpk = generateEphemeralKeyPair(device.euicc.curve).publicPoint;
      const pdr = device.signedPrepareDownloadResponse({
        transactionId: Buffer.from(device.transactionId, 'hex'),
        euiccOtpk: otpk,
      });
      const answer = await device.getBoundProfilePackage((body) => ({
        ...body,
        prepareDownloadResponse: pdr.toString('base64'),
      }));
      if (statusOf(answer).kind === 'executed') {
        // SGP.22 5.6.2 lets the SM-DP+ bind again; then smdpSign must cover the new otPK.EUICC.
        device.euiccOtpk = otpk;
        expectSuccessFor(answer, R.retryNewOtpk);
        device.acceptBoundProfilePackage(answer);
        context.note('the SM-DP+ bound the profile again to the new one-time key');
      } else expectRefusal(context, fn, answer, refusedWith('bppNotAvailable', R.retryNewOtpk));
    },
  },
  ...malformedRequestCases({
    area,
    prefix: 'GBPP',
    functionName: fn,
    section,
    derFields: ['prepareDownloadResponse'],
    textFields: ['transactionId'],
    setUp: "initiateAuthentication, authenticateClient and the eUICC's PrepareDownload",
    prepare: async (context) => {
      const { device } = await prepared(context);
      return (tamper, headers) => device.es9(fn, tamper ? tamper(bodyOf(device)) : bodyOf(device), headers);
    },
  }),
];

/** The answer is a success, else the case fails on `reading` (acceptBoundProfilePackage then checks the BPP). */
function expectSuccessFor(answer: Parameters<typeof describeAnswer>[0], reading: Reading): void {
  if (statusOf(answer).kind !== 'executed')
    throw new CheckFailed(fn, 'Executed-Success with a BPP', describeAnswer(answer), reading);
}

const bodyOf = (device: TestDevice) => ({
  transactionId: device.transactionId,
  prepareDownloadResponse: device.known('prepareDownloadResponse').toString('base64'),
});
