/**
 * Applies scenarios through the step runner's hooks: before a step it may fail, wait or answer at the HTTP
 * level; after the function's answer is built it may corrupt it. One place, no scenario code in the steps.
 * The engine knows the actions every server takes alike; what only one server's functions can do (the
 * SM-DP+'s BPP, certificates and orders) it leaves to that server's ScenarioServer.
 */

import { RspError } from '../../errors/rsp-error.ts';
import type { Es9StepName } from '../../protocol/es9-functions.ts';
import { HttpAnswer, NoAnswer } from '../binding/http-answer.ts';
import type { JsonBody } from '../binding/json-fields.ts';
import type { StepHooks } from '../steps.ts';
import { answerStepOf, type Scenario, type ScenarioAction } from './scenario.ts';

/** Actions on the answer once it is built (or on the order once it is found); the others act before. */
const AFTER = new Set<ScenarioAction['type']>([
  'corrupt',
  'certificate',
  'malformed',
  'requireConfirmationCode',
]);

/** requireConfirmationCode acts once the order is known, before smdpSigned2 is signed. */
const CC_STEP: Es9StepName<'authenticateClient'> = 'findProfile';

/** What a step's state knows about the order and the eUICC at that point (a scenario's `match`). */
export interface ScenarioFacts {
  readonly matchingId?: string;
  readonly eid?: string;
}

/** How the engine reads one server's step states, and the actions only that server's functions take. */
export interface ScenarioServer<S> {
  factsOf(state: S): ScenarioFacts;
  /** The answer's fields as built so far: a `malformed` scenario answers them less one. */
  builtAnswer(state: S): JsonBody | undefined;
  /** An action before its step that the engine does not take itself ('wrongIccid'). */
  before(action: ScenarioAction, state: S): void;
  /** After every step, before a scenario is looked for (what an earlier scenario left for a later step). */
  afterStep?(step: string, state: S): void;
  /** An action on the built answer other than 'malformed' ('corrupt', 'certificate', ...). */
  after(action: ScenarioAction, state: S): void;
}

export interface ScenarioEngineOptions<S> {
  /** Hears of each scenario as it acts (the session trace notes it with the exchange). */
  readonly onApplied?: (scenario: Scenario, state: S) => void;
}

/** What the admin API does with the scenarios of a server, whatever its states. */
export interface ScenarioList {
  add(scenario: Scenario): void;
  remove(name: string): boolean;
  setEnabled(name: string, enabled: boolean): boolean;
  list(): readonly Scenario[];
  uses(name: string): number;
}

export class ScenarioEngine<S> implements ScenarioList {
  readonly #scenarios: Scenario[] = [];
  readonly #used = new Map<string, number>();
  readonly #server: ScenarioServer<S>;
  readonly #onApplied: ((scenario: Scenario, state: S) => void) | undefined;

  constructor(
    scenarios: readonly Scenario[],
    server: ScenarioServer<S>,
    options: ScenarioEngineOptions<S> = {},
  ) {
    for (const scenario of scenarios) this.add(scenario);
    this.#server = server;
    this.#onApplied = options.onApplied;
  }

  add(scenario: Scenario): void {
    const existing = this.#scenarios.findIndex((s) => s.name === scenario.name);
    if (existing >= 0) this.#scenarios.splice(existing, 1);
    this.#scenarios.push(scenario);
    this.#used.delete(scenario.name);
  }

  remove(name: string): boolean {
    const index = this.#scenarios.findIndex((s) => s.name === name);
    if (index >= 0) this.#scenarios.splice(index, 1);
    this.#used.delete(name);
    return index >= 0;
  }

  /** Turns a scenario on (its `times` count starts again) or off; false if there is none of that name. */
  setEnabled(name: string, enabled: boolean): boolean {
    const index = this.#scenarios.findIndex((s) => s.name === name);
    const scenario = this.#scenarios[index];
    if (!scenario) return false;
    this.#scenarios[index] = { ...scenario, enabled };
    this.#used.delete(name);
    return true;
  }

  list(): readonly Scenario[] {
    return this.#scenarios;
  }

  /** How many calls a scenario acted on since it was added or last switched (a conformance run's proof). */
  uses(name: string): number {
    return this.#used.get(name) ?? 0;
  }

  #due(functionName: string, step: string, state: S, when: 'before' | 'after'): Scenario | undefined {
    if (this.#scenarios.length === 0) return undefined;
    const facts = this.#server.factsOf(state);
    const due = this.#scenarios.find((s) => {
      if (s.enabled === false || s.function !== functionName) return false;
      const at = s.action.type === 'requireConfirmationCode' ? CC_STEP : (s.step ?? answerStepOf(s.function));
      if (at !== step) return false;
      if (AFTER.has(s.action.type) !== (when === 'after')) return false;
      if (s.match.matchingId !== undefined && s.match.matchingId !== facts.matchingId) return false;
      if (s.match.eid !== undefined && s.match.eid !== facts.eid) return false;
      const used = this.#used.get(s.name) ?? 0;
      if (s.times !== undefined && used >= s.times) return false;
      this.#used.set(s.name, used + 1);
      return true;
    });
    if (due) this.#onApplied?.(due, state);
    return due;
  }

  readonly hooks: StepHooks<S> = {
    // Synchronous unless a delay is due: the step runner then need not wait a turn at every step.
    before: (functionName, step, state) => {
      const scenario = this.#due(functionName, step, state, 'before');
      if (!scenario) return;
      const action = scenario.action;
      if (action.type === 'error') throw new RspError(action.code, `scenario ${scenario.name}`);
      if (action.type === 'delay') return new Promise<void>((resolve) => setTimeout(resolve, action.ms));
      if (action.type === 'http') throw new HttpAnswer(action.status, action.body ?? '');
      if (action.type === 'timeout') throw new NoAnswer(action.ms);
      this.#server.before(action, state);
    },
    after: (functionName, step, state) => {
      this.#server.afterStep?.(step, state);
      const action = this.#due(functionName, step, state, 'after')?.action;
      if (action?.type === 'malformed') throw malformedAnswer(this.#server.builtAnswer(state), action);
      if (action) this.#server.after(action, state);
    },
  };
}

const SUCCESS_HEADER = { header: { functionExecutionStatus: { status: 'Executed-Success' } } };

/** HTTP 200 with a body the LPA cannot use: cut-off JSON, or a success without the answer's field(s). */
function malformedAnswer(
  built: JsonBody | undefined,
  action: ScenarioAction & { type: 'malformed' },
): HttpAnswer {
  const json = 'application/json;charset=UTF-8';
  if (action.body === 'notJson')
    return new HttpAnswer(200, JSON.stringify(SUCCESS_HEADER).slice(0, -2), json);
  const fields: JsonBody = action.field ? { ...built } : {};
  if (action.field) delete fields[action.field];
  return new HttpAnswer(200, JSON.stringify({ ...SUCCESS_HEADER, ...fields }), json);
}
