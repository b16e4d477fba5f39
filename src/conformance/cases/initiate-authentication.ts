/** SGP.23 area ES9+.InitiateAuthentication: SGP.22 5.6.1 (and 5.7.13, what the eUICC checks of the answer). */
import { EUICCInfo1 } from '../../asn1/rsp/index.ts';
import type { Curve } from '../../crypto/curve.ts';
import { CURVES } from '../../crypto/curve.ts';
import type { ConformanceCase } from '../conformance-case.ts';
import { ref } from '../conformance-case.ts';
import { expectStatusCode } from '../sgp22-answer.ts';
import type { Tamper, TestDevice } from '../test-device.ts';
import { check, Inconclusive } from '../verdict.ts';
import { malformedRequestCases } from './malformed-requests.ts';

const area = 'ES9+.InitiateAuthentication';
const section = '5.6.1';

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
  run: async (context) => {
    const device = context.device();
    await device.upToInitiated();
    await device.authenticateServer('CONFORMANCE');
    check('CERT.DPauth curve', curve, device.initiated!.serverCertificate.curve);
  },
});

const selection = (curve: Curve): ConformanceCase => ({
  id: `IA-CI-SELECT-${curve === 'P-256' ? 'P256' : 'BRP'}`,
  area,
  curve,
  title: `an eUICC that can verify both CIs but sign only under the ${curve} one gets CERT.DPauth of that CI`,
  reference: ref(`${section} (euiccCiPKIdToBeUsed), 4.5.2`, area),
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
    check('euiccCiPKIdToBeUsed', wanted.toString('hex'), session.ciPkId.toString('hex'));
  },
});

const refused = (
  id: string,
  title: string,
  tamper: Tamper,
  code: Parameters<typeof expectStatusCode>[2],
  sections = section,
): ConformanceCase => ({
  id: `IA-ERR-${id}`,
  area,
  title,
  reference: ref(sections, area),
  run: async (context) => {
    expectStatusCode('initiateAuthentication', await context.device().initiateAuthentication(tamper), code);
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
    run: async (context) => {
      const first = context.device();
      const second = context.device();
      const a = await first.upToInitiated();
      const b = await second.upToInitiated();
      check('a new transactionId', true, a.transactionId !== b.transactionId);
      check(
        'a new serverChallenge',
        true,
        !a.serverSigned1.subarray(-16).equals(b.serverSigned1.subarray(-16)),
      );
    },
  },
  refused(
    'SMDP-ADDRESS',
    'initiateAuthentication naming another SM-DP+ address is refused (8.8.1/3.8)',
    (body) => ({ ...body, smdpAddress: 'smdp.invalid.example' }),
    'smdpAddressInvalid',
  ),
  refused(
    'SVN',
    'an eUICC of specification version 1.0.0 is refused (8.8.3/3.1)',
    withInfo1((info) => ({ ...info, svn: Buffer.from([1, 0, 0]) })),
    'euiccVersionNotSupported',
  ),
  refused(
    'CI-NOT-SUPPORTED',
    'an eUICC signing only under an unknown CI is refused (8.8.2/3.1)',
    withInfo1((info) => ({ ...info, euiccCiPKIdListForSigning: [UNKNOWN_CI] })),
    'ciPKIdNotSupported',
  ),
  refused(
    'NO-DPAUTH',
    'an eUICC verifying only under an unknown CI gets no DPauth certificate (8.8.4/3.7)',
    withInfo1((info) => ({ ...info, euiccCiPKIdListForVerification: [UNKNOWN_CI] })),
    'noDpAuthCertificate',
  ),
  refused(
    'CHALLENGE-LENGTH',
    'a euiccChallenge of 15 bytes (not Octet16) is invalid input (1.6/3.8)',
    (body) => ({ ...body, euiccChallenge: Buffer.alloc(15, 1).toString('base64') }),
    'badInput',
    `${section}, 2.6.6`,
  ),
  ...malformedRequestCases({
    area,
    prefix: 'IA',
    functionName: 'initiateAuthentication',
    section,
    derFields: ['euiccChallenge', 'euiccInfo1'],
    textFields: ['smdpAddress'],
    prepare: async (context) => {
      const device = context.device();
      return (tamper, headers) => device.initiateAuthentication(tamper, headers);
    },
  }),
];
