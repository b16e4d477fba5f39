/**
 * Applies scenarios through the step runner's hooks: before a step it may fail, wait or answer at the HTTP
 * level; after the function's answer is built it may corrupt it. One place, no scenario code in the steps.
 */

import { createHash } from 'node:crypto';
import { BoundProfilePackage } from '../../asn1/rsp/index.ts';
import { RspError } from '../../errors/rsp-error.ts';
import type { PkiStore } from '../../pki/pki-store.ts';
import type { Es9StepName } from '../../protocol/es9-functions.ts';
import type { AuthenticateClientState } from '../es9/authenticate-client.ts';
import type { GetBoundProfilePackageState } from '../es9/get-bound-profile-package.ts';
import { HttpAnswer, NoAnswer } from '../http/http-answer.ts';
import type { JsonBody } from '../http/json-fields.ts';
import { need } from '../step-state.ts';
import type { StepHooks } from '../steps.ts';
import {
  answerStepOf,
  type CORRUPTIBLE,
  type Scenario,
  type ScenarioAction,
  type WRONG_CERTIFICATES,
} from './scenario.ts';
import type { ScenarioState } from './scenario-state.ts';
import { type DpRole, WrongCertificates } from './wrong-certificates.ts';

/** Actions on the answer once it is built (or on the order once it is found); the others act before. */
const AFTER = new Set<ScenarioAction['type']>([
  'corrupt',
  'certificate',
  'malformed',
  'requireConfirmationCode',
]);

/** requireConfirmationCode acts once the order is known, before smdpSigned2 is signed. */
const CC_STEP: Es9StepName<'authenticateClient'> = 'findProfile';
/** ... and again in getBoundProfilePackage of the same session, before the code is checked. */
const CC_CHECK_STEP: Es9StepName<'getBoundProfilePackage'> = 'loadProfile';
/** Sessions remembered for that second step (the oldest forgotten first). */
const MAX_CC_SESSIONS = 1000;

interface Facts {
  readonly matchingId?: string;
  readonly eid?: string;
}

/** The SM-DP+'s states that hold the order: authenticateClient from findProfile, the BPP's from loadProfile. */
type OrderState = AuthenticateClientState | GetBoundProfilePackageState;

const holdsOrder = (state: ScenarioState): state is OrderState =>
  'smdp' in state && (state.function === 'authenticateClient' || state.function === 'getBoundProfilePackage');

/** What a step's state knows about the order and the eUICC at that point. */
function factsOf(state: ScenarioState): Facts {
  if (state.function === 'registerEvent' || state.function === 'deleteEvent') {
    // ES12 at the SM-DS: the EventID is the order's matchingId.
    return { matchingId: state.key?.eventId, eid: state.key?.eid };
  }
  const signed = state.function === 'authenticateClient' ? state.euiccSigned1 : undefined;
  return {
    matchingId:
      (holdsOrder(state) ? state.profile?.matchingId : undefined) ??
      state.session?.matchingId ??
      signed?.ctxParams1.ctxParamsForCommonAuthentication.matchingId,
    eid: state.eid ?? state.session?.eid,
  };
}

/** A copy with one bit flipped at `at` (or at the last byte of a shorter buffer). */
const flip = (buffer: Buffer, at: number): Buffer => {
  const copy = Buffer.from(buffer);
  const k = Math.min(at, copy.length - 1);
  copy.writeUInt8(copy.readUInt8(k) ^ 0x01, k);
  return copy;
};

const flipBase64 = (base64: string, at: number): string =>
  flip(Buffer.from(base64, 'base64'), at).toString('base64');

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export interface ScenarioEngineOptions {
  /** The SM-DP+'s PKI folder: its CI keys issue the `expired` certificates. */
  readonly pki?: PkiStore;
  /** Hears of each scenario as it acts (the session trace notes it with the exchange). */
  readonly onApplied?: (scenario: Scenario, state: ScenarioState) => void;
}

export class ScenarioEngine {
  readonly #scenarios: Scenario[] = [];
  readonly #used = new Map<string, number>();
  readonly #certificates: WrongCertificates;
  readonly #onApplied: ((scenario: Scenario, state: ScenarioState) => void) | undefined;
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

  #due(
    functionName: string,
    step: string,
    state: ScenarioState,
    when: 'before' | 'after',
  ): Scenario | undefined {
    if (this.#scenarios.length === 0) return undefined;
    const facts = factsOf(state);
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

  readonly hooks: StepHooks<ScenarioState> = {
    // Synchronous unless a delay is due: the step runner then need not wait a turn at every step.
    before: (functionName, step, state) => {
      const scenario = this.#due(functionName, step, state, 'before');
      if (!scenario) return;
      const action = scenario.action;
      if (action.type === 'error') throw new RspError(action.code, `scenario ${scenario.name}`);
      if (action.type === 'delay') return new Promise<void>((resolve) => setTimeout(resolve, action.ms));
      if (action.type === 'http') throw new HttpAnswer(action.status, action.body ?? '');
      if (action.type === 'timeout') throw new NoAnswer(action.ms);
      if (action.type === 'wrongIccid') bindWithWrongIccid(state);
    },
    after: (functionName, step, state) => {
      if (state.function === 'getBoundProfilePackage' && step === CC_CHECK_STEP) {
        const hash = this.#ccSessions.get(need(state, 'transactionId'));
        if (hash && state.profile) state.profile = { ...state.profile, confirmationCodeHash: hash };
      }
      const action = this.#due(functionName, step, state, 'after')?.action;
      if (action?.type === 'corrupt') corrupt(state, action.field, action.index ?? 0, action.group);
      if (action?.type === 'certificate') this.#presentWrongCertificate(state, action.certificate);
      if (action?.type === 'malformed') throw malformedAnswer(state, action);
      if (action?.type === 'requireConfirmationCode' && holdsOrder(state) && state.profile) {
        const hash = sha256(action.code);
        state.profile = { ...state.profile, confirmationCodeHash: hash };
        this.#ccSessions.set(need(state, 'transactionId'), hash);
        const oldest = this.#ccSessions.keys().next();
        if (this.#ccSessions.size > MAX_CC_SESSIONS && !oldest.done) this.#ccSessions.delete(oldest.value);
      }
    },
  };

  /** serverCertificate (initiateAuthentication) or smdpCertificate (authenticateClient) replaced by a wrong one. */
  #presentWrongCertificate(state: ScenarioState, which: (typeof WRONG_CERTIFICATES)[number]): void {
    if (
      !('smdp' in state) ||
      (state.function !== 'initiateAuthentication' && state.function !== 'authenticateClient')
    )
      throw new RspError('executionError', `scenario: no SM-DP+ certificate to replace in ${state.function}`);
    const mine = need(state, 'credentials');
    const other = state.smdp.pki.credentials.find((c) => c.curve !== mine.curve) ?? mine;
    const pick = (role: DpRole, wrongRole: DpRole): string => {
      if (which === 'otherCurve') return other[role].certificate.toString('base64');
      if (which === 'dpPbAsDpAuth') return mine[wrongRole].certificate.toString('base64');
      if (which === 'expired') return this.#certificates.expired(mine, role).toString('base64');
      return this.#certificates.wrongCi(mine, role).toString('base64');
    };
    if (state.function === 'initiateAuthentication' && state.answer)
      state.answer = { ...state.answer, serverCertificate: pick('dpAuth', 'dpPb') };
    if (state.function === 'authenticateClient' && state.answer)
      state.answer = { ...state.answer, smdpCertificate: pick('dpPb', 'dpAuth') };
  }
}

/** The BPP's groups by their tag number: [0] ConfigureISDP, [1] StoreMetadata, [2] ReplaceSessionKeys, [3]. */
const GROUPS = ['firstSequenceOf87', 'sequenceOf88', 'secondSequenceOf87', 'sequenceOf86'] as const;

/** Flips one bit of the named part of the answer being built. */
function corrupt(
  state: ScenarioState,
  field: (typeof CORRUPTIBLE)[number],
  index: number,
  group: 0 | 1 | 2 | 3 = 3,
): void {
  if (field === 'serverSignature1' && state.function === 'initiateAuthentication' && state.answer) {
    state.answer = { ...state.answer, serverSignature1: flipBase64(state.answer.serverSignature1, 10) };
  } else if (field === 'smdpSignature2' && state.function === 'authenticateClient' && 'smdp' in state) {
    if (state.answer)
      state.answer = { ...state.answer, smdpSignature2: flipBase64(state.answer.smdpSignature2, 10) };
  } else if (state.function === 'getBoundProfilePackage' && state.bpp) {
    const bpp = BoundProfilePackage.decode(state.bpp);
    const segments = bpp[GROUPS[field === 'segment' ? group : 3]];
    const k = Math.min(index, (segments?.length ?? 0) - 1);
    const segment = segments?.[k];
    if (field === 'smdpSign') {
      bpp.initialiseSecureChannelRequest.smdpSign = flip(bpp.initialiseSecureChannelRequest.smdpSign, 5);
    } else if (!segments || !segment) {
      throw new RspError('executionError', `scenario: the BPP has no segment group [${group}]`);
    } else if (field === 'segment' || field === 'segment86') {
      // A bit of the ciphertext (or of the MAC of a short segment): its MAC no longer verifies.
      segments[k] = flip(segment, 20);
    } else if (field === 'segmentOversized') {
      // SGP.22 2.5.5: no segment may exceed 1020 bytes; this one is made longer.
      segments[k] = Buffer.concat([segment, Buffer.alloc(1024)]);
    }
    state.bpp = BoundProfilePackage.encode(bpp);
  }
}

const SUCCESS_HEADER = { header: { functionExecutionStatus: { status: 'Executed-Success' } } };

/** HTTP 200 with a body the LPA cannot use: cut-off JSON, or a success without the answer's field(s). */
function malformedAnswer(state: ScenarioState, action: ScenarioAction & { type: 'malformed' }): HttpAnswer {
  const json = 'application/json;charset=UTF-8';
  if (action.body === 'notJson')
    return new HttpAnswer(200, JSON.stringify(SUCCESS_HEADER).slice(0, -2), json);
  const fields: JsonBody = action.field ? { ...builtAnswer(state) } : {};
  if (action.field) delete fields[action.field];
  return new HttpAnswer(200, JSON.stringify({ ...SUCCESS_HEADER, ...fields }), json);
}

/** The answer's fields as built so far (the BPP is added to its answer after the steps). */
function builtAnswer(state: ScenarioState): JsonBody | undefined {
  switch (state.function) {
    case 'initiateAuthentication':
    case 'authenticateClient':
      return state.answer;
    case 'registerEvent':
    case 'deleteEvent':
      return {};
    default:
      return { transactionId: state.transactionId };
  }
}

/** The profile about to be bound gets StoreMetadata with another ICCID (the last digit changed). */
function bindWithWrongIccid(state: ScenarioState): void {
  if (!holdsOrder(state) || !state.profile) return;
  const iccid = Buffer.from(state.profile.metadata.iccid);
  // BCD, digits swapped in each byte: the low nibble of the first byte is the first digit.
  const first = iccid.readUInt8(0);
  iccid.writeUInt8((first & 0xf0) | ((first + 1) & 0x0f), 0);
  state.profile = { ...state.profile, metadata: { ...state.profile.metadata, iccid } };
}
