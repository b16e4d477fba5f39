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
import { type CaseContext, type ConformanceCase, ref } from '../conformance-case.ts';
import { expectNoContent, expectStatusCode } from '../sgp22-answer.ts';
import { flippedBit } from '../tamper.ts';
import type { TestDevice } from '../test-device.ts';
import { CheckFailed } from '../verdict.ts';
import { malformedRequestCases } from './malformed-requests.ts';

const area = 'ES9+.HandleNotification';
const section = '5.6.4';
const fn = 'handleNotification';

/** After a delivered installation result the session is over: getBoundProfilePackage on it is 8.10.1/3.9. */
async function expectSessionClosed(device: TestDevice): Promise<void> {
  const answer = await device.getBoundProfilePackage();
  expectStatusCode('getBoundProfilePackage after the installation result', answer, 'transactionIdUnknown');
}

/** A device with the ordered profile installed and its result delivered. */
async function installed(context: CaseContext): Promise<TestDevice> {
  const order = await context.order();
  const device = context.device();
  await device.install(order.matchingId);
  return device;
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
    run: async (context) => expectSessionClosed(await installed(context)),
  },
  ...Object.entries(ErrorReasons).map(
    ([name, value]): ConformanceCase => ({
      id: `HN-PIR-ERROR-${name.replace(/[A-Z]/g, (c) => `-${c}`).toUpperCase()}`,
      area,
      title: `a signed ProfileInstallationResult reporting ${name} (${value}) is accepted (204) and ends the session`,
      reference: ref(`${section}, 5.7.6`, area),
      run: async (context) => {
        const order = await context.order();
        const device = context.device({
          scenarios: [
            { name: 'bpp-fails', function: 'loadBoundProfilePackage', answer: { type: 'error', code: name } },
          ],
        });
        await device.upToBound(order.matchingId);
        const result = await device.loadBoundProfilePackage();
        if (result.success || result.errorReason !== value)
          throw new Error(`the emulated eUICC did not report ${name}: ${result.errorReason ?? 'success'}`);
        expectNoContent(fn, await device.handleNotification(result.resultDer));
        await expectSessionClosed(device);
      },
    }),
  ),
  {
    id: 'HN-PIR-TAMPERED-BPP',
    area,
    title:
      'a BPP changed on the way fails on the eUICC (scp03tSecurityError); its signed result is accepted (204) and ends the session',
    reference: ref(`${section}, 5.7.6, 2.5.5`, area),
    run: async (context) => {
      const order = await context.order();
      const device = context.device();
      const bpp = flippedBit(await device.upToBound(order.matchingId), -20);
      const result = await device.loadBoundProfilePackage(bpp);
      if (result.success)
        throw new CheckFailed('eUICC LoadBoundProfilePackage of a changed BPP', 'an errorResult', 'success');
      expectNoContent(fn, await device.handleNotification(result.resultDer));
      await expectSessionClosed(device);
    },
  },
  {
    id: 'HN-PIR-BAD-SIGNATURE',
    area,
    title:
      'a ProfileInstallationResult with a wrong euiccSignPIR is refused (8.1/6.1); the session stays bound',
    reference: ref(section, area),
    run: async (context) => {
      const order = await context.order();
      const device = context.device();
      await device.upToBound(order.matchingId);
      const result = await device.loadBoundProfilePackage();
      const pir = ProfileInstallationResult.decode(result.resultDer);
      const tampered = ProfileInstallationResult.encode({
        ...pir,
        euiccSignPIR: flippedBit(pir.euiccSignPIR, 3),
      });
      expectStatusCode(fn, await device.handleNotification(tampered), 'euiccSignatureInvalid');
      expectNoContent(
        `${fn} of the genuine result afterwards`,
        await device.handleNotification(result.resultDer),
      );
    },
  },
  {
    id: 'HN-PIR-TXID-UNKNOWN',
    area,
    title: 'a ProfileInstallationResult of a session the SM-DP+ never opened is refused (8.10.1/3.9)',
    reference: ref(section, area),
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
      expectStatusCode(fn, await device.handleNotification(pir), 'transactionIdUnknown');
    },
  },
  ...EVENTS.map(
    ([id, event]): ConformanceCase => ({
      id: `HN-OTHER-${id}`,
      area,
      title: `a signed ${event} notification for an installed profile is accepted (204)`,
      reference: ref(`${section}, 5.7.10, 3.5`, area),
      run: async (context) => {
        const device = await installed(context);
        expectNoContent(fn, await device.handleNotification(otherNotification(device, event)));
      },
    }),
  ),
  {
    id: 'HN-OTHER-BAD-SIGNATURE',
    area,
    title: 'an other notification with a wrong euiccNotificationSignature is refused (8.1/6.1)',
    reference: ref(section, area),
    run: async (context) => {
      const device = await installed(context);
      expectStatusCode(
        fn,
        await device.handleNotification(otherNotification(device, 'notificationEnable', {}, true)),
        'euiccSignatureInvalid',
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
