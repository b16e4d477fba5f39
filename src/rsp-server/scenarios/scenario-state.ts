/**
 * What both servers' scenarios read alike: the states of mutual authentication (ES9+ and ES11 run the same
 * steps, SGP.22 5.6.1-5.6.3 / 5.8.1-5.8.2), the facts of a session function, and the corruption of
 * serverSignature1. Each server's ScenarioServer (scenario-engine.ts) builds on these.
 */
import type { EuiccSigned1 } from '../../asn1/rsp/index.ts';
import type { JsonBody } from '../binding/json-fields.ts';
import type { AuthenticationState, InitiationState } from '../mutual-authentication.ts';
import type { SessionState } from '../step-state.ts';
import type { ScenarioFacts } from './scenario-engine.ts';

export type MutualAuthenticationState = InitiationState<unknown> | AuthenticationState<JsonBody>;

/**
 * The order and the eUICC a session function's state knows: the order the server found (`orderMatchingId`),
 * else the session's, else the matchingId the eUICC signed in authenticateClient (`euiccSigned1`).
 */
export function sessionFacts(
  state: SessionState,
  euiccSigned1: EuiccSigned1 | undefined,
  orderMatchingId?: string,
): ScenarioFacts {
  return {
    matchingId:
      orderMatchingId ??
      state.session?.matchingId ??
      euiccSigned1?.ctxParams1.ctxParamsForCommonAuthentication.matchingId,
    eid: state.eid ?? state.session?.eid,
  };
}

/** A copy with one bit flipped at `at` (or at the last byte of a shorter buffer). */
export const flip = (buffer: Buffer, at: number): Buffer => {
  const copy = Buffer.from(buffer);
  const k = Math.min(at, copy.length - 1);
  copy.writeUInt8(copy.readUInt8(k) ^ 0x01, k);
  return copy;
};

export const flipBase64 = (base64: string, at: number): string =>
  flip(Buffer.from(base64, 'base64'), at).toString('base64');

/** initiateAuthentication's answer with one bit of serverSignature1 flipped: the eUICC must refuse it. */
export function corruptServerSignature1(state: InitiationState<unknown>): void {
  if (state.answer)
    state.answer = { ...state.answer, serverSignature1: flipBase64(state.answer.serverSignature1, 10) };
}
