/**
 * Applies scenarios through the step runner's hooks: before a step it may fail, wait or answer at the HTTP
 * level; after the function's answer is built it may corrupt it. One place, no scenario code in the steps.
 */
import { BoundProfilePackage } from '../../asn1/rsp/index.ts';
import { RspError } from '../../errors/rsp-error.ts';
import type { StepHooks } from '../steps.ts';
import type { Scenario } from './scenario.ts';

/** The step each function's answer is built in: the default place of a scenario. */
const ANSWER_STEP: Readonly<Record<string, string>> = {
  initiateAuthentication: 'respond',
  authenticateClient: 'respond',
  getBoundProfilePackage: 'bindProfilePackage',
  handleNotification: 'applyNotification',
  cancelSession: 'closeSession',
};

/** An answer at the HTTP level instead of the JSON binding's (the route handler sends it). */
export class HttpAnswer extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}`);
  }
}

interface Facts {
  readonly matchingId?: string;
  readonly eid?: string;
}

/** What a step's state knows about the order and the eUICC at that point. */
function factsOf(state: any): Facts {
  return {
    matchingId:
      state.profile?.matchingId ??
      state.session?.matchingId ??
      state.euiccSigned1?.ctxParams1?.ctxParamsForCommonAuthentication?.matchingId,
    eid: state.eid ?? state.session?.eid,
  };
}

const flip = (buffer: Buffer, at: number): Buffer => {
  const copy = Buffer.from(buffer);
  copy[at]! ^= 0x01;
  return copy;
};

export class ScenarioEngine {
  readonly #scenarios: Scenario[] = [];
  readonly #used = new Map<string, number>();

  constructor(scenarios: readonly Scenario[] = []) {
    this.#scenarios.push(...scenarios);
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

  list(): readonly Scenario[] {
    return this.#scenarios;
  }

  #due(functionName: string, step: string, state: unknown, when: 'before' | 'after'): Scenario | undefined {
    const facts = factsOf(state);
    return this.#scenarios.find((s) => {
      if (s.function !== functionName) return false;
      if ((s.step ?? ANSWER_STEP[functionName]) !== step) return false;
      if ((s.action.type === 'corrupt') !== (when === 'after')) return false;
      if (s.match.matchingId !== undefined && s.match.matchingId !== facts.matchingId) return false;
      if (s.match.eid !== undefined && s.match.eid !== facts.eid) return false;
      const used = this.#used.get(s.name) ?? 0;
      if (s.times !== undefined && used >= s.times) return false;
      this.#used.set(s.name, used + 1);
      return true;
    });
  }

  readonly hooks: StepHooks<unknown> = {
    before: async (functionName, step, state) => {
      const scenario = this.#due(functionName, step, state, 'before');
      if (!scenario) return;
      const action = scenario.action;
      if (action.type === 'error') throw new RspError(action.code, `scenario ${scenario.name}`);
      if (action.type === 'delay') await new Promise((resolve) => setTimeout(resolve, action.ms));
      if (action.type === 'http') throw new HttpAnswer(action.status, action.body ?? '');
    },
    after: (functionName, step, state) => {
      const scenario = this.#due(functionName, step, state, 'after');
      if (scenario?.action.type !== 'corrupt') return;
      corrupt(state as any, scenario.action.field, scenario.action.index ?? 0);
    },
  };
}

/** Flips one bit of the named part of the answer being built. */
function corrupt(state: any, field: string, index: number): void {
  if (field === 'serverSignature1' && state.response) {
    state.response.serverSignature1 = flip(
      Buffer.from(state.response.serverSignature1, 'base64'),
      10,
    ).toString('base64');
  } else if (field === 'smdpSignature2' && state.result) {
    state.result.smdpSignature2 = flip(Buffer.from(state.result.smdpSignature2, 'base64'), 10).toString(
      'base64',
    );
  } else if ((field === 'smdpSign' || field === 'segment86') && state.bpp) {
    const bpp = BoundProfilePackage.decode(state.bpp);
    if (field === 'smdpSign') {
      bpp.initialiseSecureChannelRequest.smdpSign = flip(bpp.initialiseSecureChannelRequest.smdpSign, 5);
    } else {
      const segment = bpp.sequenceOf86[Math.min(index, bpp.sequenceOf86.length - 1)]!;
      bpp.sequenceOf86[bpp.sequenceOf86.indexOf(segment)] = flip(segment, 20);
    }
    state.bpp = BoundProfilePackage.encode(bpp);
  }
}
