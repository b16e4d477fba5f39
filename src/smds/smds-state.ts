/**
 * The states of the SM-DS's functions: ES11 (SGP.22 5.8) on the session base shared with ES9+, ES12 (5.9)
 * with the Event Record it is about (the scenarios match on its key), each with the SM-DS's context. Their
 * union, which the SM-DS's hooks see, comes from the lists of functions (smds-list.ts).
 */
import type { Es11Answer, Es11FunctionName } from '../protocol/es11-functions.ts';
import type { Es12FunctionName } from '../protocol/es12-functions.ts';
import type { FunctionState, SessionState } from '../rsp-server/step-state.ts';
import type { SmdsContext } from './context.ts';

/** The state of ES11 function F, its answer as declared (src/protocol/es11-functions.ts). */
export interface Es11State<F extends Es11FunctionName> extends SessionState<F, Es11Answer<F>> {
  readonly smds: SmdsContext;
}

/** An ES12 call (SGP.22 5.9): the Event Record it is about, once read. */
export interface Es12State<F extends Es12FunctionName> extends FunctionState<F> {
  readonly smds: SmdsContext;
  key?: { readonly eid: string; readonly eventId: string };
}
