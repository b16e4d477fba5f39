/** ES9+.HandleNotification (SGP.22 5.6.4): verify a signed notification and apply it to the profile. */
import type { KeyObject } from 'node:crypto';
import type {
  OtherSignedNotification,
  PendingNotification,
  ProfileInstallationResult,
} from '../../asn1/rsp/index.ts';
import { derOf } from '../../asn1/schema.ts';
import { ecdsaVerify } from '../../crypto/ecdsa.ts';
import { ensure, RspError } from '../../errors/rsp-error.ts';
import { parseCertificate } from '../../pki/certificate.ts';
import { iccidToDigits } from '../../profile/iccid.ts';
import { Es9Functions, type Es9StepName } from '../../protocol/es9-functions.ts';
import { declaredDerField } from '../../rsp-server/binding/declared-fields.ts';
import type { JsonBody } from '../../rsp-server/binding/json-fields.ts';
import { verifyEuiccChain } from '../../rsp-server/euicc-chain.ts';
import type { RspSession } from '../../rsp-server/session.ts';
import { closeSession } from '../../rsp-server/session-lookup.ts';
import { need } from '../../rsp-server/step-state.ts';
import { runSteps, type StepHooks, stepOf } from '../../rsp-server/steps.ts';
import type { SmdpContext } from '../context.ts';
import type { NotificationRecord } from '../notification-log.ts';
import type { ProfileRecord } from '../profile-repository.ts';
import type { Es9State } from './es9-state.ts';

export interface HandleNotificationState extends Es9State<'handleNotification'> {
  notification?: PendingNotification;
  /** What the notification said, for observers of the function (the ES2+ progress notifier). */
  applied?: NotificationRecord & { readonly profile?: ProfileRecord; readonly der: Buffer };
}

type State = HandleNotificationState;

type Applied = NonNullable<State['applied']>;

async function profileInstallationResult(
  smdp: SmdpContext,
  pir: ProfileInstallationResult,
): Promise<Applied | undefined> {
  const data = pir.profileInstallationResultData;
  const transactionId = data.transactionId.toString('hex').toUpperCase();
  const session: RspSession | undefined = await smdp.sessions.get(transactionId, smdp.now());
  // A bound session, or one its eUICC ended (see SessionEnding): kept until it expires.
  if (!session?.euiccCertificate || (session.phase !== 'bound' && !session.ending)) {
    throw new RspError(
      'transactionIdUnknown',
      'no bound session for this installation result',
      transactionId,
    );
  }
  // SGP.22 5.6.4: euiccSignPIR covers profileInstallationResultData, with the eUICC key of the session.
  const key: KeyObject = parseCertificate(session.euiccCertificate).publicKey;
  ensure(
    ecdsaVerify(key, derOf(data), pir.euiccSignPIR),
    'euiccSignatureInvalid',
    'euiccSignPIR does not verify',
  );
  const success = 'successResult' in data.finalResult;
  // The LPA delivers a notification until it is acknowledged, so the same result may come twice: it is
  // acknowledged (204) and changes nothing.
  if (session.ending === 'installationResult') {
    smdp.log.info({ transactionId, success }, 'handleNotification: installation result already received');
    return undefined;
  }
  const profile = session.profileId ? await smdp.profiles.get(session.profileId) : undefined;
  // Only the claim this eUICC holds. After a cancellation the profile has left Downloaded already (released
  // or Error, as the eUICC's signed reason said): the result is recorded, the state stays.
  if (profile && !profile.reusable && session.eid) {
    const ended = await smdp.profiles.transition(
      profile.id,
      ['downloaded'],
      success ? 'installed' : 'error',
      {},
      session.eid,
    );
    // The order has ended: its binding will not be retried.
    if (ended) await smdp.bindings.delete(profile.id);
  }
  const record: NotificationRecord = {
    receivedAt: smdp.now(),
    kind: 'profileInstallationResult',
    eid: session.eid,
    iccid: profile?.iccid,
    event: 'notificationInstall',
    success,
    transactionId,
  };
  smdp.notifications.add(record);
  smdp.log.info(
    { transactionId, success, ...('errorResult' in data.finalResult ? data.finalResult.errorResult : {}) },
    'handleNotification: profile installation result',
  );
  await closeSession(smdp, session, 'installationResult');
  return { ...record, ...(profile ? { profile } : {}), der: derOf(pir) };
}

async function otherSignedNotification(smdp: SmdpContext, other: OtherSignedNotification): Promise<Applied> {
  // SGP.22 5.6.4: these carry their own certificates; the chain must lead to a CI we trust.
  const chain = verifyEuiccChain({
    euiccCertificate: other.euiccCertificate,
    eumCertificate: other.eumCertificate,
    trustedCis: smdp.pki.trustedCis,
    now: new Date(smdp.now()),
  });
  const signed = derOf(other.tbsOtherNotification);
  ensure(
    ecdsaVerify(chain.euiccPublicKey, signed, other.euiccNotificationSignature),
    'euiccSignatureInvalid',
    'euiccNotificationSignature does not verify',
  );
  const metadata = other.tbsOtherNotification;
  const iccid = metadata.iccid ? iccidToDigits(metadata.iccid) : undefined;
  const event = metadata.profileManagementOperation[0] ?? 'unknown';
  const record: NotificationRecord = {
    receivedAt: smdp.now(),
    kind: 'otherSignedNotification',
    eid: chain.eid,
    iccid,
    event,
  };
  smdp.notifications.add(record);
  smdp.log.info({ eid: chain.eid, iccid, event, seqNumber: metadata.seqNumber }, 'handleNotification');
  if (event === 'notificationDelete' && iccid) await profileDeleted(smdp, iccid, chain.eid);
  return { ...record, der: derOf(other) };
}

/**
 * The eUICC deleted a profile it installed from us (SGP.22 3.2.4 / 5.7.9, notification point 5 of ES2+
 * HandleDownloadProgressInfo): the order is over and its ICCID and keys were on a device, so the profile
 * becomes Unavailable — never offered again, as ES2+ describes that state; the operator decides what to do
 * with the ICCID. Only an Installed profile held by the notifying eUICC moves: a repeated notification, or
 * one about another eUICC's profile, changes nothing.
 */
async function profileDeleted(smdp: SmdpContext, iccid: string, eid: string): Promise<void> {
  const profile = await smdp.profiles.findByIccid(iccid);
  if (!profile || profile.reusable) return;
  const moved = await smdp.profiles.transition(profile.id, ['installed'], 'unavailable', {}, eid);
  if (moved) smdp.log.info({ iccid, eid }, 'handleNotification: deleted profile now unavailable');
}

const step = stepOf<State, Es9StepName<'handleNotification'>>();

/** The steps, in the order the declaration lists them (test/protocol checks the two agree). */
export const steps = [
  step('readRequest', (s) => {
    s.notification = declaredDerField(Es9Functions.handleNotification, s.body, 'pendingNotification').value;
  }),
  step('applyNotification', async (s) => {
    const n = need(s, 'notification');
    const applied =
      'profileInstallationResult' in n
        ? await profileInstallationResult(s.smdp, n.profileInstallationResult)
        : await otherSignedNotification(s.smdp, n.otherSignedNotification);
    if (applied) s.applied = applied;
  }),
];

/** Returns nothing: the JSON binding answers 204 No Content (SGP.22 6.5.2.4). */
export async function handleNotification(
  smdp: SmdpContext,
  body: JsonBody,
  hooks?: StepHooks<State>,
): Promise<undefined> {
  const state: State = { function: 'handleNotification', smdp, body };
  await runSteps(state.function, steps, state, hooks);
  return undefined;
}

/** handleNotification as the server lists it (its name, steps and run). */
export const handleNotificationFunction = {
  name: 'handleNotification',
  steps,
  run: handleNotification,
} as const;
