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

/** Actions on the answer once it is built; the others act before their step runs. */
const AFTER = new Set(['corrupt', 'certificate']);

/** An answer at the HTTP level instead of the JSON binding's (the route handler sends it). */
export class HttpAnswer extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly contentType = 'text/plain',
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
      if (AFTER.has(s.action.type) !== (when === 'after')) return false;
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
      if (action.type === 'wrongIccid') bindWithWrongIccid(state as any);
    },
    after: (functionName, step, state) => {
      const action = this.#due(functionName, step, state, 'after')?.action;
      if (action?.type === 'corrupt') corrupt(state as any, action.field, action.index ?? 0);
      if (action?.type === 'certificate') presentWrongCertificate(state as any, action.certificate);
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
  } else if (state.bpp) {
    const bpp = BoundProfilePackage.decode(state.bpp);
    const k = Math.min(index, bpp.sequenceOf86.length - 1);
    if (field === 'smdpSign') {
      bpp.initialiseSecureChannelRequest.smdpSign = flip(bpp.initialiseSecureChannelRequest.smdpSign, 5);
    } else if (field === 'segment86') {
      bpp.sequenceOf86[k] = flip(bpp.sequenceOf86[k]!, 20);
    } else if (field === 'segmentOversized') {
      // SGP.22 2.5.5: no segment may exceed 1020 bytes; this one is made longer.
      bpp.sequenceOf86[k] = Buffer.concat([bpp.sequenceOf86[k]!, Buffer.alloc(1024)]);
    }
    state.bpp = BoundProfilePackage.encode(bpp);
  }
}

/** serverCertificate or smdpCertificate replaced: the other curve's, or DPpb where DPauth belongs. */
function presentWrongCertificate(state: any, which: string): void {
  const credentials: any[] = state.smdp.pki.credentials;
  const mine = state.credentials;
  const other = credentials.find((c) => c.curve !== mine.curve) ?? mine;
  const certificate = which === 'otherCurve' ? other.dpAuth.certificate : mine.dpPb.certificate;
  if (state.response?.serverCertificate) state.response.serverCertificate = certificate.toString('base64');
  if (state.result?.smdpCertificate) {
    state.result.smdpCertificate = (which === 'otherCurve' ? other.dpPb : mine.dpAuth).certificate.toString(
      'base64',
    );
  }
}

/** The profile about to be bound gets StoreMetadata with another ICCID (the last digit changed). */
function bindWithWrongIccid(state: any): void {
  if (!state.profile) return;
  const iccid = Buffer.from(state.profile.metadata.iccid);
  iccid[0] = (iccid[0]! & 0xf0) | ((iccid[0]! + 1) & 0x0f);
  state.profile = { ...state.profile, metadata: { ...state.profile.metadata, iccid } };
}
