/**
 * The states of the SM-DP+'s ES9+ functions (SGP.22 5.6): each function's steps share one, on the session
 * base (step-state.ts) with the SM-DP+'s context. Hooks of the SM-DP+ see their union and narrow it by
 * `function`.
 */
import type { Es9Answer, Es9FunctionName } from '../../protocol/es9-functions.ts';
import type { JsonBody } from '../../rsp-server/binding/json-fields.ts';
import type { SessionState } from '../../rsp-server/step-state.ts';
import type { SmdpContext } from '../context.ts';
import type { AuthenticateClientState } from './authenticate-client.ts';
import type { CancelSessionState } from './cancel-session.ts';
import type { GetBoundProfilePackageState } from './get-bound-profile-package.ts';
import type { HandleNotificationState } from './handle-notification.ts';
import type { InitiateAuthenticationState } from './initiate-authentication.ts';

/** The state of ES9+ function F, its answer as declared (src/protocol/es9-functions.ts). */
export interface Es9State<F extends Es9FunctionName> extends SessionState<F, Es9AnswerBody<F>> {
  readonly smdp: SmdpContext;
}

/** A declared answer; handleNotification's is none (HTTP 204), its state has an empty one. */
type Es9AnswerBody<F extends Es9FunctionName> = [Es9Answer<F>] extends [never] ? JsonBody : Es9Answer<F>;

/** Each declared ES9+ function's state, by its name: a function declared without one is a type error. */
interface Es9States {
  readonly initiateAuthentication: InitiateAuthenticationState;
  readonly authenticateClient: AuthenticateClientState;
  readonly getBoundProfilePackage: GetBoundProfilePackageState;
  readonly handleNotification: HandleNotificationState;
  readonly cancelSession: CancelSessionState;
}

/** What the SM-DP+'s hooks see: one of the states, told apart by `function`. */
export type Es9FunctionState = { [F in Es9FunctionName]: Es9States[F] }[Es9FunctionName];
