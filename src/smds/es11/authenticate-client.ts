/**
 * ES11.AuthenticateClient (SGP.22 5.8.2): the eUICC is authenticated as in ES9+, then the SM-DS answers with
 * the Event Records of its EID (AuthenticateClientOkEs11: eventEntries). With a matchingId in ctxParams1 the
 * LPA asks for one event (an alternative SM-DS reached through a root SM-DS record, SGP.22 3.6.2): that
 * record alone, or 8.9.5 / 3.9 when the EID has none of that EventID. The session ends here.
 */

import { RspError } from '../../errors/rsp-error.ts';
import type { Es11Answer, Es11StepName } from '../../protocol/es11-functions.ts';
import type { JsonBody } from '../../rsp-server/binding/json-fields.ts';
import {
  type AuthenticationState,
  authenticateEuicc,
  euiccAnswerOk,
  readAuthenticateClient,
} from '../../rsp-server/mutual-authentication.ts';
import { closeSession, sessionIn } from '../../rsp-server/session-lookup.ts';
import { need } from '../../rsp-server/step-state.ts';
import { runSteps, type StepHooks, stepOf } from '../../rsp-server/steps.ts';
import type { SmdsContext } from '../context.ts';
import type { EventRecord } from '../event-store.ts';
import type { Es11State } from '../smds-state.ts';

export interface AuthenticateClientState
  extends AuthenticationState<Es11Answer<'authenticateClient'>>,
    Es11State<'authenticateClient'> {
  events?: EventRecord[];
}

type State = AuthenticateClientState;

const step = stepOf<State, Es11StepName<'authenticateClient'>>();

/** The steps, in the order the declaration lists them (test/protocol checks the two agree). */
export const steps = [
  step('readRequest', (s) => {
    ({ transactionId: s.transactionId, authenticateServerResponse: s.authenticateServerResponse } =
      readAuthenticateClient(s.body));
  }),
  step('findSession', async (s) => {
    s.session = await sessionIn(s.smds, need(s, 'transactionId'), ['initiated']);
  }),
  step('checkEuiccAnswer', async (s) => {
    s.ok = await euiccAnswerOk(s.smds.sessions, need(s, 'session'), need(s, 'authenticateServerResponse'));
  }),
  step('authenticateEuicc', (s) => {
    const euicc = authenticateEuicc(
      need(s, 'ok'),
      need(s, 'session'),
      s.smds.pki.trustedCis,
      s.smds.now(),
      'smdsAddressInvalid',
    );
    s.eid = euicc.eid;
    s.euiccSigned1 = euicc.euiccSigned1;
  }),
  step('findEvents', async (s) => {
    const eventId = need(s, 'euiccSigned1').ctxParams1.ctxParamsForCommonAuthentication.matchingId;
    const events = await s.smds.events.forEid(need(s, 'eid'));
    s.events = eventId ? events.filter((e) => e.eventId === eventId) : events;
    if (eventId && s.events.length === 0) {
      await closeSession(s.smds, need(s, 'session'));
      throw new RspError('eventIdUnknown', `no event ${eventId} for this EID`, eventId);
    }
  }),
  step('closeSession', async (s) => {
    await closeSession(s.smds, need(s, 'session'));
  }),
  step('respond', (s) => {
    s.answer = {
      transactionId: need(s, 'transactionId'),
      eventEntries: need(s, 'events').map((e) => ({
        eventId: e.eventId,
        rspServerAddress: e.rspServerAddress,
      })),
    };
  }),
];

export async function authenticateClient(
  smds: SmdsContext,
  body: JsonBody,
  hooks?: StepHooks<State>,
): Promise<JsonBody> {
  const state: State = { function: 'authenticateClient', smds, body };
  await runSteps(state.function, steps, state, hooks);
  smds.log.info(
    { transactionId: state.transactionId, eid: state.eid, events: need(state, 'events').length },
    'ES11 authenticateClient',
  );
  return need(state, 'answer');
}

/** authenticateClient as the server lists it (its name, steps and run). */
export const authenticateClientFunction = {
  name: 'authenticateClient',
  steps,
  run: authenticateClient,
} as const;
