/**
 * The base of the SM-DP+'s ES9+ functions' states (SGP.22 5.6): each function's steps share one, on the
 * session base (src/rsp-server/step-state.ts) with the SM-DP+'s context. Their union, which the SM-DP+'s
 * hooks see and narrow by `function`, comes from the list of functions (es9-list.ts).
 */
import type { Es9Answer, Es9FunctionName } from '../../protocol/es9-functions.ts';
import type { JsonBody } from '../../rsp-server/binding/json-fields.ts';
import type { SessionState } from '../../rsp-server/step-state.ts';
import type { SmdpContext } from '../context.ts';

/** The state of ES9+ function F, its answer as declared (src/protocol/es9-functions.ts). */
export interface Es9State<F extends Es9FunctionName> extends SessionState<F, Es9AnswerBody<F>> {
  readonly smdp: SmdpContext;
}

/** A declared answer; handleNotification's is none (HTTP 204), its state has an empty one. */
type Es9AnswerBody<F extends Es9FunctionName> = [Es9Answer<F>] extends [never] ? JsonBody : Es9Answer<F>;
