/**
 * One function of an RSP server's JSON interface as its module exports it: the name src/protocol declares it
 * under, its steps (SGP.22 5.6, 5.8, 5.9 describe each function as a list of steps) and how one call runs
 * them to its answer. A server keeps one list of these per interface: the state union its hooks see and its
 * route table both come from that list, so adding a function is declaring it, writing its module and adding
 * it to the list.
 */
import type { JsonBody } from './binding/json-fields.ts';
import type { FunctionState } from './step-state.ts';
import type { Step, StepHooks } from './steps.ts';

export interface ServerFunction<N extends string, C, S extends FunctionState<N>, R = undefined> {
  readonly name: N;
  /** The steps, in the order the declaration lists them (test/protocol checks the two agree). */
  readonly steps: readonly Step<S, string>[];
  /**
   * One call: the steps run on the request's body with the server's context; the answer, or none (204).
   * `input` is what the transport knows of the caller that the interface needs (the client's address for
   * ES9+/ES11, the ES12 caller's certificate), read by the HTTP adapter so that no function reads HTTP.
   */
  run(context: C, body: JsonBody, hooks: StepHooks<S> | undefined, input: R): Promise<JsonBody | undefined>;
}

/** The state a listed function's steps share. */
export type StateOf<F> = F extends ServerFunction<string, never, infer S, never> ? S : never;

type NamesOf<L extends readonly { readonly name: string }[]> = L[number]['name'];

/** `L` itself when it lists every function of N; otherwise a type naming the missing ones (a type error). */
type EveryDeclared<N extends string, L extends readonly { readonly name: N }[]> = [
  Exclude<N, NamesOf<L>>,
] extends [never]
  ? L
  : { readonly missing: Exclude<N, NamesOf<L>> };

/**
 * A server's functions of one interface, whose declared names are N: a function not declared, or one
 * declared and not listed, is a type error; one listed twice throws when the list is made (at import).
 */
export const functionList =
  <N extends string>() =>
  <const L extends readonly { readonly name: N }[]>(list: L & EveryDeclared<N, L>): L => {
    const names = list.map((f) => f.name);
    const twice = names.find((name, k) => names.indexOf(name) !== k);
    if (twice !== undefined) throw new Error(`function ${twice} is listed twice`);
    return list;
  };

/**
 * The route table of a list: each function's name → one call with the server's context and hooks, and the
 * interface's input read from the transport's request `Q` by `inputOf`.
 */
export function routeTable<C, S extends FunctionState, R, Q>(
  list: readonly ServerFunction<string, C, S, R>[],
  context: C,
  hooks: StepHooks<S> | undefined,
  inputOf: (request: Q) => R,
): Record<string, (body: JsonBody, request: Q) => Promise<JsonBody | undefined>> {
  return Object.fromEntries(
    list.map((f) => [f.name, (body: JsonBody, request: Q) => f.run(context, body, hooks, inputOf(request))]),
  );
}
