/**
 * SGP.23 area ES9+.HandleNotification: SGP.22 5.6.4 — the signed ProfileInstallationResult (success, and
 * every errorReason the eUICC can report) and the other signed notifications (enable, disable, delete).
 */
import { randomBytes } from 'node:crypto';
import {
  ErrorReasons,
  type NotificationEventName,
  OtherSignedNotification,
  PendingNotification,
  ProfileInstallationResult,
} from '../../asn1/rsp/index.ts';
import { derOf } from '../../asn1/schema.ts';
import { ANSWER_READINGS } from '../answer-checks.ts';
import { type CaseContext, type ConformanceCase, ref } from '../conformance-case.ts';
import { expectNoContent, expectRefusal, refusedWith } from '../sgp22-answer.ts';
import { flippedBit } from '../tamper.ts';
import type { TestDevice } from '../test-device.ts';
import { may, precondition, type Reading, shall } from '../verdict.ts';
import { malformedRequestCases } from './malformed-requests.ts';
import { sessionUnknown } from './shared-readings.ts';

const area = 'ES9+.HandleNotification';
const section = '5.6.4';
const fn = 'handleNotification';

/**
 * The readings of SGP.22 5.6.4 and the JSON binding. handleNotification's normal answer is HTTP 204 (6.5.2.4;
 * pySim quotes the SHALL). For a notification that cannot be taken (a signature that does not verify, a
 * session the SM-DP+ never opened) SGP.22 names no status code we can point to: what is checked is the
 * behaviour — not acknowledged as a success, and the genuine notification not lost — the code is a remark.
 */
const R = {
  accepted: ANSWER_READINGS.handleNotification,
  sessionEnds: shall(
    'SGP.22 5.6.4, 3.1.3',
    'a delivered ProfileInstallationResult ends the RSP session: getBoundProfilePackage on it is then refused with 8.10.1/3.9',
    "pySim's osmo-smdpp deletes the session state on the installation result; its getBoundProfilePackage then answers 8.10.1/3.9",
  ),
  sessionUnknownAfter: sessionUnknown('5.6.2', 'getBoundProfilePackage'),
  badSignature: shall(
    'SGP.22 5.6.4',
    'a notification whose eUICC signature does not verify is not acknowledged as delivered (no 204), and the genuine one sent afterwards is still taken (204)',
    "pySim's osmo-smdpp verifies euiccSignPIR / euiccNotificationSignature and does not answer 204 when they fail",
  ),
  badSignatureCode: may(
    'SGP.22 5.6.4',
    'the code of that refusal: 8.1/6.1 (eUICC – Verification Failed) is our reading; SGP.22 names none for handleNotification',
  ),
  unknownSession: may(
    'SGP.22 5.6.4',
    'an installation result of a session the SM-DP+ never opened cannot be verified; refusing it (8.10.1/3.9 read) or acknowledging it are both seen',
    "pySim's osmo-smdpp acknowledges it with 204 (logs 'Unable to find session'); rspsim answers 8.10.1/3.9",
  ),
} as const satisfies Record<string, Reading>;

/** After a delivered installation result the session is over: getBoundProfilePackage on it is 8.10.1/3.9. */
async function expectSessionClosed(context: CaseContext, device: TestDevice): Promise<void> {
  const answer = await device.getBoundProfilePackage();
  expectRefusal(context, 'getBoundProfilePackage after the installation result', answer, {
    refused: R.sessionEnds,
    code: 'transactionIdUnknown',
    codeReading: R.sessionUnknownAfter,
  });
}

/** The precondition of most cases: a whole download of a fresh order, its result delivered. */
const WHOLE_DOWNLOAD =
  'a whole download (initiateAuthentication … getBoundProfilePackage, install, its result)';

/** A device with the ordered profile installed and its result delivered. */
async function installed(context: CaseContext): Promise<TestDevice> {
  const order = await context.order();
  const device = context.device();
  await precondition(WHOLE_DOWNLOAD, () => device.install(order.matchingId));
  return device;
}

/** A device whose BPP is bound but not yet loaded: the precondition of the installation result cases. */
async function bound(context: CaseContext, device: TestDevice): Promise<Buffer> {
  const order = await context.order();
  return precondition('a session up to getBoundProfilePackage', () => device.upToBound(order.matchingId));
}

/** A notification that must not be taken: refused (any code, 8.1/6.1 read), never 204. */
function expectNotTaken(context: CaseContext, answer: Parameters<typeof expectNoContent>[1]): void {
  expectRefusal(context, fn, answer, {
    refused: R.badSignature,
    code: 'euiccSignatureInvalid',
    codeReading: R.badSignatureCode,
  });
}

/** An OtherSignedNotification of this eUICC about its installed profile, signed (or not) as SGP.22 5.7.10 says. */
function otherNotification(
  device: TestDevice,
  event: NotificationEventName,
  certificates: { eum?: Buffer } = {},
  badSignature = false,
): Buffer {
  const profile = device.euicc.profiles[0];
  if (!profile) throw new Error('no installed profile');
  const tbsOtherNotification = {
    seqNumber: 1000 + Math.floor(Math.random() * 1000),
    profileManagementOperation: [event],
    notificationAddress: device.target.address,
    iccid: Buffer.from(profile.iccid, 'hex'),
  };
  const unsigned = OtherSignedNotification.encode({
    tbsOtherNotification,
    euiccNotificationSignature: Buffer.alloc(64),
    euiccCertificate: Buffer.from(device.state.euiccCertificate, 'base64'),
    eumCertificate: certificates.eum ?? Buffer.from(device.state.eumCertificate, 'base64'),
  });
  const decoded = OtherSignedNotification.decode(unsigned);
  const signed = device.sign(derOf(decoded.tbsOtherNotification));
  const signature = badSignature ? flippedBit(signed, 7) : signed;
  return PendingNotification.encode({
    otherSignedNotification: { ...decoded, euiccNotificationSignature: signature },
  });
}

const EVENTS: readonly [string, NotificationEventName][] = [
  ['ENABLE', 'notificationEnable'],
  ['DISABLE', 'notificationDisable'],
  ['DELETE', 'notificationDelete'],
];

export const handleNotificationCases: ConformanceCase[] = [
  {
    id: 'HN-PIR-SUCCESS',
    area,
    title: 'a successful ProfileInstallationResult is accepted (204) and ends the session',
    reference: ref(`${section}, 5.7.6, 6.5.2.4`, area),
    readings: [R.accepted, R.sessionEnds],
    run: async (context) => {
      const device = context.device();
      await bound(context, device);
      const result = await precondition("the eUICC's installation of the BPP", () => device.loadInstalled());
      expectNoContent(fn, await device.handleNotification(result.resultDer), R.accepted);
      await expectSessionClosed(context, device);
    },
  },
  ...Object.entries(ErrorReasons).map(
    ([name, value]): ConformanceCase => ({
      id: `HN-PIR-ERROR-${name.replace(/[A-Z]/g, (c) => `-${c}`).toUpperCase()}`,
      area,
      title: `a signed ProfileInstallationResult reporting ${name} (${value}) is accepted (204) and ends the session`,
      reference: ref(`${section}, 5.7.6`, area),
      readings: [R.accepted, R.sessionEnds],
      run: async (context) => {
        const device = context.device({
          scenarios: [
            { name: 'bpp-fails', function: 'loadBoundProfilePackage', answer: { type: 'error', code: name } },
          ],
        });
        await bound(context, device);
        const result = await device.loadBoundProfilePackage();
        if (result.success || result.errorReason !== value)
          throw new Error(`the emulated eUICC did not report ${name}: ${result.errorReason ?? 'success'}`);
        expectNoContent(fn, await device.handleNotification(result.resultDer), R.accepted);
        await expectSessionClosed(context, device);
      },
    }),
  ),
  {
    id: 'HN-PIR-TAMPERED-BPP',
    area,
    title:
      'a BPP changed on the way fails on the eUICC (scp03tSecurityError); its signed result is accepted (204) and ends the session',
    reference: ref(`${section}, 5.7.6, 2.5.5`, area),
    readings: [R.accepted, R.sessionEnds],
    run: async (context) => {
      const device = context.device();
      const bpp = flippedBit(await bound(context, device), -20);
      const result = await device.loadBoundProfilePackage(bpp);
      if (result.success) throw new Error('the emulated eUICC installed a changed BPP');
      expectNoContent(fn, await device.handleNotification(result.resultDer), R.accepted);
      await expectSessionClosed(context, device);
    },
  },
  {
    id: 'HN-PIR-BAD-SIGNATURE',
    area,
    title:
      'a ProfileInstallationResult with a wrong euiccSignPIR is not taken (no 204; 8.1/6.1 read); the genuine one afterwards is (204)',
    reference: ref(section, area),
    readings: [R.badSignature, R.badSignatureCode, R.accepted],
    run: async (context) => {
      const device = context.device();
      await bound(context, device);
      const result = await precondition("the eUICC's installation", () => device.loadBoundProfilePackage());
      const pir = ProfileInstallationResult.decode(result.resultDer);
      const tampered = ProfileInstallationResult.encode({
        ...pir,
        euiccSignPIR: flippedBit(pir.euiccSignPIR, 3),
      });
      expectNotTaken(context, await device.handleNotification(tampered));
      expectNoContent(
        `${fn} of the genuine result afterwards`,
        await device.handleNotification(result.resultDer),
        R.badSignature,
      );
    },
  },
  {
    id: 'HN-PIR-TXID-UNKNOWN',
    area,
    title:
      'a ProfileInstallationResult of a session the SM-DP+ never opened: refused (8.10.1/3.9 read) or acknowledged (a remark), never an error outside the binding',
    reference: ref(section, area),
    readings: [R.unknownSession],
    run: async (context) => {
      const device = context.device();
      const pir = ProfileInstallationResult.encode({
        profileInstallationResultData: {
          transactionId: randomBytes(16),
          notificationMetadata: {
            seqNumber: 1,
            profileManagementOperation: ['notificationInstall'],
            notificationAddress: device.target.address,
          },
          finalResult: { errorResult: { bppCommandId: 0, errorReason: 127 } },
        },
        euiccSignPIR: Buffer.alloc(64, 1),
      });
      const answer = await device.handleNotification(pir);
      // Either way is seen in correct servers; only an answer outside the binding fails (6.5.1).
      if (answer.status === 204 && !answer.transportError) {
        context.remark({
          what: fn,
          expected: 'Failed 8.10.1/3.9 TransactionId – Unknown',
          observed: 'HTTP 204 (acknowledged)',
          reading: R.unknownSession,
        });
        return;
      }
      expectRefusal(context, fn, answer, refusedWith('transactionIdUnknown', R.unknownSession));
    },
  },
  ...EVENTS.map(
    ([id, event]): ConformanceCase => ({
      id: `HN-OTHER-${id}`,
      area,
      title: `a signed ${event} notification for an installed profile is accepted (204)`,
      reference: ref(`${section}, 5.7.10, 3.5`, area),
      readings: [R.accepted],
      run: async (context) => {
        const device = await installed(context);
        expectNoContent(fn, await device.handleNotification(otherNotification(device, event)), R.accepted);
      },
    }),
  ),
  {
    id: 'HN-OTHER-BAD-SIGNATURE',
    area,
    title:
      'an other notification with a wrong euiccNotificationSignature is not taken (no 204; 8.1/6.1 read); the genuine one afterwards is (204)',
    reference: ref(section, area),
    readings: [R.badSignature, R.badSignatureCode, R.accepted],
    run: async (context) => {
      const device = await installed(context);
      const genuine = otherNotification(device, 'notificationEnable');
      expectNotTaken(
        context,
        await device.handleNotification(otherNotification(device, 'notificationEnable', {}, true)),
      );
      expectNoContent(
        `${fn} of the genuine notification afterwards`,
        await device.handleNotification(genuine),
        R.badSignature,
      );
    },
  },
  ...malformedRequestCases({
    area,
    prefix: 'HN',
    functionName: fn,
    section,
    derFields: ['pendingNotification'],
    textFields: [],
    setUp: WHOLE_DOWNLOAD,
    prepare: async (context) => {
      const device = await installed(context);
      const der = otherNotification(device, 'notificationDisable');
      return (tamper, headers) =>
        device.es9(
          fn,
          tamper
            ? tamper({ pendingNotification: der.toString('base64') })
            : { pendingNotification: der.toString('base64') },
          headers,
        );
    },
  }),
];
