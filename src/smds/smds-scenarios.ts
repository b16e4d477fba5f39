/**
 * The SM-DS's part of the scenario engine (src/rsp-server/scenarios/scenario-engine.ts): how its ES11 and
 * ES12 states tell the order (ES12's EventID is the order's matchingId), and the one answer action its
 * functions allow, a corrupted serverSignature1. It holds no order and no SM-DP+ certificate.
 */
import { RspError } from '../errors/rsp-error.ts';
import type { JsonBody } from '../rsp-server/binding/json-fields.ts';
import type { ScenarioAction } from '../rsp-server/scenarios/scenario.ts';
import type { ScenarioFacts, ScenarioServer } from '../rsp-server/scenarios/scenario-engine.ts';
import { corruptServerSignature1, sessionFacts } from '../rsp-server/scenarios/scenario-state.ts';
import type { SmdsFunctionState } from './smds-list.ts';

export const smdsScenarios: ScenarioServer<SmdsFunctionState> = {
  factsOf(state: SmdsFunctionState): ScenarioFacts {
    if (state.function === 'registerEvent' || state.function === 'deleteEvent')
      return { matchingId: state.key?.eventId, eid: state.key?.eid };
    return sessionFacts(state, state.function === 'authenticateClient' ? state.euiccSigned1 : undefined);
  },

  builtAnswer(state: SmdsFunctionState): JsonBody | undefined {
    return state.function === 'initiateAuthentication' || state.function === 'authenticateClient'
      ? state.answer
      : {};
  },

  // 'wrongIccid' needs an order to bind: the SM-DS has none.
  before(): void {},

  after(action: ScenarioAction, state: SmdsFunctionState): void {
    if (
      action.type === 'corrupt' &&
      action.field === 'serverSignature1' &&
      state.function === 'initiateAuthentication'
    )
      corruptServerSignature1(state);
    if (action.type === 'certificate')
      throw new RspError('executionError', `scenario: no SM-DP+ certificate to replace in ${state.function}`);
  },
};
