/** ES9+.AuthenticateClient (SGP.22 5.6.3). */
import type { KeyObject } from 'node:crypto';
import { SmdpSigned2, StoreMetadataRequest } from '../../asn1/rsp/index.ts';
import { ecdsaSign } from '../../crypto/ecdsa.ts';
import { ensure, RspError } from '../../errors/rsp-error.ts';
import type { Es9Answer, Es9StepName } from '../../protocol/es9-functions.ts';
import { signatureTlv, smdpSignature2Input } from '../../protocol/signed-data.ts';
import type { JsonBody } from '../../rsp-server/binding/json-fields.ts';
import {
  type AuthenticationState,
  checkEuiccSigned1,
  euiccAnswerOk,
  readAuthenticateClient,
  verifyEuiccCertificates,
  verifyEuiccSignature1,
} from '../../rsp-server/mutual-authentication.ts';
import { sessionIn } from '../../rsp-server/session-lookup.ts';
import { need } from '../../rsp-server/step-state.ts';
import { runSteps, type StepHooks, stepOf } from '../../rsp-server/steps.ts';
import type { SmdpContext, SmdpCredentials } from '../context.ts';
import type { ProfileRecord } from '../profile-repository.ts';
import { checkEligibility } from './eligibility.ts';
import type { Es9State } from './es9-state.ts';
import { checkOrderLifetime, countDownloadAttempt } from './order-limits-check.ts';

export interface AuthenticateClientState
  extends AuthenticationState<Es9Answer<'authenticateClient'>>,
    Es9State<'authenticateClient'> {
  credentials?: SmdpCredentials;
  euiccSignature1?: Buffer;
  euiccCertificate?: Buffer;
  euiccPublicKey?: KeyObject;
  profile?: ProfileRecord;
  bppEuiccOtpk?: Buffer;
  smdpSigned2?: Buffer;
  smdpSignature2?: Buffer;
}

type State = AuthenticateClientState;

const step = stepOf<State, Es9StepName<'authenticateClient'>>();

/** The steps, in the order the declaration lists them (test/protocol checks the two agree). */
export const steps = [
  step('readRequest', (s) => {
    ({ transactionId: s.transactionId, authenticateServerResponse: s.authenticateServerResponse } =
      readAuthenticateClient(s.body));
  }),
  step('findSession', async (s) => {
    const session = await sessionIn(s.smdp, need(s, 'transactionId'), ['initiated']);
    s.session = session;
    s.credentials = s.smdp.pki.credentials.find((c) => c.ciPkid.equals(session.ciPkid));
  }),
  // The eUICC refused our authentication: the session cannot go on.
  step('checkEuiccAnswer', async (s) => {
    s.ok = await euiccAnswerOk(s.smdp.sessions, need(s, 'session'), need(s, 'authenticateServerResponse'));
    s.euiccSigned1 = s.ok.euiccSigned1;
    s.euiccSignature1 = s.ok.euiccSignature1;
    s.euiccCertificate = s.ok.euiccCertificate;
  }),
  // SGP.22 5.6.3: EUM and eUICC certificates against the CI chosen in initiateAuthentication.
  step('verifyEuiccCertificates', (s) => {
    const chain = verifyEuiccCertificates(
      need(s, 'ok'),
      need(s, 'session'),
      s.smdp.pki.trustedCis,
      s.smdp.now(),
    );
    s.eid = chain.eid;
    s.euiccPublicKey = chain.euiccPublicKey;
  }),
  step('verifyEuiccSignature1', (s) => {
    verifyEuiccSignature1(need(s, 'euiccPublicKey'), need(s, 'ok'));
  }),
  step('checkSignedData', (s) => {
    checkEuiccSigned1(need(s, 'euiccSigned1'), need(s, 'session'), 'smdpAddressInvalid');
  }),
  // SGP.22 5.6.3: by matchingId (activation code / event), or, with none (the default SM-DP+ use case), a
  // profile pending for this EID. With no matchingId there is no MatchingID to refuse: what the SM-DP+ does
  // not know is the EID, "EID - Refused" 8.1.1/3.8 (SGP.22 5.6.3's table; SGP.23's "un-matched EID for
  // default SM-DP+" case, and pySim's osmo-smdpp, answer the same).
  step('findProfile', async (s) => {
    const matchingId = need(s, 'euiccSigned1').ctxParams1.ctxParamsForCommonAuthentication.matchingId;
    if (matchingId) {
      s.profile = await s.smdp.profiles.findByMatchingId(matchingId);
      ensure(s.profile, 'matchingIdRefused', `no order for ${matchingId}`);
    } else {
      s.profile = await s.smdp.profiles.findForEid(need(s, 'eid'));
      ensure(s.profile, 'eidMismatch', 'no order for this EID (default SM-DP+)');
    }
  }),
  step('checkEidBinding', (s) => {
    const { eid } = need(s, 'profile');
    ensure(!eid || eid === s.eid, 'eidMismatch', 'the order names another EID');
  }),
  step('checkProfileState', (s) => {
    const { state, eid } = need(s, 'profile');
    if (state === 'released') return;
    // A download to this eUICC that never completed (the BPP was bound, then lost with a connection or a
    // crashed server): the same eUICC may retry it (SGP.22 3.1.3); no other eUICC can take the profile.
    if (state === 'downloaded' && eid === s.eid) return;
    if (state === 'available' || state === 'allocated' || state === 'linked' || state === 'confirmed') {
      throw new RspError('profileNotReleased');
    }
    throw new RspError('iccidNotAvailable', `profile is ${state}`);
  }),
  // The order's time to live (SGP.22 5.6.3, 8.8.5/4.10; rspsim's order limits, order-limits-check.ts).
  step('checkOrderLifetime', async (s) => {
    await checkOrderLifetime(s.smdp.profiles, need(s, 'profile'), s.smdp.now());
  }),
  // SGP.22 5.6.3 / 3.1.2: what the eUICC and the device declared against the profile and the order.
  step('checkEligibility', async (s) => {
    const profile = need(s, 'profile');
    const { euiccInfo2, ctxParams1 } = need(s, 'euiccSigned1');
    await checkEligibility({
      profile,
      euiccInfo2,
      deviceInfo: ctxParams1.ctxParamsForCommonAuthentication.deviceInfo,
      packageSize: () => s.smdp.profiles.packageSize(profile.id),
    });
  }),
  // Last of the checks, so that only an attempt by an eligible device counts (8.8.5/6.4 past the maximum).
  step('countDownloadAttempt', async (s) => {
    s.profile = await countDownloadAttempt(s.smdp.profiles, need(s, 'profile'));
  }),
  // SGP.22 5.6.3: a retry of an order already bound to this eUICC names the one-time key of that binding
  // (bppEuiccOtpk), so that an eUICC still holding its otSK.EUICC.ECKA can take the same BPP.
  step('findEarlierBinding', async (s) => {
    const { id, state, eid, reusable } = need(s, 'profile');
    if (reusable || state !== 'downloaded' || eid !== s.eid) return;
    const binding = await s.smdp.bindings.get(id);
    if (binding && binding.eid === s.eid) s.bppEuiccOtpk = binding.euiccOtpk;
  }),
  step('signSmdpSigned2', (s) => {
    s.smdpSigned2 = SmdpSigned2.encode({
      transactionId: Buffer.from(need(s, 'transactionId'), 'hex'),
      ccRequiredFlag: need(s, 'profile').confirmationCodeHash !== undefined,
      ...(s.bppEuiccOtpk ? { bppEuiccOtpk: s.bppEuiccOtpk } : {}),
    });
    s.smdpSignature2 = ecdsaSign(
      need(s, 'credentials').dpPb.privateKey,
      smdpSignature2Input(s.smdpSigned2, need(s, 'euiccSignature1')),
    );
  }),
  step('saveSession', async (s) => {
    const session = need(s, 'session');
    const profile = need(s, 'profile');
    session.phase = 'authenticated';
    // Past the short lifetime of a pending session: the session's own, counted from its start.
    session.expiresAt = session.createdAt + s.smdp.config.sessionTtlMs;
    session.eid = s.eid;
    // Copies: a slice would keep the whole request alive for the life of the session.
    session.euiccCertificate = Buffer.from(need(s, 'euiccCertificate'));
    session.profileId = profile.id;
    session.matchingId = profile.matchingId;
    session.ccRequired = profile.confirmationCodeHash !== undefined;
    session.smdpSignature2Tlv = signatureTlv(need(s, 'smdpSignature2'));
    if (s.bppEuiccOtpk) session.bppEuiccOtpk = Buffer.from(s.bppEuiccOtpk);
    await s.smdp.sessions.update(session);
  }),
  step('respond', (s) => {
    s.answer = {
      transactionId: need(s, 'transactionId'),
      profileMetadata: StoreMetadataRequest.encode(need(s, 'profile').metadata).toString('base64'),
      smdpSigned2: need(s, 'smdpSigned2').toString('base64'),
      smdpSignature2: signatureTlv(need(s, 'smdpSignature2')).toString('base64'),
      smdpCertificate: need(s, 'credentials').dpPb.certificate.toString('base64'),
    };
  }),
];

export async function authenticateClient(
  smdp: SmdpContext,
  body: JsonBody,
  hooks?: StepHooks<State>,
): Promise<JsonBody> {
  const state: State = { function: 'authenticateClient', smdp, body };
  await runSteps(state.function, steps, state, hooks);
  smdp.log.info(
    { transactionId: state.transactionId, eid: state.eid, iccid: need(state, 'profile').iccid },
    'authenticateClient',
  );
  return need(state, 'answer');
}

/** authenticateClient as the server lists it (its name, steps and run). */
export const authenticateClientFunction = {
  name: 'authenticateClient',
  steps,
  run: authenticateClient,
} as const;
