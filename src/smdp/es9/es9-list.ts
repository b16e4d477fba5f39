/**
 * The SM-DP+'s ES9+ functions (SGP.22 5.6), one entry per declared function (src/protocol/es9-functions.ts):
 * the route table and the state union its hooks see both come from this list. A new function is declared
 * there, written as a module exporting `<name>Function`, and added here.
 */
import type { Es9FunctionName } from '../../protocol/es9-functions.ts';
import { functionList, type StateOf } from '../../rsp-server/server-function.ts';
import { authenticateClientFunction } from './authenticate-client.ts';
import { cancelSessionFunction } from './cancel-session.ts';
import { getBoundProfilePackageFunction } from './get-bound-profile-package.ts';
import { handleNotificationFunction } from './handle-notification.ts';
import { initiateAuthenticationFunction } from './initiate-authentication.ts';

export const ES9_FUNCTIONS = functionList<Es9FunctionName>()([
  initiateAuthenticationFunction,
  authenticateClientFunction,
  getBoundProfilePackageFunction,
  handleNotificationFunction,
  cancelSessionFunction,
]);

/** What the SM-DP+'s hooks see: one of the states, told apart by `function`. */
export type Es9FunctionState = StateOf<(typeof ES9_FUNCTIONS)[number]>;
