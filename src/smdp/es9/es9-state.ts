/**
 * The states of the SM-DP+'s ES9+ functions (SGP.22 5.6): each function's steps share one, on the session
 * base (step-state.ts) with the SM-DP+'s context. Hooks of the SM-DP+ see their union and narrow it by
 * `function`.
 */
import type { SmdpContext } from '../context.ts';
import type { JsonBody } from '../http/json-fields.ts';
import type { SessionState } from '../step-state.ts';
import type { AuthenticateClientState } from './authenticate-client.ts';
import type { CancelSessionState } from './cancel-session.ts';
import type { GetBoundProfilePackageState } from './get-bound-profile-package.ts';
import type { HandleNotificationState } from './handle-notification.ts';
import type { InitiateAuthenticationState } from './initiate-authentication.ts';

export interface Es9State<F extends string, A extends JsonBody = JsonBody> extends SessionState<F, A> {
  readonly smdp: SmdpContext;
}

export type Es9FunctionState =
  | InitiateAuthenticationState
  | AuthenticateClientState
  | GetBoundProfilePackageState
  | HandleNotificationState
  | CancelSessionState;
