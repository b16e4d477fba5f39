/** ES9+.InitiateAuthentication (SGP.22 5.6.1): the mutual authentication's first half, with CERT.DPauth. */
import type { Es9StepName } from '../../protocol/es9-functions.ts';
import type { JsonBody } from '../../rsp-server/binding/json-fields.ts';
import { type InitiationState, initiateAuthenticationSteps } from '../../rsp-server/mutual-authentication.ts';
import type { RequestOrigin } from '../../rsp-server/session-admission.ts';
import { pendingSourceOf } from '../../rsp-server/session-admission.ts';
import { need } from '../../rsp-server/step-state.ts';
import { runSteps, type Step, type StepHooks } from '../../rsp-server/steps.ts';
import type { SmdpContext, SmdpCredentials } from '../context.ts';
import type { Es9State } from './es9-state.ts';

export interface InitiateAuthenticationState
  extends InitiationState<SmdpCredentials>,
    Es9State<'initiateAuthentication'> {}

/** The steps, in the order the declaration lists them (test/protocol checks the two agree). */
export const steps: Step<InitiateAuthenticationState, Es9StepName<'initiateAuthentication'>>[] =
  initiateAuthenticationSteps({
    addressFields: ['smdpAddress'],
    addressStep: 'checkSmdpAddress',
    codes: {
      addressInvalid: 'smdpAddressInvalid',
      versionNotSupported: 'euiccVersionNotSupported',
      ciPKIdNotSupported: 'ciPKIdNotSupported',
      noAuthCertificate: 'noDpAuthCertificate',
    },
    server: ({ smdp }) => ({
      address: smdp.config.address,
      sessionTtlMs: smdp.config.sessionTtlMs,
      pending: smdp.config.pending,
      sessions: smdp.sessions,
      now: smdp.now,
      credentials: smdp.pki.credentials,
    }),
    auth: (credentials) => credentials.dpAuth,
  });

export async function initiateAuthentication(
  smdp: SmdpContext,
  body: JsonBody,
  hooks: StepHooks<InitiateAuthenticationState> | undefined,
  origin: RequestOrigin,
): Promise<JsonBody> {
  const source = pendingSourceOf(origin.clientAddress);
  const state: InitiateAuthenticationState = { function: 'initiateAuthentication', smdp, body, source };
  await runSteps(state.function, steps, state, hooks);
  smdp.log.info(
    { transactionId: need(state, 'session').transactionId, curve: need(state, 'credentials').curve },
    'initiateAuthentication',
  );
  return need(state, 'answer');
}

/** initiateAuthentication as the server lists it (its name, steps and run). */
export const initiateAuthenticationFunction = {
  name: 'initiateAuthentication',
  steps,
  run: initiateAuthentication,
} as const;
