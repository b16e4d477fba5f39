/**
 * Each ES9+ function is an ordered list of small named steps (SGP.22 5.6 describes each function as such a
 * list). Running them through one runner gives one place for tracing and for test-lab hooks: a hook sees
 * every step by name before and after it runs, and may replace its outcome.
 */
export interface Step<C> {
  readonly name: string;
  run(context: C): void | Promise<void>;
}

export interface StepHooks<C> {
  before?(functionName: string, step: string, context: C): void | Promise<void>;
  after?(functionName: string, step: string, context: C): void | Promise<void>;
  /** Every step ran: the function succeeded. */
  finished?(functionName: string, context: C): void | Promise<void>;
  /** A step threw; the error still ends the function (observers such as the ES2+ progress notifier). */
  failed?(functionName: string, step: string, context: C, error: unknown): void | Promise<void>;
}

export const step = <C>(name: string, run: (context: C) => void | Promise<void>): Step<C> => ({ name, run });

export async function runSteps<C>(
  functionName: string,
  steps: readonly Step<C>[],
  context: C,
  hooks?: StepHooks<C>,
): Promise<void> {
  for (const s of steps) {
    try {
      await hooks?.before?.(functionName, s.name, context);
      await s.run(context);
      await hooks?.after?.(functionName, s.name, context);
    } catch (error) {
      await hooks?.failed?.(functionName, s.name, context, error);
      throw error;
    }
  }
  await hooks?.finished?.(functionName, context);
}

/** Several hook sets as one, run in order. */
export function composeHooks<C>(...sets: readonly StepHooks<C>[]): StepHooks<C> {
  return {
    before: async (functionName, step, context) => {
      for (const set of sets) await set.before?.(functionName, step, context);
    },
    after: async (functionName, step, context) => {
      for (const set of sets) await set.after?.(functionName, step, context);
    },
    finished: async (functionName, context) => {
      for (const set of sets) await set.finished?.(functionName, context);
    },
    failed: async (functionName, step, context, error) => {
      for (const set of sets) await set.failed?.(functionName, step, context, error);
    },
  };
}
