/** SGP.23 area ES9+.InitiateAuthentication: SGP.22 5.6.1 (and 5.7.13, what the eUICC checks of the answer). */
import { EUICCInfo1 } from '../../asn1/rsp/index.ts';
import type { Curve } from '../../crypto/curve.ts';
import { CURVES } from '../../crypto/curve.ts';
import type { StatusCodeName } from '../../errors/status-codes.ts';
import { ANSWER_READINGS } from '../answer-checks.ts';
import type { ConformanceCase } from '../conformance-case.ts';
import { ref } from '../conformance-case.ts';
import { expectRefusal, refusedWith, statusOf } from '../sgp22-answer.ts';
import type { Tamper, TestDevice } from '../test-device.ts';
import { check, Inconclusive, judge, may, type Reading, shall } from '../verdict.ts';
import { expectInputRefused, inputReadings, malformedRequestCases } from './malformed-requests.ts';

const area = 'ES9+.InitiateAuthentication';
const section = '5.6.1';
const fn = 'initiateAuthentication';

/** The readings of SGP.22 5.6.1 the cases enforce, with the peers each was checked against. */
const R = {
  answer: ANSWER_READINGS.initiateAuthentication,
  ciSelection: shall(
    'SGP.22 5.6.1, 4.5.2',
    'euiccCiPKIdToBeUsed names a CI the eUICC signs under (euiccCiPKIdListForSigning) and CERT.DPauth chains to it',
  ),
  freshSession: shall(
    'SGP.22 5.6.1, 2.6.6',
    'each initiateAuthentication opens a new RSP session: a new transactionId and a new random serverChallenge',
    "pySim's osmo-smdpp draws both afresh for every call",
  ),
  address: shall(
    'SGP.22 5.6.1',
    'refuses an smdpAddress that is not its own with 8.8.1/3.8 (SM-DP+ Address – Refused)',
    "pySim's osmo-smdpp: 8.8.1/3.8 'Invalid SM-DP+ Address'; osmo-ttcn3-hacks smdpp expects 8.8.1/3.8",
  ),
  svnRefusal: may(
    'SGP.22 5.6.1',
    'an SM-DP+ may refuse an eUICC specification version it does not support (SVN 1.0.0 here)',
    "osmo-ttcn3-hacks smdpp sends versions too low and too high; whether 1.0.0 is supported is the server's choice",
  ),
  svnCode: shall(
    'SGP.22 5.6.1',
    'an unsupported eUICC specification version is refused with 8.8.3/3.1 (Specification Version Number – Unsupported)',
    'osmo-ttcn3-hacks smdpp expects 8.8.3/3.1; pySim does not check the SVN',
  ),
  ciNotSupported: shall(
    'SGP.22 5.6.1',
    'refuses an eUICC none of whose euiccCiPKIdListForSigning it supports with 8.8.2/3.1 (Security configuration – Unsupported)',
    "pySim's osmo-smdpp: 8.8.2/3.1; osmo-ttcn3-hacks smdpp expects 8.8.2/3.1",
  ),
  noDpAuth: shall(
    'SGP.22 5.6.1',
    'refuses when it has no CERT.DPauth under a CI of euiccCiPKIdListForVerification with 8.8.4/3.7 (SM-DP+ Certificate – Unavailable)',
    "pySim's osmo-smdpp: 8.8.4/3.7",
  ),
} as const satisfies Record<string, Reading>;

/** The request with EUICCInfo1 changed (the eUICC's own answer, re-encoded). */
const withInfo1 =
  (change: (info: EUICCInfo1) => EUICCInfo1): Tamper =>
  (body) => {
    const info = EUICCInfo1.decode(Buffer.from(String(body.euiccInfo1), 'base64'));
    return { ...body, euiccInfo1: EUICCInfo1.encode(change(info)).toString('base64') };
  };

const UNKNOWN_CI = Buffer.alloc(20, 0x5a);

/** The SKI of the target's CI on a curve. */
function ciOf(device: TestDevice, curve: Curve): Buffer {
  const ci = device.target.trustedCis.find((c) => c.curve === curve);
  if (!ci) throw new Inconclusive(`no CI certificate for ${curve} was given (--ci)`);
  return ci.subjectKeyIdentifier;
}

const nominal = (curve: Curve): ConformanceCase => ({
  id: `IA-NOM-${curve === 'P-256' ? 'P256' : 'BRP'}`,
  area,
  curve,
  title: `initiateAuthentication on ${curve}: serverSigned1 echoes the challenge and address, CERT.DPauth chains to the CI, serverSignature1 verifies, the eUICC accepts it`,
  reference: ref(`${section}, 5.7.13, 2.6.5`, area),
  readings: [R.answer],
  run: async (context) => {
    const device = context.device();
    const session = await device.upToInitiated();
    await device.authenticateServer('CONFORMANCE');
    check('CERT.DPauth curve', curve, session.serverCertificate.curve, R.answer);
  },
});

const selection = (curve: Curve): ConformanceCase => ({
  id: `IA-CI-SELECT-${curve === 'P-256' ? 'P256' : 'BRP'}`,
  area,
  curve,
  title: `an eUICC that can verify both CIs but sign only under the ${curve} one gets CERT.DPauth of that CI`,
  reference: ref(`${section} (euiccCiPKIdToBeUsed), 4.5.2`, area),
  readings: [R.ciSelection, R.answer],
  run: async (context) => {
    const device = context.device();
    const wanted = ciOf(device, curve);
    const both = CURVES.map(
      (c) => device.target.trustedCis.find((ci) => ci.curve === c)?.subjectKeyIdentifier,
    );
    if (both.some((id) => id === undefined))
      throw new Inconclusive('needs the CI certificates of both curves (--ci)');
    const answer = await device.initiateAuthentication(
      withInfo1((info) => ({
        ...info,
        euiccCiPKIdListForSigning: [wanted],
        euiccCiPKIdListForVerification: both as Buffer[],
      })),
    );
    const session = device.acceptInitiateAuthentication(answer);
    check('euiccCiPKIdToBeUsed', wanted.toString('hex'), session.ciPkId.toString('hex'), R.ciSelection);
  },
});

/** A request SGP.22's table for initiateAuthentication names the refusal of: that code, as `reading` says. */
const refused = (
  id: string,
  title: string,
  tamper: Tamper,
  code: StatusCodeName,
  reading: Reading,
): ConformanceCase => ({
  id: `IA-ERR-${id}`,
  area,
  title,
  reference: ref(section, area),
  readings: [reading],
  run: async (context) => {
    const answer = await context.device().initiateAuthentication(tamper);
    expectRefusal(context, fn, answer, refusedWith(code, reading));
  },
});

export const initiateAuthenticationCases: ConformanceCase[] = [
  ...CURVES.map(nominal),
  ...CURVES.map(selection),
  {
    id: 'IA-NOM-FRESH-SESSION',
    area,
    title:
      'two initiateAuthentication calls open two sessions: new transactionId and new serverChallenge each time',
    reference: ref(`${section}, 2.6.6`, area),
    readings: [R.freshSession],
    run: async (context) => {
      const first = context.device();
      const second = context.device();
      const a = await first.upToInitiated();
      const b = await second.upToInitiated();
      check('a new transactionId', true, a.transactionId !== b.transactionId, R.freshSession);
      check(
        'a new serverChallenge',
        true,
        !a.serverSigned1.subarray(-16).equals(b.serverSigned1.subarray(-16)),
        R.freshSession,
      );
    },
  },
  refused(
    'SMDP-ADDRESS',
    'initiateAuthentication naming another SM-DP+ address is refused (8.8.1/3.8)',
    (body) => ({ ...body, smdpAddress: 'smdp.invalid.example' }),
    'smdpAddressInvalid',
    R.address,
  ),
  {
    id: 'IA-ERR-SVN',
    area,
    title:
      'an eUICC of specification version 1.0.0: if the SM-DP+ does not support it, refused with 8.8.3/3.1',
    reference: ref(section, area),
    readings: [R.svnRefusal, R.svnCode],
    run: async (context) => {
      const answer = await context
        .device()
        .initiateAuthentication(withInfo1((info) => ({ ...info, svn: Buffer.from([1, 0, 0]) })));
      const s = statusOf(answer);
      if (s.kind === 'executed') {
        judge(context, R.svnRefusal, fn, false, 'Failed 8.8.3/3.1', `${s.status}: SVN 1.0.0 supported`);
        return;
      }
      expectRefusal(context, fn, answer, refusedWith('euiccVersionNotSupported', R.svnCode));
    },
  },
  refused(
    'CI-NOT-SUPPORTED',
    'an eUICC signing only under an unknown CI is refused (8.8.2/3.1)',
    withInfo1((info) => ({ ...info, euiccCiPKIdListForSigning: [UNKNOWN_CI] })),
    'ciPKIdNotSupported',
    R.ciNotSupported,
  ),
  refused(
    'NO-DPAUTH',
    'an eUICC verifying only under an unknown CI gets no DPauth certificate (8.8.4/3.7)',
    withInfo1((info) => ({ ...info, euiccCiPKIdListForVerification: [UNKNOWN_CI] })),
    'noDpAuthCertificate',
    R.noDpAuth,
  ),
  {
    id: 'IA-ERR-CHALLENGE-LENGTH',
    area,
    title: 'a euiccChallenge of 15 bytes (not Octet16) is refused as invalid (reason 2.1, any subject)',
    reference: ref(`${section}, 2.6.6, 6.5.1`, area),
    readings: [inputReadings(fn, section).refused, inputReadings(fn, section).invalid],
    run: async (context) => {
      const answer = await context.device().initiateAuthentication((body) => ({
        ...body,
        euiccChallenge: Buffer.alloc(15, 1).toString('base64'),
      }));
      const r = inputReadings(fn, section);
      expectInputRefused(context, fn, answer, '2.1', { refused: r.refused, codeReading: r.invalid });
    },
  },
  ...malformedRequestCases({
    area,
    prefix: 'IA',
    functionName: fn,
    section,
    derFields: ['euiccChallenge', 'euiccInfo1'],
    textFields: ['smdpAddress'],
    setUp: 'a new emulated eUICC',
    prepare: async (context) => {
      const device = context.device();
      return (tamper, headers) => device.initiateAuthentication(tamper, headers);
    },
  }),
];
