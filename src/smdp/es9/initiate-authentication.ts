/** ES9+.InitiateAuthentication (SGP.22 5.6.1): the mutual authentication's first half, with CERT.DPauth. */
import type { SmdpContext, SmdpCredentials } from '../context.ts';
import type { JsonBody } from '../http/json-fields.ts';
import { runSteps } from '../steps.ts';
import { type InitiationState, initiateAuthenticationSteps } from './mutual-authentication.ts';

interface State extends InitiationState<SmdpCredentials> {
  readonly smdp: SmdpContext;
}

const steps = initiateAuthenticationSteps<SmdpCredentials, State>({
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
    maxPendingSessions: smdp.config.maxPendingSessions,
    sessions: smdp.sessions,
    now: smdp.now,
    credentials: smdp.pki.credentials,
  }),
  auth: (credentials) => credentials.dpAuth,
});

export async function initiateAuthentication(smdp: SmdpContext, body: JsonBody): Promise<JsonBody> {
  const state: State = { smdp, body };
  await runSteps('initiateAuthentication', steps, state, smdp.hooks);
  smdp.log.info(
    { transactionId: state.session!.transactionId, curve: state.credentials!.curve },
    'initiateAuthentication',
  );
  return state.response!;
}
