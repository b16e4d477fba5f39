/** SGP.23 area ES9+.AuthenticateClient: SGP.22 5.6.2 (the eUICC's authentication, the order's eligibility). */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CURVES, type Curve } from '../../crypto/curve.ts';
import type { StatusCodeName } from '../../errors/status-codes.ts';
import { randomEid } from '../../pki/eid.ts';
import { type CaseContext, type ConformanceCase, ref } from '../conformance-case.ts';
import { expectStatusCode } from '../sgp22-answer.ts';
import { flippedBit, unknownTransactionId } from '../tamper.ts';
import type { Tamper, TestDevice } from '../test-device.ts';
import { check } from '../verdict.ts';
import { malformedRequestCases } from './malformed-requests.ts';

const area = 'ES9+.AuthenticateClient';
const section = '5.6.2';

/** SGP.26 certificates made for negative tests (certs/sgp26/invalid, NIST P-256, under the SGP.26 test CI). */
const invalid = (name: string) =>
  readFileSync(new URL(`../../../certs/sgp26/invalid/${name}.der`, import.meta.url));

/** A device whose session is initiated and whose eUICC has answered AuthenticateServer for a fresh order. */
async function authenticating(context: CaseContext, device = context.device()): Promise<TestDevice> {
  const order = await context.order();
  await device.upToInitiated();
  await device.authenticateServer(order.matchingId);
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
  run: async (context) => {
    const order = await context.order();
    const device = context.device();
    const session = await device.upToAuthenticated(order.matchingId);
    check('ccRequiredFlag', false, session.ccRequired);
    if (order.iccid) check('profileMetadata iccid', order.iccid, iccidDigits(session.metadata.iccid));
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
  options: { curve?: Curve; sections?: string } = {},
): ConformanceCase => ({
  id: `AC-ERR-${id}`,
  area,
  ...(options.curve ? { curve: options.curve } : {}),
  title,
  reference: ref(options.sections ?? section, area),
  run: async (context) => {
    const device = await authenticating(context);
    expectStatusCode(
      'authenticateClient',
      await device.authenticateClient(authenticateServerResponse(change(device))),
      code,
    );
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
    run: async (context) => {
      const order = await context.order({ confirmationCode: true });
      check('ccRequiredFlag', true, (await context.device().upToAuthenticated(order.matchingId)).ccRequired);
    },
  },
  {
    id: 'AC-NOM-EID-ORDER',
    area,
    title: 'an order bound to the EID of the eUICC is served to that eUICC',
    reference: ref(`${section}, 5.3.2`, area),
    run: async (context) => {
      const device = context.device();
      const order = await context.order({ eid: device.eid });
      await device.upToAuthenticated(order.matchingId);
    },
  },
  {
    id: 'AC-ERR-TXID-UNKNOWN',
    area,
    title: 'authenticateClient with an unknown transactionId is refused (8.10.1/3.9)',
    reference: ref(section, area),
    run: async (context) => {
      const device = await authenticating(context);
      const answer = await device.authenticateClient(unknownTransactionId);
      expectStatusCode('authenticateClient', answer, 'transactionIdUnknown');
    },
  },
  {
    id: 'AC-ERR-TXID-REPLAY',
    area,
    title: 'a second authenticateClient in an authenticated session is refused (8.10.1/3.9)',
    reference: ref(`${section}, 3.1.3`, area),
    run: async (context) => {
      const order = await context.order();
      const device = context.device();
      await device.upToAuthenticated(order.matchingId);
      expectStatusCode('authenticateClient', await device.authenticateClient(), 'transactionIdUnknown');
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
  ),
  tamperedAnswer(
    'EUM-INVALID',
    'an EUM certificate with a wrong CI signature is refused (8.1.2/6.1)',
    'eumCertificateInvalid',
    withCertificates({ eum: 'CERT_EUM_ECDSA_NIST_INVALID' }),
    { curve: 'P-256', sections: `${section}, 4.5.2` },
  ),
  tamperedAnswer(
    'EUM-EXPIRED',
    'an expired EUM certificate is refused (8.1.2/6.3)',
    'eumCertificateExpired',
    withCertificates({ eum: 'CERT_EUM_ECDSA_NIST_EXPIRED' }),
    { curve: 'P-256', sections: `${section}, 4.5.2` },
  ),
  tamperedAnswer(
    'EUICC-INVALID',
    'an eUICC certificate with a wrong EUM signature is refused (8.1.3/6.1)',
    'euiccCertificateInvalid',
    withCertificates({ euicc: 'CERT_EUICC_ECDSA_NIST_INVALID' }),
    { curve: 'P-256', sections: `${section}, 4.5.2` },
  ),
  tamperedAnswer(
    'EUICC-EXPIRED',
    'an expired eUICC certificate is refused (8.1.3/6.3)',
    'euiccCertificateExpired',
    withCertificates({ euicc: 'CERT_EUICC_ECDSA_NIST_EXPIRED' }),
    { curve: 'P-256', sections: `${section}, 4.5.2` },
  ),
  tamperedAnswer(
    'EID-OUT-OF-RANGE',
    "an eUICC certificate whose EID lies outside the EUM's range is refused (8.1.3/6.1)",
    'euiccCertificateInvalid',
    withCertificates({ euicc: 'CERT_EUICC_ECDSA_NIST_INVALID_EID' }),
    { curve: 'P-256', sections: `${section}, 4.5.2.1.0.2` },
  ),
  tamperedAnswer(
    'EUM-UNKNOWN-CI',
    'an EUM certificate under an unknown CI is refused (8.11.1/3.9)',
    'ciPublicKeyUnknown',
    withCertificates({ eum: 'CERT_EUM_ECDSA_NIST_UNKNOWN_CI' }),
    { curve: 'P-256', sections: `${section}, 4.5.2` },
  ),
  {
    id: 'AC-ERR-MATCHING-ID',
    area,
    title: 'a matchingId no order has is refused (8.2.6/3.8)',
    reference: ref(section, area),
    run: async (context) => {
      const device = context.device();
      await device.upToInitiated();
      await device.authenticateServer(`UNKNOWN-${randomBytes(6).toString('hex').toUpperCase()}`);
      expectStatusCode('authenticateClient', await device.authenticateClient(), 'matchingIdRefused');
    },
  },
  {
    id: 'AC-ERR-EID-MISMATCH',
    area,
    title: 'an order bound to another EID is refused to this eUICC (8.1.1/3.8)',
    reference: ref(section, area),
    run: async (context) => {
      // An EID of the same EUM range that is not this eUICC's.
      const other = context.device();
      let eid = randomEid(other.eid.slice(0, 8));
      while (eid === other.eid) eid = randomEid(other.eid.slice(0, 8));
      const order = await context.order({ eid });
      await other.upToInitiated();
      await other.authenticateServer(order.matchingId);
      expectStatusCode('authenticateClient', await other.authenticateClient(), 'eidMismatch');
    },
  },
  {
    id: 'AC-ERR-NOT-RELEASED',
    area,
    title: 'an order confirmed without release (releaseFlag false) is not served yet (8.2/1.2)',
    reference: ref(`${section}, 5.3.2`, area),
    run: async (context) => {
      const order = await context.order({ release: false });
      const device = context.device();
      await device.upToInitiated();
      await device.authenticateServer(order.matchingId);
      expectStatusCode('authenticateClient', await device.authenticateClient(), 'profileNotReleased');
    },
  },
  ...malformedRequestCases({
    area,
    prefix: 'AC',
    functionName: 'authenticateClient',
    section,
    derFields: ['authenticateServerResponse'],
    textFields: ['transactionId'],
    prepare: async (context) => {
      const device = await authenticating(context);
      return (tamper, headers) => device.authenticateClient(tamper, headers);
    },
  }),
];
