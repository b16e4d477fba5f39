/**
 * ES11.InitiateAuthentication (SGP.22 5.8.1): the first half of the mutual authentication, the same steps as
 * ES9+ with CERT.DSauth and the SM-DS's codes (8.9.x). LPAs post it to /gsma/rsp2/es9plus/initiateAuthentication
 * (lpac does) with the SM-DS address in `smdpAddress`; `smdsAddress` is read first when present.
 */

import type { Es11StepName } from '../../protocol/es11-functions.ts';
import type { JsonBody } from '../../rsp-server/binding/json-fields.ts';
import { type InitiationState, initiateAuthenticationSteps } from '../../rsp-server/mutual-authentication.ts';
import type { RequestOrigin } from '../../rsp-server/session-admission.ts';
import { pendingSourceOf } from '../../rsp-server/session-admission.ts';
import { need } from '../../rsp-server/step-state.ts';
import { runSteps, type Step, type StepHooks } from '../../rsp-server/steps.ts';
import type { SmdsContext, SmdsCredentials } from '../context.ts';
import type { Es11State } from '../smds-state.ts';

export interface InitiateAuthenticationState
  extends InitiationState<SmdsCredentials>,
    Es11State<'initiateAuthentication'> {}
/** The steps, in the order the declaration lists them (test/protocol checks the two agree). */
export const steps: Step<InitiateAuthenticationState, Es11StepName<'initiateAuthentication'>>[] =
  initiateAuthenticationSteps({
    addressFields: ['smdsAddress', 'smdpAddress'],
    addressStep: 'checkSmdsAddress',
    codes: {
      addressInvalid: 'smdsAddressInvalid',
      versionNotSupported: 'smdsVersionNotSupported',
      ciPKIdNotSupported: 'smdsCiPKIdNotSupported',
      noAuthCertificate: 'noDsAuthCertificate',
    },
    server: ({ smds }) => ({
      address: smds.config.address,
      sessionTtlMs: smds.config.sessionTtlMs,
      pending: smds.config.pending,
      sessions: smds.sessions,
      now: smds.now,
      credentials: smds.pki.credentials,
    }),
    auth: (credentials) => credentials.dsAuth,
  });

export async function initiateAuthentication(
  smds: SmdsContext,
  body: JsonBody,
  hooks: StepHooks<InitiateAuthenticationState> | undefined,
  origin: RequestOrigin,
): Promise<JsonBody> {
  const source = pendingSourceOf(origin.clientAddress);
  const state: InitiateAuthenticationState = { function: 'initiateAuthentication', smds, body, source };
  await runSteps(state.function, steps, state, hooks);
  smds.log.info({ transactionId: need(state, 'session').transactionId }, 'ES11 initiateAuthentication');
  return need(state, 'answer');
}

/** initiateAuthentication as the server lists it (its name, steps and run). */
export const initiateAuthenticationFunction = {
  name: 'initiateAuthentication',
  steps,
  run: initiateAuthentication,
} as const;
