/** ES9+.CancelSession (SGP.22 5.6.5): verify the eUICC's signed cancellation and release the profile. */
import { CancelSessionReasons, type CancelSessionResponse } from '../../asn1/rsp/index.ts';
import { derOf } from '../../asn1/schema.ts';
import { ecdsaVerify } from '../../crypto/ecdsa.ts';
import { ensure } from '../../errors/rsp-error.ts';
import { parseCertificate } from '../../pki/certificate.ts';
import { Es9Functions, type Es9StepName } from '../../protocol/es9-functions.ts';
import { declaredDerField } from '../../rsp-server/binding/declared-fields.ts';
import { type JsonBody, transactionIdField } from '../../rsp-server/binding/json-fields.ts';
import { checkSignedTransactionId, closeSession, sessionIn } from '../../rsp-server/session-lookup.ts';
import { need } from '../../rsp-server/step-state.ts';
import { runSteps, type StepHooks, stepOf } from '../../rsp-server/steps.ts';
import type { SmdpContext } from '../context.ts';
import type { ProfileState } from '../profile-repository.ts';
import type { Es9State } from './es9-state.ts';

export interface CancelSessionState extends Es9State<'cancelSession'> {
  cancelSessionResponse?: CancelSessionResponse;
  reason?: number;
}

type State = CancelSessionState;

const step = stepOf<State, Es9StepName<'cancelSession'>>();

/** The steps, in the order the declaration lists them (test/protocol checks the two agree). */
export const steps = [
  step('readRequest', (s) => {
    s.transactionId = transactionIdField(s.body);
    s.cancelSessionResponse = declaredDerField(
      Es9Functions.cancelSession,
      s.body,
      'cancelSessionResponse',
    ).value;
  }),
  step('findSession', async (s) => {
    s.session = await sessionIn(s.smdp, need(s, 'transactionId'), ['initiated', 'authenticated', 'bound']);
  }),
  // SGP.22 5.6.5: the signature is checked with PK.EUICC.ECDSA, known from authenticateClient on. Before it,
  // nothing is bound to the session and the cancellation only ends it.
  step('verifyEuiccSignature', (s) => {
    const response = need(s, 'cancelSessionResponse');
    if (!('cancelSessionResponseOk' in response)) return;
    const ok = response.cancelSessionResponseOk;
    const signed = ok.euiccCancelSessionSigned;
    checkSignedTransactionId(signed.transactionId, need(s, 'transactionId'));
    s.reason = signed.reason;
    const { euiccCertificate } = need(s, 'session');
    if (!euiccCertificate) return;
    const key = parseCertificate(euiccCertificate).publicKey;
    ensure(
      ecdsaVerify(key, derOf(signed), ok.euiccCancelSessionSignature),
      'euiccSignatureInvalid',
      'euiccCancelSessionSignature does not verify',
    );
    ensure(signed.smdpOid === s.smdp.pki.smdpOid, 'smdpOidInvalid', signed.smdpOid);
  }),
  // The eUICC's own CancelSession failed (cancelSessionResponseError): nothing signed says what the eUICC
  // did, and anyone can send these bytes. SGP.22 5.6.5 acts on what the eUICC signed, so an unsigned answer
  // never changes a profile; it may end a session that has bound nothing, and is refused (8.1 / 6.1, not
  // verified) for a session that served a BPP — that one ends with the eUICC's signed cancellation or
  // installation result, or expires (its eUICC may then retry the download, see authenticateClient).
  step('checkUnsignedAnswer', (s) => {
    const response = need(s, 'cancelSessionResponse');
    if (!('cancelSessionResponseError' in response)) return;
    ensure(
      need(s, 'session').phase !== 'bound',
      'euiccSignatureInvalid',
      `unsigned cancelSessionResponseError (${response.cancelSessionResponseError}) for a session with a bound profile`,
    );
  }),
  // postponed / timeout: the profile can be downloaded again; a refusal puts it in Error (SGP.22 3.1.3, 5.3.4).
  // Only the claim of this session's eUICC: an eUICC refused in a race holds none, and its cancellation must
  // not release the profile the winner is installing.
  step('releaseProfile', async (s) => {
    const session = need(s, 'session');
    if (s.reason === undefined || !session.profileId || !session.eid) return;
    const retryable =
      s.reason === CancelSessionReasons.postponed || s.reason === CancelSessionReasons.timeout;
    const next: ProfileState = retryable ? 'released' : 'error';
    await s.smdp.profiles.transition(session.profileId, ['downloaded'], next, {}, session.eid);
  }),
  step('closeSession', async (s) => {
    await closeSession(s.smdp, need(s, 'session'), s.reason === undefined ? undefined : 'cancelled');
  }),
];

export async function cancelSession(
  smdp: SmdpContext,
  body: JsonBody,
  hooks?: StepHooks<State>,
): Promise<JsonBody> {
  const state: State = { function: 'cancelSession', smdp, body };
  await runSteps(state.function, steps, state, hooks);
  smdp.log.info({ transactionId: state.transactionId, reason: state.reason }, 'cancelSession');
  return {};
}

/** cancelSession as the server lists it (its name, steps and run). */
export const cancelSessionFunction = { name: 'cancelSession', steps, run: cancelSession } as const;
