/** SGP.23 area ES9+.AuthenticateClient: SGP.22 5.6.3 (the eUICC's authentication, the order's eligibility). */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CURVES, type Curve } from '../../crypto/curve.ts';
import type { StatusCodeName } from '../../errors/status-codes.ts';
import { randomEid } from '../../pki/eid.ts';
import { ANSWER_READINGS } from '../answer-checks.ts';
import { type CaseContext, type ConformanceCase, ref } from '../conformance-case.ts';
import { describeAnswer, describeCode, expectRefusal, failedWith, refusedWith } from '../sgp22-answer.ts';
import { flippedBit, unknownTransactionId } from '../tamper.ts';
import type { Tamper, TestDevice } from '../test-device.ts';
import { check, judge, may, precondition, type Reading, shall } from '../verdict.ts';
import { malformedRequestCases } from './malformed-requests.ts';
import { euiccSignatureInvalid, sessionUnknown } from './shared-readings.ts';

const area = 'ES9+.AuthenticateClient';
const section = '5.6.3';
const fn = 'authenticateClient';

/** The readings of SGP.22 5.6.3 the cases enforce, with the peers each was checked against. */
const R = {
  answer: ANSWER_READINGS.authenticateClient,
  ccRequired: shall(
    'SGP.22 5.6.3, 3.1.3.2',
    'smdpSigned2.ccRequiredFlag is true when the order needs a confirmation code, false otherwise',
  ),
  eidOrder: shall('SGP.22 5.6.3, 5.3.2', 'an order bound to an EID is served to the eUICC of that EID'),
  sessionUnknown: sessionUnknown(section, fn),
  replayRefused: shall(
    'SGP.22 5.6.3, 3.1.3',
    'a second authenticateClient in a session already authenticated does not authenticate it again',
  ),
  replayCode: may(
    'SGP.22 5.6.3',
    'the session has moved on: 8.10.1/3.9 is the code we read for it; SGP.22 names none for a replay',
    "pySim's osmo-smdpp would verify the replay again (no state check); any refusal passes",
  ),
  signature: euiccSignatureInvalid(section, fn, 'euiccSignature1 over euiccSigned1'),
  serverChallenge: shall(
    'SGP.22 5.6.3',
    "refuses euiccSigned1 whose serverChallenge is not the session's with 8.1/6.1 (eUICC – Verification Failed)",
    "pySim's osmo-smdpp: 8.1/6.1 'Verification failed (serverChallenge)'",
  ),
  eumInvalid: shall(
    'SGP.22 5.6.3, 4.5.2',
    'refuses an EUM certificate that does not verify under the CI with 8.1.2/6.1 (EUM Certificate – Verification Failed)',
    "status code table of 5.6.3 (8.1.2 EUM Certificate); pySim's osmo-smdpp answers 8.1.3/6.1 for any chain failure (it does not tell the EUM from the eUICC certificate): we follow the table",
  ),
  eumExpired: shall(
    'SGP.22 5.6.3, 4.5.2',
    'refuses an expired EUM certificate with 8.1.2/6.3 (EUM Certificate – Expired)',
    "status code table of 5.6.3; pySim's osmo-smdpp does not check expiry (its 8.1.3/6.3 is commented out)",
  ),
  euiccInvalid: shall(
    'SGP.22 5.6.3, 4.5.2',
    'refuses an eUICC certificate that does not verify under the EUM with 8.1.3/6.1 (eUICC Certificate – Verification Failed)',
    "pySim's osmo-smdpp: 8.1.3/6.1 'Verification failed (certificate chain)'",
  ),
  euiccExpired: shall(
    'SGP.22 5.6.3, 4.5.2',
    'refuses an expired eUICC certificate with 8.1.3/6.3 (eUICC Certificate – Expired)',
    'status code table of 5.6.3',
  ),
  eidRangeRefused: shall(
    'SGP.22 5.6.3, 4.5.2.1.0.2',
    "refuses an eUICC certificate whose EID lies outside the EUM's permitted range, with 6.1 Verification Failed",
  ),
  eidRangeCode: may(
    'SGP.22 5.6.3',
    'we read the EID range check as part of the eUICC certificate verification: 8.1.3/6.1',
    "pySim's osmo-smdpp answers 8.1.4/6.1 (a subject in no code table we know): another x/6.1 is a remark",
  ),
  unknownCi: shall(
    'SGP.22 5.6.3',
    'refuses an EUM certificate under a CI it does not trust with 8.11.1/3.9 (Public Key – Unknown)',
    "pySim's osmo-smdpp: 8.11.1/3.9 when no CI certificate matches",
  ),
  matchingId: shall(
    'SGP.22 5.6.3',
    'refuses a matchingId no order has with 8.2.6/3.8 (Matching ID – Refused)',
    "pySim's osmo-smdpp: 8.2.6/3.8; osmo-ttcn3-hacks smdpp expects 8.2.6/3.8",
  ),
  eidMismatch: shall(
    'SGP.22 5.6.3',
    'refuses an order bound to another EID with 8.1.1/3.8 (EID – Refused)',
    'status code table of 5.6.3 (8.1.1/3.8)',
  ),
  notReleased: shall(
    'SGP.22 5.6.3, 5.3.2',
    'refuses an order not yet released with 8.2/1.2 (Profile – Not Allowed)',
    'status code table of 5.6.3 (8.2/1.2)',
  ),
} as const satisfies Record<string, Reading>;

/** SGP.26 certificates made for negative tests (certs/sgp26/invalid, NIST P-256, under the SGP.26 test CI). */
const invalid = (name: string) =>
  readFileSync(new URL(`../../../certs/sgp26/invalid/${name}.der`, import.meta.url));

/** A device whose session is initiated and whose eUICC has answered AuthenticateServer for a fresh order. */
async function authenticating(
  context: CaseContext,
  device = context.device(),
  matchingId?: string,
): Promise<TestDevice> {
  const order = matchingId === undefined ? await context.order() : { matchingId };
  await precondition("initiateAuthentication and the eUICC's AuthenticateServer", async () => {
    await device.upToInitiated();
    await device.authenticateServer(order.matchingId);
  });
  return device;
}

/** A device authenticated for an order up to (and with) authenticateClient: the precondition of later steps. */
export async function authenticated(
  context: CaseContext,
  matchingId: string | undefined,
  device = context.device(),
): Promise<TestDevice> {
  await precondition('initiateAuthentication and authenticateClient', () =>
    device.upToAuthenticated(matchingId),
  );
  return device;
}

const authenticateServerResponse =
  (der: Buffer): Tamper =>
  (body) => ({ ...body, authenticateServerResponse: der.toString('base64') });

const nominal = (curve: Curve): ConformanceCase => ({
  id: `AC-NOM-${curve === 'P-256' ? 'P256' : 'BRP'}`,
  area,
  curve,
  title: `authenticateClient on ${curve}: smdpSigned2 names the session, CERT.DPpb chains to the CI, smdpSignature2 verifies, the profile metadata is the order's and the eUICC accepts PrepareDownload`,
  reference: ref(`${section}, 5.7.5, 2.6.5`, area),
  readings: [R.answer, R.ccRequired],
  run: async (context) => {
    const order = await context.order();
    const device = context.device();
    await precondition('initiateAuthentication', () => device.upToInitiated());
    await precondition('eUICC AuthenticateServer', () => device.authenticateServer(order.matchingId));
    const session = device.acceptAuthenticateClient(await device.authenticateClient());
    check('ccRequiredFlag', false, session.ccRequired, R.ccRequired);
    if (order.iccid)
      check('profileMetadata iccid', order.iccid, iccidDigits(session.metadata.iccid), R.answer);
    await device.prepareDownload();
  },
});

/** ICCID as digits from its swapped-nibble coding (trailing F removed). */
export const iccidDigits = (iccid: Buffer): string =>
  [...iccid]
    .map((b) => `${b & 0x0f}${(b >> 4).toString(16)}`)
    .join('')
    .replace(/f$/i, '');

/** The eUICC's answer with a part changed; the SM-DP+ must refuse it with `code`. */
const tamperedAnswer = (
  id: string,
  title: string,
  code: StatusCodeName,
  change: (device: TestDevice) => Buffer,
  reading: Reading,
  options: { curve?: Curve; sections?: string; codeReading?: Reading } = {},
): ConformanceCase => ({
  id: `AC-ERR-${id}`,
  area,
  ...(options.curve ? { curve: options.curve } : {}),
  title,
  reference: ref(options.sections ?? section, area),
  readings: [reading, ...(options.codeReading ? [options.codeReading] : [])],
  run: async (context) => {
    const device = await authenticating(context);
    const answer = await device.authenticateClient(authenticateServerResponse(change(device)));
    const codeReading = options.codeReading;
    if (!codeReading) return expectRefusal(context, fn, answer, refusedWith(code, reading));
    // The code is a reading of ours: any x/6.1 refusal holds the SHALL, the exact code is asked with MAY.
    expectRefusal(context, fn, answer, { refused: reading, reason: '6.1', codeReading: reading });
    judge(context, codeReading, fn, failedWith(answer, code), describeCode(code), describeAnswer(answer));
  },
});

const withCertificates = (certificates: { euicc?: string; eum?: string }) => (device: TestDevice) =>
  device.changedAuthenticateServerResponse(
    (ok) => ({
      ...ok,
      ...(certificates.euicc ? { euiccCertificate: invalid(certificates.euicc) } : {}),
      ...(certificates.eum ? { eumCertificate: invalid(certificates.eum) } : {}),
    }),
    false,
  );

export const authenticateClientCases: ConformanceCase[] = [
  ...CURVES.map(nominal),
  {
    id: 'AC-NOM-CC',
    area,
    title: 'an order with a confirmation code: smdpSigned2.ccRequiredFlag is true',
    reference: ref(`${section}, 3.1.3.2`, area),
    readings: [R.ccRequired, R.answer],
    run: async (context) => {
      const order = await context.order({ confirmationCode: true });
      const device = await authenticating(context, context.device(), order.matchingId);
      const session = device.acceptAuthenticateClient(await device.authenticateClient());
      check('ccRequiredFlag', true, session.ccRequired, R.ccRequired);
    },
  },
  {
    id: 'AC-NOM-EID-ORDER',
    area,
    title: 'an order bound to the EID of the eUICC is served to that eUICC',
    reference: ref(`${section}, 5.3.2`, area),
    readings: [R.eidOrder, R.answer],
    run: async (context) => {
      const device = context.device();
      const order = await context.order({ eid: device.eid });
      await authenticating(context, device, order.matchingId);
      device.acceptAuthenticateClient(await device.authenticateClient());
    },
  },
  {
    id: 'AC-ERR-TXID-UNKNOWN',
    area,
    title: 'authenticateClient with an unknown transactionId is refused (8.10.1/3.9)',
    reference: ref(section, area),
    readings: [R.sessionUnknown],
    run: async (context) => {
      const device = await authenticating(context);
      const answer = await device.authenticateClient(unknownTransactionId);
      expectRefusal(context, fn, answer, refusedWith('transactionIdUnknown', R.sessionUnknown));
    },
  },
  {
    id: 'AC-ERR-TXID-REPLAY',
    area,
    title:
      'a second authenticateClient in an authenticated session is refused (8.10.1/3.9 read, any code accepted)',
    reference: ref(`${section}, 3.1.3`, area),
    readings: [R.replayRefused, R.replayCode],
    run: async (context) => {
      const order = await context.order();
      const device = await authenticated(context, order.matchingId);
      expectRefusal(context, fn, await device.authenticateClient(), {
        refused: R.replayRefused,
        code: 'transactionIdUnknown',
        codeReading: R.replayCode,
      });
    },
  },
  tamperedAnswer(
    'EUICC-SIGNATURE1',
    'a wrong euiccSignature1 is refused (8.1/6.1)',
    'euiccSignatureInvalid',
    (device) =>
      device.changedAuthenticateServerResponse(
        (ok) => ({ ...ok, euiccSignature1: flippedBit(ok.euiccSignature1, 10) }),
        false,
      ),
    R.signature,
  ),
  tamperedAnswer(
    'SERVER-CHALLENGE',
    'euiccSigned1 with another serverChallenge (validly signed) is refused (8.1/6.1)',
    'euiccSignatureInvalid',
    (device) =>
      device.changedAuthenticateServerResponse(
        (ok) => ({ ...ok, euiccSigned1: { ...ok.euiccSigned1, serverChallenge: randomBytes(16) } }),
        true,
      ),
    R.serverChallenge,
  ),
  tamperedAnswer(
    'EUM-INVALID',
    'an EUM certificate with a wrong CI signature is refused (8.1.2/6.1)',
    'eumCertificateInvalid',
    withCertificates({ eum: 'CERT_EUM_ECDSA_NIST_INVALID' }),
    R.eumInvalid,
    { curve: 'P-256', sections: `${section}, 4.5.2` },
  ),
  tamperedAnswer(
    'EUM-EXPIRED',
    'an expired EUM certificate is refused (8.1.2/6.3)',
    'eumCertificateExpired',
    withCertificates({ eum: 'CERT_EUM_ECDSA_NIST_EXPIRED' }),
    R.eumExpired,
    { curve: 'P-256', sections: `${section}, 4.5.2` },
  ),
  tamperedAnswer(
    'EUICC-INVALID',
    'an eUICC certificate with a wrong EUM signature is refused (8.1.3/6.1)',
    'euiccCertificateInvalid',
    withCertificates({ euicc: 'CERT_EUICC_ECDSA_NIST_INVALID' }),
    R.euiccInvalid,
    { curve: 'P-256', sections: `${section}, 4.5.2` },
  ),
  tamperedAnswer(
    'EUICC-EXPIRED',
    'an expired eUICC certificate is refused (8.1.3/6.3)',
    'euiccCertificateExpired',
    withCertificates({ euicc: 'CERT_EUICC_ECDSA_NIST_EXPIRED' }),
    R.euiccExpired,
    { curve: 'P-256', sections: `${section}, 4.5.2` },
  ),
  tamperedAnswer(
    'EID-OUT-OF-RANGE',
    "an eUICC certificate whose EID lies outside the EUM's range is refused (x/6.1; 8.1.3/6.1 read)",
    'euiccCertificateInvalid',
    withCertificates({ euicc: 'CERT_EUICC_ECDSA_NIST_INVALID_EID' }),
    R.eidRangeRefused,
    { curve: 'P-256', sections: `${section}, 4.5.2.1.0.2`, codeReading: R.eidRangeCode },
  ),
  tamperedAnswer(
    'EUM-UNKNOWN-CI',
    'an EUM certificate under an unknown CI is refused (8.11.1/3.9)',
    'ciPublicKeyUnknown',
    withCertificates({ eum: 'CERT_EUM_ECDSA_NIST_UNKNOWN_CI' }),
    R.unknownCi,
    { curve: 'P-256', sections: `${section}, 4.5.2` },
  ),
  {
    id: 'AC-ERR-MATCHING-ID',
    area,
    title: 'a matchingId no order has is refused (8.2.6/3.8)',
    reference: ref(section, area),
    readings: [R.matchingId],
    run: async (context) => {
      const device = context.device();
      await precondition("initiateAuthentication and the eUICC's AuthenticateServer", async () => {
        await device.upToInitiated();
        await device.authenticateServer(`UNKNOWN-${randomBytes(6).toString('hex').toUpperCase()}`);
      });
      expectRefusal(
        context,
        fn,
        await device.authenticateClient(),
        refusedWith('matchingIdRefused', R.matchingId),
      );
    },
  },
  {
    id: 'AC-ERR-EID-MISMATCH',
    area,
    title: 'an order bound to another EID is refused to this eUICC (8.1.1/3.8)',
    reference: ref(section, area),
    readings: [R.eidMismatch],
    run: async (context) => {
      // An EID of the same EUM range that is not this eUICC's.
      const other = context.device();
      let eid = randomEid(other.eid.slice(0, 8));
      while (eid === other.eid) eid = randomEid(other.eid.slice(0, 8));
      const order = await context.order({ eid });
      await authenticating(context, other, order.matchingId);
      expectRefusal(context, fn, await other.authenticateClient(), refusedWith('eidMismatch', R.eidMismatch));
    },
  },
  {
    id: 'AC-ERR-NOT-RELEASED',
    area,
    title: 'an order confirmed without release (releaseFlag false) is not served yet (8.2/1.2)',
    reference: ref(`${section}, 5.3.2`, area),
    readings: [R.notReleased],
    run: async (context) => {
      const order = await context.order({ release: false });
      const device = await authenticating(context, context.device(), order.matchingId);
      expectRefusal(
        context,
        fn,
        await device.authenticateClient(),
        refusedWith('profileNotReleased', R.notReleased),
      );
    },
  },
  ...malformedRequestCases({
    area,
    prefix: 'AC',
    functionName: fn,
    section,
    derFields: ['authenticateServerResponse'],
    textFields: ['transactionId'],
    setUp: "initiateAuthentication and the eUICC's AuthenticateServer",
    prepare: async (context) => {
      const device = await authenticating(context);
      return (tamper, headers) => device.authenticateClient(tamper, headers);
    },
  }),
];
