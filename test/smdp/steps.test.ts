import { describe, expect, it } from 'vitest';
import { composeHooks, runSteps, type StepHooks, step } from '../../src/rsp-server/steps.ts';

interface State {
  readonly function: 'exampleFunction';
  readonly seen: string[];
}

describe('composeHooks', () => {
  it('runs each kind of every set in order, waiting for a hook that returned a promise', async () => {
    const state: State = { function: 'exampleFunction', seen: [] };
    const slow: StepHooks<State> = {
      before: (_fn, name, s) =>
        new Promise<void>((resolve) =>
          setImmediate(() => {
            s.seen.push(`slow before ${name}`);
            resolve();
          }),
        ),
    };
    const quick: StepHooks<State> = {
      before: (_fn, name, s) => {
        s.seen.push(`quick before ${name}`);
      },
      finished: (fn, s) => {
        s.seen.push(`finished ${fn}`);
      },
    };
    const hooks = composeHooks(slow, quick);
    expect(hooks.after).toBeUndefined();
    expect(hooks.failed).toBeUndefined();
    await runSteps(state.function, [step<State>('only', (s) => void s.seen.push('ran only'))], state, hooks);
    expect(state.seen).toEqual([
      'slow before only',
      'quick before only',
      'ran only',
      'finished exampleFunction',
    ]);
  });

  it('stays synchronous when no hook returns a promise', () => {
    const seen: string[] = [];
    const hooks = composeHooks<State>(
      { before: () => void seen.push('first') },
      { before: () => void seen.push('second') },
    );
    expect(hooks.before?.('exampleFunction', 'only', { function: 'exampleFunction', seen })).toBeUndefined();
    expect(seen).toEqual(['first', 'second']);
  });
});
