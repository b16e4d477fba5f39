import type { Es9FunctionName } from '../../src/protocol/es9-functions.ts';
import { type Scenario, validateScenario } from '../../src/rsp-server/scenarios/scenario.ts';

/** A scenario that holds one call of `fn` for one order back by `ms`, then lets the rest through. */
export const delayOnce = (name: string, matchingId: string, fn: Es9FunctionName, ms: number): Scenario =>
  validateScenario({ name, match: { matchingId }, function: fn, action: { type: 'delay', ms }, times: 1 });
