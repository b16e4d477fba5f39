import { MissingStepState } from './step-state.ts';

/**
 * Each ES9+ function is an ordered list of small named steps (SGP.22 5.6 describes each function as such a
 * list). Running them through one runner gives one place for tracing and for test-lab hooks: a hook sees
 * every step by name before and after it runs, and may replace its outcome.
 */
export interface Step<C, N extends string = string> {
  readonly name: N;
  run(context: C): void | Promise<void>;
}

/**
 * Properties, not methods: a hook set is checked against the state it is given (a set written for one kind
 * of state cannot be passed where hooks see another).
 */
export interface StepHooks<C> {
  readonly before?: (functionName: string, step: string, context: C) => void | Promise<void>;
  readonly after?: (functionName: string, step: string, context: C) => void | Promise<void>;
  /** Every step ran: the function succeeded. */
  readonly finished?: (functionName: string, context: C) => void | Promise<void>;
  /** A step threw; the error still ends the function (observers such as the ES2+ progress notifier). */
  readonly failed?: (functionName: string, step: string, context: C, error: unknown) => void | Promise<void>;
}

export const step = <C>(name: string, run: (context: C) => void | Promise<void>): Step<C> => ({ name, run });

/**
 * `step` for a function declared in src/protocol: only the names its declaration lists (N) are accepted, so
 * a misspelt or undeclared step name is a type error (e.g. `stepOf<State, Es9StepName<'cancelSession'>>()`).
 */
export const stepOf =
  <C, N extends string>() =>
  (name: N, run: (context: C) => void | Promise<void>): Step<C, N> => ({ name, run });

export async function runSteps<C>(
  functionName: string,
  steps: readonly Step<C>[],
  context: C,
  hooks?: StepHooks<C>,
): Promise<void> {
  for (const s of steps) {
    try {
      // Only a promise is awaited: most steps and hooks are synchronous, and each await costs a microtask.
      const before = hooks?.before?.(functionName, s.name, context);
      if (before) await before;
      const ran = s.run(context);
      if (ran) await ran;
      const after = hooks?.after?.(functionName, s.name, context);
      if (after) await after;
    } catch (error) {
      if (error instanceof MissingStepState) error.inStep(s.name);
      await hooks?.failed?.(functionName, s.name, context, error);
      throw error;
    }
  }
  await hooks?.finished?.(functionName, context);
}

/** Several hook sets as one, run in order; a set without a given hook costs nothing there. */
export function composeHooks<C>(...sets: readonly StepHooks<C>[]): StepHooks<C> {
  return {
    before: chain(sets.flatMap((set) => (set.before ? [set.before.bind(set)] : []))),
    after: chain(sets.flatMap((set) => (set.after ? [set.after.bind(set)] : []))),
    finished: chain(sets.flatMap((set) => (set.finished ? [set.finished.bind(set)] : []))),
    failed: chain(sets.flatMap((set) => (set.failed ? [set.failed.bind(set)] : []))),
  };
}

/** One hook kind of every set, called in order: awaiting only when a hook returned a promise. */
function chain<A extends unknown[]>(
  hooks: readonly ((...args: A) => void | Promise<void>)[],
): ((...args: A) => void | Promise<void>) | undefined {
  if (hooks.length === 0) return undefined;
  return (...args: A) => {
    let pending: Promise<void> | undefined;
    for (const hook of hooks) {
      pending = pending ? pending.then(() => hook(...args)) : (hook(...args) ?? undefined);
    }
    return pending;
  };
}
