/**
 * The states of the SM-DP+'s ES9+ functions (SGP.22 5.6): each function's steps share one, on the session
 * base (step-state.ts) with the SM-DP+'s context. Hooks of the SM-DP+ see their union and narrow it by
 * `function`.
 */
import type { Es9Answer, Es9FunctionName } from '../../protocol/es9-functions.ts';
import type { SmdpContext } from '../context.ts';
import type { JsonBody } from '../http/json-fields.ts';
import type { SessionState } from '../step-state.ts';
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

export type Es9FunctionState =
  | InitiateAuthenticationState
  | AuthenticateClientState
  | GetBoundProfilePackageState
  | HandleNotificationState
  | CancelSessionState;
