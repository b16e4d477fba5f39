/**
 * The SM-DP+'s part of the scenario engine (src/rsp-server/scenarios/scenario-engine.ts): how its ES9+
 * states tell the order, and the actions only the SM-DP+'s functions can take: a corrupted smdpSignature2
 * or BPP, a wrong certificate, another ICCID, a required confirmation code.
 */

import { createHash } from 'node:crypto';
import { BoundProfilePackage } from '../../asn1/rsp/index.ts';
import { RspError } from '../../errors/rsp-error.ts';
import type { PkiStore } from '../../pki/pki-store.ts';
import type { Es9StepName } from '../../protocol/es9-functions.ts';
import type { JsonBody } from '../../rsp-server/binding/json-fields.ts';
import type { CORRUPTIBLE, ScenarioAction, WRONG_CERTIFICATES } from '../../rsp-server/scenarios/scenario.ts';
import type { ScenarioFacts, ScenarioServer } from '../../rsp-server/scenarios/scenario-engine.ts';
import {
  corruptServerSignature1,
  flip,
  flipBase64,
  sessionFacts,
} from '../../rsp-server/scenarios/scenario-state.ts';
import { need } from '../../rsp-server/step-state.ts';
import type { AuthenticateClientState } from '../es9/authenticate-client.ts';
import type { Es9FunctionState } from '../es9/es9-list.ts';
import type { GetBoundProfilePackageState } from '../es9/get-bound-profile-package.ts';
import { type DpRole, WrongCertificates } from './wrong-certificates.ts';

/** ... and again in getBoundProfilePackage of the same session, before the code is checked. */
const CC_CHECK_STEP: Es9StepName<'getBoundProfilePackage'> = 'loadProfile';
/** Sessions remembered for that second step (the oldest forgotten first). */
const MAX_CC_SESSIONS = 1000;

/** The SM-DP+'s states that hold the order: authenticateClient from findProfile, the BPP's from loadProfile. */
type OrderState = AuthenticateClientState | GetBoundProfilePackageState;

const holdsOrder = (state: Es9FunctionState): state is OrderState =>
  state.function === 'authenticateClient' || state.function === 'getBoundProfilePackage';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export class SmdpScenarios implements ScenarioServer<Es9FunctionState> {
  readonly #certificates: WrongCertificates;
  /** transactionId → SHA-256 of the code a requireConfirmationCode scenario asked for. */
  readonly #ccSessions = new Map<string, Buffer>();

  /** `pki`: the SM-DP+'s PKI folder: its CI keys issue the `expired` certificates. */
  constructor(pki?: PkiStore) {
    this.#certificates = new WrongCertificates(pki);
  }

  factsOf(state: Es9FunctionState): ScenarioFacts {
    const signed = state.function === 'authenticateClient' ? state.euiccSigned1 : undefined;
    return sessionFacts(state, signed, holdsOrder(state) ? state.profile?.matchingId : undefined);
  }

  builtAnswer(state: Es9FunctionState): JsonBody | undefined {
    switch (state.function) {
      case 'initiateAuthentication':
      case 'authenticateClient':
        return state.answer;
      default:
        return { transactionId: state.transactionId };
    }
  }

  before(action: ScenarioAction, state: Es9FunctionState): void {
    if (action.type === 'wrongIccid') bindWithWrongIccid(state);
  }

  afterStep(step: string, state: Es9FunctionState): void {
    if (state.function === 'getBoundProfilePackage' && step === CC_CHECK_STEP) {
      const hash = this.#ccSessions.get(need(state, 'transactionId'));
      if (hash && state.profile) state.profile = { ...state.profile, confirmationCodeHash: hash };
    }
  }

  after(action: ScenarioAction, state: Es9FunctionState): void {
    if (action.type === 'corrupt') corrupt(state, action.field, action.index ?? 0, action.group);
    if (action.type === 'certificate') this.#presentWrongCertificate(state, action.certificate);
    if (action.type === 'requireConfirmationCode' && holdsOrder(state) && state.profile) {
      const hash = sha256(action.code);
      state.profile = { ...state.profile, confirmationCodeHash: hash };
      this.#ccSessions.set(need(state, 'transactionId'), hash);
      const oldest = this.#ccSessions.keys().next();
      if (this.#ccSessions.size > MAX_CC_SESSIONS && !oldest.done) this.#ccSessions.delete(oldest.value);
    }
  }

  /** serverCertificate (initiateAuthentication) or smdpCertificate (authenticateClient) replaced by a wrong one. */
  #presentWrongCertificate(state: Es9FunctionState, which: (typeof WRONG_CERTIFICATES)[number]): void {
    if (state.function !== 'initiateAuthentication' && state.function !== 'authenticateClient')
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
  state: Es9FunctionState,
  field: (typeof CORRUPTIBLE)[number],
  index: number,
  group: 0 | 1 | 2 | 3 = 3,
): void {
  if (field === 'serverSignature1' && state.function === 'initiateAuthentication') {
    corruptServerSignature1(state);
  } else if (field === 'smdpSignature2' && state.function === 'authenticateClient') {
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

/** The profile about to be bound gets StoreMetadata with another ICCID (the last digit changed). */
function bindWithWrongIccid(state: Es9FunctionState): void {
  if (!holdsOrder(state) || !state.profile) return;
  const iccid = Buffer.from(state.profile.metadata.iccid);
  // BCD, digits swapped in each byte: the low nibble of the first byte is the first digit.
  const first = iccid.readUInt8(0);
  iccid.writeUInt8((first & 0xf0) | ((first + 1) & 0x0f), 0);
  state.profile = { ...state.profile, metadata: { ...state.profile.metadata, iccid } };
}
