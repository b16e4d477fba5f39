/** ES9+.GetBoundProfilePackage (SGP.22 5.6.2): verify the eUICC, check the confirmation code, bind. */
import { createHash, type KeyObject } from 'node:crypto';
import {
  BoundProfilePackage,
  type ControlRefTemplate,
  type EUICCSigned2,
  type InitialiseSecureChannelRequest,
  type PrepareDownloadResponse,
} from '../../asn1/rsp/index.ts';
import { derOf } from '../../asn1/schema.ts';
import { ecdsaSign, ecdsaVerify } from '../../crypto/ecdsa.ts';
import { generateEphemeralKeyPair } from '../../crypto/ecka.ts';
import { randomBytes } from '../../crypto/random.ts';
import { deriveSessionKeys } from '../../crypto/session-keys.ts';
import { ensure, RspError } from '../../errors/rsp-error.ts';
import { parseCertificate } from '../../pki/certificate.ts';
import { Es9Functions, type Es9StepName } from '../../protocol/es9-functions.ts';
import { initialiseSecureChannelInput } from '../../protocol/signed-data.ts';
import { declaredDerField } from '../../rsp-server/binding/declared-fields.ts';
import { type JsonBody, transactionIdField } from '../../rsp-server/binding/json-fields.ts';
import { checkSignedTransactionId, closeSession, sessionIn } from '../../rsp-server/session-lookup.ts';
import { need, needSession } from '../../rsp-server/step-state.ts';
import { runSteps, type StepHooks, stepOf } from '../../rsp-server/steps.ts';
import { buildBoundProfilePackage } from '../bpp/build-bound-profile-package.ts';
import type { SmdpContext, SmdpCredentials } from '../context.ts';
import type { ProfileRecord } from '../profile-repository.ts';
import type { Es9State } from './es9-state.ts';
import { checkOrderLifetime } from './order-limits-check.ts';

export interface GetBoundProfilePackageState extends Es9State<'getBoundProfilePackage'> {
  prepareDownloadResponse?: PrepareDownloadResponse;
  credentials?: SmdpCredentials;
  euiccSigned2?: EUICCSigned2;
  euiccSignature2?: Buffer;
  profile?: ProfileRecord;
  bpp?: Buffer;
}

type State = GetBoundProfilePackageState;

/** AES-128 session keys (GlobalPlatform key type '88', 16 bytes), SGP.22 2.6.6.1. */
const KEY_TYPE_AES = Buffer.from([0x88]);
const KEY_LENGTH_16 = Buffer.from([0x10]);

const step = stepOf<State, Es9StepName<'getBoundProfilePackage'>>();

/** The steps, in the order the declaration lists them (test/protocol checks the two agree). */
export const steps = [
  step('readRequest', (s) => {
    s.transactionId = transactionIdField(s.body);
    s.prepareDownloadResponse = declaredDerField(
      Es9Functions.getBoundProfilePackage,
      s.body,
      'prepareDownloadResponse',
    ).value;
  }),
  step('findSession', async (s) => {
    const session = await sessionIn(s.smdp, need(s, 'transactionId'), ['authenticated', 'bound']);
    s.session = session;
    s.credentials = s.smdp.pki.credentials.find((c) => c.ciPkid.equals(session.ciPkid));
  }),
  step('checkEuiccAnswer', async (s) => {
    const response = need(s, 'prepareDownloadResponse');
    if ('downloadResponseError' in response) {
      await closeSession(s.smdp, need(s, 'session'));
      const code = response.downloadResponseError.downloadErrorCode;
      throw new RspError('euiccSignatureInvalid', `the eUICC refused PrepareDownload (code ${code})`);
    }
    s.euiccSigned2 = response.downloadResponseOk.euiccSigned2;
    s.euiccSignature2 = response.downloadResponseOk.euiccSignature2;
  }),
  // SGP.22 5.6.2: euiccSignature2 over euiccSigned2 and the smdpSignature2 we sent, with PK.EUICC.ECDSA.
  step('verifyEuiccSignature2', (s) => {
    const euiccKey: KeyObject = parseCertificate(needSession(s, 'euiccCertificate')).publicKey;
    const signed = Buffer.concat([derOf(need(s, 'euiccSigned2')), needSession(s, 'smdpSignature2Tlv')]);
    ensure(
      ecdsaVerify(euiccKey, signed, need(s, 'euiccSignature2')),
      'euiccSignatureInvalid',
      'euiccSignature2 does not verify',
    );
    checkSignedTransactionId(need(s, 'euiccSigned2').transactionId, need(s, 'transactionId'));
  }),
  // A retry with the one-time key the BPP is already bound to gets the same BPP (SGP.22 3.1.3.2).
  step('reuseBinding', (s) => {
    const session = need(s, 'session');
    if (session.phase !== 'bound') return;
    if (!session.euiccOtpk?.equals(need(s, 'euiccSigned2').euiccOtpk)) {
      throw new RspError('bppNotAvailable', 'the BPP is bound to another one-time key');
    }
    s.bpp = session.boundProfilePackage;
  }),
  step('loadProfile', async (s) => {
    s.profile = await s.smdp.profiles.get(needSession(s, 'profileId'));
    if (!s.profile) throw new RspError('iccidNotAvailable', 'the profile is gone');
  }),
  // SGP.22 5.6.2: the order may have expired since authenticateClient (8.8.5/4.10; the order to Error).
  step('checkOrderLifetime', async (s) => {
    await checkOrderLifetime(s.smdp.profiles, need(s, 'profile'), s.smdp.now());
  }),
  // SGP.22 3.1.3 / 5.6.2: Hashed Confirmation Code = SHA256(SHA256(code) | transactionId); attempts counted.
  step('verifyConfirmationCode', async (s) => {
    const profile = need(s, 'profile');
    const expected = profile.confirmationCodeHash;
    if (!expected || s.bpp) return;
    const hashCc = need(s, 'euiccSigned2').hashCc;
    if (!hashCc) throw new RspError('confirmationCodeMissing');
    const computed = createHash('sha256')
      .update(expected)
      .update(Buffer.from(need(s, 'transactionId'), 'hex'))
      .digest();
    if (computed.equals(hashCc)) return;
    // Attempts count on the order; a demo (reusable) profile is shared, so there they count per session.
    const session = need(s, 'session');
    const failed = (profile.reusable ? session.ccAttempts : profile.ccFailedAttempts) + 1;
    const exhausted = failed >= profile.ccMaxAttempts;
    if (profile.reusable) {
      session.ccAttempts = failed;
      await s.smdp.sessions.update(session);
    } else {
      await s.smdp.profiles.transition(profile.id, [profile.state], exhausted ? 'error' : profile.state, {
        ccFailedAttempts: failed,
      });
    }
    if (exhausted) {
      await closeSession(s.smdp, session);
      throw new RspError('confirmationCodeRetriesExceeded');
    }
    throw new RspError('confirmationCodeRefused', `${profile.ccMaxAttempts - failed} attempts left`);
  }),
  // Only one eUICC can take a profile: the state change is the lock (two racing sessions cannot both win).
  // A reusable (demo) profile is never taken: every eUICC gets its own binding of it.
  step('claimProfile', async (s) => {
    const profile = need(s, 'profile');
    const { eid } = need(s, 'session');
    if (s.bpp || profile.reusable) return;
    // A retry by the eUICC that already holds the claim (see authenticateClient's checkProfileState).
    if (profile.state === 'downloaded' && profile.eid === eid) return;
    const claimed = await s.smdp.profiles.transition(profile.id, ['released'], 'downloaded', { eid });
    if (!claimed) throw new RspError('bppNotAvailable', 'the profile was taken by another session');
  }),
  // SGP.22 5.6.2: the eUICC answered with the one-time key of the order's binding from an earlier session
  // (named in smdpSigned2, and the eUICC kept its otSK.EUICC.ECKA): the same otPK.DP.ECKA, session keys and
  // protected segments. Only the InitialiseSecureChannelRequest is made again: it carries the transactionId,
  // which the eUICC checks against its session (ErrorReason invalidTransactionId).
  step('reuseEarlierBinding', async (s) => {
    const session = need(s, 'session');
    const euiccOtpk = need(s, 'euiccSigned2').euiccOtpk;
    if (s.bpp || !session.bppEuiccOtpk?.equals(euiccOtpk)) return;
    const binding = await s.smdp.bindings.get(need(s, 'profile').id);
    if (!binding || binding.eid !== session.eid || !binding.euiccOtpk.equals(euiccOtpk)) return;
    const earlier = BoundProfilePackage.decode(binding.boundProfilePackage);
    const { controlRefTemplate, smdpOtpk } = earlier.initialiseSecureChannelRequest;
    s.bpp = BoundProfilePackage.encode({
      ...earlier,
      initialiseSecureChannelRequest: initialiseSecureChannel(s, controlRefTemplate, smdpOtpk),
    });
    await saveBound(s);
  }),
  step('bindProfilePackage', async (s) => {
    if (s.bpp) return;
    const session = need(s, 'session');
    const eid = needSession(s, 'eid');
    const euiccOtpk = need(s, 'euiccSigned2').euiccOtpk;
    // SGP.22 3.1.3.2 / 5.5.1: a fresh one-time key pair of the SM-DP+, ECKA, and the session keys.
    const smdpOneTime = generateEphemeralKeyPair(session.curve);
    let sharedSecret: Buffer;
    try {
      sharedSecret = smdpOneTime.agree(euiccOtpk);
    } catch (error) {
      throw new RspError('euiccSignatureInvalid', 'euiccOtpk is not a point of the curve', undefined, {
        cause: error,
      });
    }
    const controlRefTemplate: ControlRefTemplate = {
      keyType: KEY_TYPE_AES,
      keyLen: KEY_LENGTH_16,
      hostId: randomBytes(16),
    };
    const sessionKeys = deriveSessionKeys({
      sharedSecret,
      keyType: controlRefTemplate.keyType,
      keyLength: controlRefTemplate.keyLen,
      hostId: controlRefTemplate.hostId,
      eid: Buffer.from(eid, 'hex'),
    });
    const profile = need(s, 'profile');
    const bpp = buildBoundProfilePackage({
      initialiseSecureChannelRequest: initialiseSecureChannel(s, controlRefTemplate, smdpOneTime.publicPoint),
      sessionKeys,
      configureIsdp: { dpProprietaryData: { dpOid: s.smdp.pki.smdpOid } },
      storeMetadata: profile.metadata,
      profilePackage: await s.smdp.profiles.loadPackage(profile.id),
      ...(profile.ppk ? { ppk: profile.ppk } : {}),
    });
    s.bpp = BoundProfilePackage.encode(bpp);
    // One binding per order, replacing an earlier one: a retry in a new session may reuse it.
    if (!profile.reusable) {
      await s.smdp.bindings.put({
        profileId: profile.id,
        eid,
        euiccOtpk,
        boundProfilePackage: s.bpp,
      });
    }
    await saveBound(s);
  }),
];

/** The InitialiseSecureChannelRequest of this session, smdpSign over it and the eUICC's one-time key (5.5.1). */
function initialiseSecureChannel(
  s: State,
  controlRefTemplate: ControlRefTemplate,
  smdpOtpk: Buffer,
): InitialiseSecureChannelRequest {
  const signedPart = {
    transactionId: Buffer.from(need(s, 'transactionId'), 'hex'),
    controlRefTemplate,
    smdpOtpk,
  };
  const smdpSign = ecdsaSign(
    need(s, 'credentials').dpPb.privateKey,
    initialiseSecureChannelInput(signedPart, need(s, 'euiccSigned2').euiccOtpk),
  );
  return { remoteOpId: 1, ...signedPart, smdpSign };
}

/** The session is bound: a retry of getBoundProfilePackage in it gets the same BPP (see reuseBinding). */
async function saveBound(s: State): Promise<void> {
  const session = need(s, 'session');
  session.phase = 'bound';
  session.euiccOtpk = Buffer.from(need(s, 'euiccSigned2').euiccOtpk);
  session.boundProfilePackage = s.bpp;
  await s.smdp.sessions.update(session);
}

export async function getBoundProfilePackage(
  smdp: SmdpContext,
  body: JsonBody,
  hooks?: StepHooks<State>,
): Promise<JsonBody> {
  const state: State = { function: 'getBoundProfilePackage', smdp, body };
  await runSteps(state.function, steps, state, hooks);
  // Built after the steps: a scenario may still change the BPP after bindProfilePackage.
  const bpp = need(state, 'bpp');
  state.answer = { transactionId: need(state, 'transactionId'), boundProfilePackage: bpp.toString('base64') };
  smdp.log.info({ transactionId: state.transactionId, bytes: bpp.length }, 'getBoundProfilePackage');
  return state.answer;
}

/** getBoundProfilePackage as the server lists it (its name, steps and run). */
export const getBoundProfilePackageFunction = {
  name: 'getBoundProfilePackage',
  steps,
  run: getBoundProfilePackage,
} as const;
