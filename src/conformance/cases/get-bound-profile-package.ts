/**
 * SGP.23 area ES9+.GetBoundProfilePackage: SGP.22 5.6.3 (the eUICC's second signature, the confirmation
 * code, the binding with the eUICC's one-time key, the BPP itself — decrypted and installed by the eUICC).
 */
import { PrepareDownloadResponse } from '../../asn1/rsp/index.ts';
import { CURVES, type Curve } from '../../crypto/curve.ts';
import { generateEphemeralKeyPair } from '../../crypto/ecka.ts';
import { type CaseContext, type ConformanceCase, ref } from '../conformance-case.ts';
import type { TestOrder } from '../orders.ts';
import { describeAnswer, expectStatusCode } from '../sgp22-answer.ts';
import { flippedBit, unknownTransactionId } from '../tamper.ts';
import type { TestDevice } from '../test-device.ts';
import { CheckFailed, check } from '../verdict.ts';
import { iccidDigits } from './authenticate-client.ts';
import { malformedRequestCases } from './malformed-requests.ts';

const area = 'ES9+.GetBoundProfilePackage';
const section = '5.6.3';
const fn = 'getBoundProfilePackage';

/** A device whose eUICC has answered PrepareDownload for a fresh order (with `code` hashed, when given). */
async function prepared(
  context: CaseContext,
  order?: TestOrder,
  code?: string,
): Promise<{ device: TestDevice; order: TestOrder }> {
  const o = order ?? (await context.order());
  const device = context.device();
  await device.upToAuthenticated(o.matchingId);
  await device.prepareDownload(code);
  return { device, order: o };
}

const nominal = (curve: Curve): ConformanceCase => ({
  id: `GBPP-NOM-${curve === 'P-256' ? 'P256' : 'BRP'}`,
  area,
  curve,
  title: `getBoundProfilePackage on ${curve}: the BPP names the session, smdpSign verifies, the eUICC decrypts and installs the ordered profile, its result is accepted (204)`,
  reference: ref(`${section}, 2.5.5, 5.5, 5.7.6`, area),
  run: async (context) => {
    const order = await context.order();
    const device = context.device();
    await device.install(order.matchingId);
    const iccid = device.authenticated!.metadata.iccid.toString('hex');
    const content = device.euicc.installedProfileContent(iccid);
    check(
      'ICCID inside the installed profile package',
      iccidDigits(device.authenticated!.metadata.iccid),
      content?.iccid ?? 'none',
    );
    if (order.iccid) check('installed ICCID', order.iccid, content?.iccid);
  },
});

const withCode = (
  id: string,
  title: string,
  code: (order: TestOrder) => string | undefined,
  expected?: Parameters<typeof expectStatusCode>[2],
): ConformanceCase => ({
  id: `GBPP-${id}`,
  area,
  title,
  reference: ref(`${section}, 3.1.3.2, 5.7.5`, area),
  run: async (context) => {
    const order = await context.order({ confirmationCode: true });
    const { device } = await prepared(context, order, code(order));
    const answer = await device.getBoundProfilePackage();
    if (expected) expectStatusCode(fn, answer, expected);
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
  await device.upToBound(order.matchingId);
  const firstOtpk = device.euiccOtpk!;
  await device.upToAuthenticated(order.matchingId);
  return { device, order, firstOtpk };
}

export const getBoundProfilePackageCases: ConformanceCase[] = [
  ...CURVES.map(nominal),
  withCode('NOM-CC', 'the right confirmation code gives the BPP', (o) => o.confirmationCode),
  withCode(
    'ERR-CC-MISSING',
    'no hashed confirmation code where one is required is refused (8.2.7/2.2)',
    () => undefined,
    'confirmationCodeMissing',
  ),
  withCode(
    'ERR-CC-REFUSED',
    'a wrong confirmation code is refused (8.2.7/3.8)',
    (o) => `${o.confirmationCode}9`,
    'confirmationCodeRefused',
  ),
  {
    id: 'GBPP-CC-RETRY-NEW-SESSION',
    area,
    title:
      'after a refused confirmation code the user may try again in a new session: the right code gives the BPP',
    reference: ref(`${section}, 3.1.3.2`, area),
    run: async (context) => {
      const order = await context.order({ confirmationCode: true });
      const first = await prepared(context, order, `${order.confirmationCode}9`);
      expectStatusCode(fn, await first.device.getBoundProfilePackage(), 'confirmationCodeRefused');
      const second = await prepared(context, order, order.confirmationCode);
      second.device.acceptBoundProfilePackage(await second.device.getBoundProfilePackage());
    },
  },
  {
    id: 'GBPP-ERR-CC-RETRIES',
    area,
    title:
      'wrong confirmation codes again and again: refused (8.2.7/3.8) until the attempts are exhausted (8.2.7/6.4)',
    reference: ref(`${section}, 3.1.3.2`, area),
    run: async (context) => {
      const order = await context.order({ confirmationCode: true });
      const seen: string[] = [];
      for (let attempt = 1; attempt <= 10; attempt++) {
        const { device } = await prepared(context, order, `${order.confirmationCode}9`);
        const answer = await device.getBoundProfilePackage();
        seen.push(describeAnswer(answer));
        if (seen.at(-1) === 'Failed 8.2.7/6.4') {
          check('answers before the limit', Array(attempt - 1).fill('Failed 8.2.7/3.8'), seen.slice(0, -1));
          context.note(`attempts exhausted after ${attempt} wrong codes`);
          return;
        }
        if (seen.at(-1) !== 'Failed 8.2.7/3.8')
          throw new CheckFailed(fn, 'Failed 8.2.7/3.8, then 8.2.7/6.4', seen.join(', '));
      }
      throw new CheckFailed(fn, 'Failed 8.2.7/6.4 within 10 attempts', seen.join(', '));
    },
  },
  {
    id: 'GBPP-ERR-TXID-UNKNOWN',
    area,
    title: 'getBoundProfilePackage with an unknown transactionId is refused (8.10.1/3.9)',
    reference: ref(section, area),
    run: async (context) => {
      const { device } = await prepared(context);
      const answer = await device.getBoundProfilePackage(unknownTransactionId);
      expectStatusCode(fn, answer, 'transactionIdUnknown');
    },
  },
  {
    id: 'GBPP-ERR-BEFORE-AUTHENTICATION',
    area,
    title:
      'getBoundProfilePackage in a session not yet authenticated (after initiateAuthentication only) is refused (8.10.1/3.9)',
    reference: ref(`${section}, 3.1.3`, area),
    run: async (context) => {
      const { device } = await prepared(context);
      const early = context.device();
      const session = await early.upToInitiated();
      const answer = await device.getBoundProfilePackage((body) => ({
        ...body,
        transactionId: session.transactionId,
      }));
      expectStatusCode(fn, answer, 'transactionIdUnknown');
    },
  },
  {
    id: 'GBPP-ERR-EUICC-SIGNATURE2',
    area,
    title: 'a wrong euiccSignature2 is refused (8.1/6.1)',
    reference: ref(section, area),
    run: async (context) => {
      const { device } = await prepared(context);
      const answer = await device.getBoundProfilePackage((body) => ({
        ...body,
        prepareDownloadResponse: flippedSignature2(device.prepareDownloadResponse!).toString('base64'),
      }));
      expectStatusCode(fn, answer, 'euiccSignatureInvalid');
    },
  },
  {
    id: 'GBPP-ERR-OTPK-NOT-A-POINT',
    area,
    title: 'a validly signed euiccOtpk that is not a point of the curve is refused (8.1/6.1)',
    reference: ref(`${section}, 2.6.6`, area),
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
      expectStatusCode(fn, answer, 'euiccSignatureInvalid');
    },
  },
  {
    id: 'GBPP-RETRY-BPP-EUICC-OTPK',
    area,
    title:
      'retry after a lost BPP: authenticateClient of the new session carries bppEuiccOtpk, the one-time key the BPP was bound to',
    reference: ref('5.6.2, 5.6.3, 3.1.3', area),
    run: async (context) => {
      const { device, firstOtpk } = await lostBpp(context);
      check(
        'smdpSigned2.bppEuiccOtpk',
        firstOtpk.toString('hex'),
        device.authenticated!.bppEuiccOtpk?.toString('hex') ?? 'absent',
      );
    },
  },
  {
    id: 'GBPP-RETRY-SAME-OTPK',
    area,
    title: 'retry after a lost BPP with the same eUICC one-time key: the BPP is served again and installs',
    reference: ref(`${section}, 3.1.3`, area),
    run: async (context) => {
      const { device, firstOtpk } = await lostBpp(context);
      const pdr = device.signedPrepareDownloadResponse({
        transactionId: Buffer.from(device.transactionId, 'hex'),
        euiccOtpk: firstOtpk,
      });
      const answer = await device.getBoundProfilePackage((body) => ({
        ...body,
        prepareDownloadResponse: pdr.toString('base64'),
      }));
      device.euiccOtpk = firstOtpk;
      device.acceptBoundProfilePackage(answer);
    },
  },
  {
    id: 'GBPP-RETRY-NEW-OTPK',
    area,
    title:
      'retry after a lost BPP with a new eUICC one-time key (no PPK): BPP not available for a new binding (8.2/3.7), or a new BPP bound to the new key — never the old one',
    reference: ref(`${section}, 3.1.3`, area),
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
      if (describeAnswer(answer) === 'Executed-Success') {
        // SGP.22 5.6.3 lets the SM-DP+ bind again; then smdpSign must cover the new otPK.EUICC.
        device.euiccOtpk = otpk;
        device.acceptBoundProfilePackage(answer);
        context.note('the SM-DP+ bound the profile again to the new one-time key');
      } else expectStatusCode(fn, answer, 'bppNotAvailable');
    },
  },
  ...malformedRequestCases({
    area,
    prefix: 'GBPP',
    functionName: fn,
    section,
    derFields: ['prepareDownloadResponse'],
    textFields: ['transactionId'],
    prepare: async (context) => {
      const { device } = await prepared(context);
      return (tamper, headers) => device.es9(fn, tamper ? tamper(bodyOf(device)) : bodyOf(device), headers);
    },
  }),
];

const bodyOf = (device: TestDevice) => ({
  transactionId: device.transactionId,
  prepareDownloadResponse: device.prepareDownloadResponse!.toString('base64'),
});
