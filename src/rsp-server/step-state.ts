/**
 * What the steps of one call of an ES9+, ES11 or ES12 function leave for each other (SGP.22 5.6, 5.8, 5.9:
 * each function is a list of steps). Every function's state extends one of these bases, so that the hooks
 * (scenarios, ES2+ progress, SM-DS events, the step log) read it by declared names and narrow it by
 * `function`: a field renamed in one function is a type error in every hook that reads it.
 */
import type { JsonBody } from './binding/json-fields.ts';
import type { RspSession } from './session.ts';

export interface FunctionState<F extends string = string, A extends JsonBody = JsonBody> {
  /** The function the state belongs to (hooks narrow the state by it). */
  readonly function: F;
  /** The request's JSON body (the exchange's notes are found by it, see trace/exchange-notes.ts). */
  readonly body: JsonBody;
  /** The function's answer once a step built it (the JSON binding's fields). */
  answer?: A;
}

/** A function of an RSP session (SGP.22 3.1.2): the transactionId, the session, then the eUICC's EID. */
export interface SessionState<F extends string = string, A extends JsonBody = JsonBody>
  extends FunctionState<F, A> {
  transactionId?: string;
  session?: RspSession;
  eid?: string;
}

/**
 * A step read what an earlier step of its function should have set: a defect of ours, never reached in a
 * correct run. Not an RspError: the JSON binding answers it as any unexpected error (1.2 / 4.2 Execution
 * Error) and logs it as a defect.
 */
export class MissingStepState extends Error {
  override readonly name = 'MissingStepState';
  /** The step that read it, when it was read inside a step (the step runner adds it). */
  step: string | undefined;

  constructor(
    readonly functionName: string,
    readonly field: string,
  ) {
    super(`${functionName}: no ${field} in the step state`);
  }

  /** Names the step it was raised in (once: the innermost step). */
  inStep(step: string): void {
    if (this.step !== undefined) return;
    this.step = step;
    this.message = `${this.functionName}.${step}: no ${this.field} in the step state`;
  }
}

/** The field an earlier step set; a MissingStepState naming the function and the field if none did. */
export function need<S extends FunctionState, K extends keyof S & string>(
  state: S,
  field: K,
): NonNullable<S[K]> {
  const value = state[field];
  if (value === undefined || value === null) throw new MissingStepState(state.function, field);
  return value;
}

/** A field of the step state's session that an earlier function of the session set (authenticateClient). */
export function needSession<K extends keyof RspSession>(
  state: SessionState,
  field: K,
): NonNullable<RspSession[K]> {
  const value = need(state, 'session')[field];
  if (value === undefined || value === null) throw new MissingStepState(state.function, `session.${field}`);
  return value;
}
