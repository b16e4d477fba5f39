/**
 * The step states a scenario acts on: the SM-DP+'s ES9+ functions, and the SM-DS's ES11 / ES12 functions
 * (the engine runs on both servers). smdp does not import smds, so the SM-DS's states are taken through the
 * bases they extend: ES11's are the shared mutual authentication's, ES12's extend EventState below.
 */
import type { Es12FunctionName } from '../../protocol/es12-functions.ts';
import type { Es9FunctionState } from '../es9/es9-state.ts';
import type { AuthenticationState, InitiationState } from '../es9/mutual-authentication.ts';
import type { JsonBody } from '../http/json-fields.ts';
import type { FunctionState } from '../step-state.ts';

/** An ES12 call at the SM-DS (SGP.22 5.9): the Event Record it is about, once read. */
export interface EventState<F extends Es12FunctionName> extends FunctionState<F> {
  key?: { readonly eid: string; readonly eventId: string };
}

/** One EventState per ES12 function, so that `function` tells them apart. */
type Es12FunctionState = { [F in Es12FunctionName]: EventState<F> }[Es12FunctionName];

export type ScenarioState =
  | Es9FunctionState
  | InitiationState<unknown>
  | AuthenticationState<JsonBody>
  | Es12FunctionState;
