/**
 * The SM-DS's functions, one list per interface: ES11 (SGP.22 5.8, src/protocol/es11-functions.ts) and ES12
 * (5.9, src/protocol/es12-functions.ts). The route tables and the state union the SM-DS's hooks see both
 * come from these lists. A new function is declared there, written as a module exporting `<name>Function`,
 * and added here.
 */
import type { Es11FunctionName } from '../protocol/es11-functions.ts';
import type { Es12FunctionName } from '../protocol/es12-functions.ts';
import { functionList, type StateOf } from '../rsp-server/server-function.ts';
import { authenticateClientFunction } from './es11/authenticate-client.ts';
import { initiateAuthenticationFunction } from './es11/initiate-authentication.ts';
import { deleteEventFunction } from './es12/delete-event.ts';
import { registerEventFunction } from './es12/register-event.ts';

export const ES11_FUNCTIONS = functionList<Es11FunctionName>()([
  initiateAuthenticationFunction,
  authenticateClientFunction,
]);

export const ES12_FUNCTIONS = functionList<Es12FunctionName>()([registerEventFunction, deleteEventFunction]);

/** What the SM-DS's hooks see: one of the states, told apart by `function`. */
export type SmdsFunctionState = StateOf<(typeof ES11_FUNCTIONS)[number] | (typeof ES12_FUNCTIONS)[number]>;
