/**
 * Applies scenarios through the step runner's hooks: before a step it may fail, wait or answer at the HTTP
 * level; after the function's answer is built it may corrupt it. One place, no scenario code in the steps.
 */

import { createHash } from 'node:crypto';
import { BoundProfilePackage } from '../../asn1/rsp/index.ts';
import { RspError } from '../../errors/rsp-error.ts';
import type { PkiStore } from '../../pki/pki-store.ts';
import { HttpAnswer, NoAnswer } from '../http/http-answer.ts';
import type { StepHooks } from '../steps.ts';
import type { Scenario, ScenarioAction, WRONG_CERTIFICATES } from './scenario.ts';
import { type DpRole, WrongCertificates } from './wrong-certificates.ts';

/** The step each function's answer is built in: the default place of a scenario. */
const ANSWER_STEP: Readonly<Record<string, string>> = {
  initiateAuthentication: 'respond',
  authenticateClient: 'respond',
  getBoundProfilePackage: 'bindProfilePackage',
  handleNotification: 'applyNotification',
  cancelSession: 'closeSession',
  // The SM-DS's ES12: before the record is stored / deleted.
  registerEvent: 'storeEvent',
  deleteEvent: 'deleteEvent',
};

/** Actions on the answer once it is built (or on the order once it is found); the others act before. */
const AFTER = new Set<ScenarioAction['type']>([
  'corrupt',
  'certificate',
  'malformed',
  'requireConfirmationCode',
]);

/** requireConfirmationCode acts once the order is known, before smdpSigned2 is signed. */
const CC_STEP = 'findProfile';
/** ... and again in getBoundProfilePackage of the same session, before the code is checked. */
const CC_CHECK_STEP = 'loadProfile';
/** Sessions remembered for that second step (the oldest forgotten first). */
const MAX_CC_SESSIONS = 1000;

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
      state.euiccSigned1?.ctxParams1?.ctxParamsForCommonAuthentication?.matchingId ??
      // ES12 at the SM-DS: the EventID is the order's matchingId.
      state.key?.eventId,
    eid: state.eid ?? state.session?.eid ?? state.key?.eid,
  };
}

const flip = (buffer: Buffer, at: number): Buffer => {
  const copy = Buffer.from(buffer);
  copy[Math.min(at, copy.length - 1)]! ^= 0x01;
  return copy;
};

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export interface ScenarioEngineOptions {
  /** The SM-DP+'s PKI folder: its CI keys issue the `expired` certificates. */
  readonly pki?: PkiStore;
  /** Hears of each scenario as it acts (the session trace notes it with the exchange). */
  readonly onApplied?: (scenario: Scenario, state: unknown) => void;
}

export class ScenarioEngine {
  readonly #scenarios: Scenario[] = [];
  readonly #used = new Map<string, number>();
  readonly #certificates: WrongCertificates;
  readonly #onApplied: ((scenario: Scenario, state: unknown) => void) | undefined;
  /** transactionId → SHA-256 of the code a requireConfirmationCode scenario asked for. */
  readonly #ccSessions = new Map<string, Buffer>();

  constructor(scenarios: readonly Scenario[] = [], options: ScenarioEngineOptions = {}) {
    for (const scenario of scenarios) this.add(scenario);
    this.#certificates = new WrongCertificates(options.pki);
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
    if (index < 0) return false;
    this.#scenarios[index] = { ...this.#scenarios[index]!, enabled };
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

  #due(functionName: string, step: string, state: unknown, when: 'before' | 'after'): Scenario | undefined {
    if (this.#scenarios.length === 0) return undefined;
    const facts = factsOf(state);
    const due = this.#scenarios.find((s) => {
      if (s.enabled === false || s.function !== functionName) return false;
      const at =
        s.action.type === 'requireConfirmationCode' ? CC_STEP : (s.step ?? ANSWER_STEP[functionName]);
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

  readonly hooks: StepHooks<unknown> = {
    // Synchronous unless a delay is due: the step runner then need not wait a turn at every step.
    before: (functionName, step, state) => {
      const scenario = this.#due(functionName, step, state, 'before');
      if (!scenario) return;
      const action = scenario.action;
      if (action.type === 'error') throw new RspError(action.code, `scenario ${scenario.name}`);
      if (action.type === 'delay') return new Promise<void>((resolve) => setTimeout(resolve, action.ms));
      if (action.type === 'http') throw new HttpAnswer(action.status, action.body ?? '');
      if (action.type === 'timeout') throw new NoAnswer(action.ms);
      if (action.type === 'wrongIccid') bindWithWrongIccid(state as any);
    },
    after: (functionName, step, state: any) => {
      if (functionName === 'getBoundProfilePackage' && step === CC_CHECK_STEP) {
        const hash = this.#ccSessions.get(state.transactionId);
        if (hash && state.profile) state.profile = { ...state.profile, confirmationCodeHash: hash };
      }
      const action = this.#due(functionName, step, state, 'after')?.action;
      if (action?.type === 'corrupt') corrupt(state, action.field, action.index ?? 0, action.group);
      if (action?.type === 'certificate') this.#presentWrongCertificate(state, action.certificate);
      if (action?.type === 'malformed') throw malformedAnswer(functionName, state, action);
      if (action?.type === 'requireConfirmationCode' && state.profile) {
        const hash = sha256(action.code);
        state.profile = { ...state.profile, confirmationCodeHash: hash };
        this.#ccSessions.set(state.transactionId, hash);
        if (this.#ccSessions.size > MAX_CC_SESSIONS) {
          this.#ccSessions.delete(this.#ccSessions.keys().next().value!);
        }
      }
    },
  };

  /** serverCertificate or smdpCertificate replaced by a wrong one. */
  #presentWrongCertificate(state: any, which: (typeof WRONG_CERTIFICATES)[number]): void {
    const credentials: any[] = state.smdp.pki.credentials;
    const mine = state.credentials;
    const other = credentials.find((c) => c.curve !== mine.curve) ?? mine;
    const pick = (role: DpRole, wrongRole: DpRole): Buffer => {
      if (which === 'otherCurve') return other[role].certificate;
      if (which === 'dpPbAsDpAuth') return mine[wrongRole].certificate;
      if (which === 'expired') return this.#certificates.expired(mine, role);
      return this.#certificates.wrongCi(mine, role);
    };
    if (state.response?.serverCertificate) {
      state.response.serverCertificate = pick('dpAuth', 'dpPb').toString('base64');
    }
    if (state.result?.smdpCertificate)
      state.result.smdpCertificate = pick('dpPb', 'dpAuth').toString('base64');
  }
}

/** The BPP's groups by their tag number: [0] ConfigureISDP, [1] StoreMetadata, [2] ReplaceSessionKeys, [3]. */
const GROUPS = ['firstSequenceOf87', 'sequenceOf88', 'secondSequenceOf87', 'sequenceOf86'] as const;

/** Flips one bit of the named part of the answer being built. */
function corrupt(state: any, field: string, index: number, group: 0 | 1 | 2 | 3 = 3): void {
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
    const segments: Buffer[] | undefined = bpp[GROUPS[field === 'segment' ? group : 3]];
    if (field === 'smdpSign') {
      bpp.initialiseSecureChannelRequest.smdpSign = flip(bpp.initialiseSecureChannelRequest.smdpSign, 5);
    } else if (!segments?.length) {
      throw new RspError('executionError', `scenario: the BPP has no segment group [${group}]`);
    } else if (field === 'segment' || field === 'segment86') {
      const k = Math.min(index, segments.length - 1);
      // A bit of the ciphertext (or of the MAC of a short segment): its MAC no longer verifies.
      segments[k] = flip(segments[k]!, 20);
    } else if (field === 'segmentOversized') {
      // SGP.22 2.5.5: no segment may exceed 1020 bytes; this one is made longer.
      const k = Math.min(index, segments.length - 1);
      segments[k] = Buffer.concat([segments[k]!, Buffer.alloc(1024)]);
    }
    state.bpp = BoundProfilePackage.encode(bpp);
  }
}

const SUCCESS_HEADER = { header: { functionExecutionStatus: { status: 'Executed-Success' } } };

/** HTTP 200 with a body the LPA cannot use: cut-off JSON, or a success without the answer's field(s). */
function malformedAnswer(
  functionName: string,
  state: any,
  action: ScenarioAction & { type: 'malformed' },
): HttpAnswer {
  const json = 'application/json;charset=UTF-8';
  if (action.body === 'notJson')
    return new HttpAnswer(200, JSON.stringify(SUCCESS_HEADER).slice(0, -2), json);
  // The answer's fields as built so far (the BPP is added to its answer after the steps).
  const built =
    functionName === 'initiateAuthentication'
      ? state.response
      : functionName === 'authenticateClient'
        ? state.result
        : { transactionId: state.transactionId };
  const fields: Record<string, unknown> = action.field ? { ...built } : {};
  if (action.field) delete fields[action.field];
  return new HttpAnswer(200, JSON.stringify({ ...SUCCESS_HEADER, ...fields }), json);
}

/** The profile about to be bound gets StoreMetadata with another ICCID (the last digit changed). */
function bindWithWrongIccid(state: any): void {
  if (!state.profile) return;
  const iccid = Buffer.from(state.profile.metadata.iccid);
  iccid[0] = (iccid[0]! & 0xf0) | ((iccid[0]! + 1) & 0x0f);
  state.profile = { ...state.profile, metadata: { ...state.profile.metadata, iccid } };
}
