/**
 * ES11.AuthenticateClient (SGP.22 5.8.2): the eUICC is authenticated as in ES9+, then the SM-DS answers with
 * the Event Records of its EID (AuthenticateClientOkEs11: eventEntries). With a matchingId in ctxParams1 the
 * LPA asks for one event (an alternative SM-DS reached through a root SM-DS record, SGP.22 3.6.2): that
 * record alone, or 8.9.5 / 3.9 when the EID has none of that EventID. The session ends here.
 */
import type { AuthenticateServerResponse, EuiccSigned1 } from '../../asn1/rsp/index.ts';
import { RspError } from '../../errors/rsp-error.ts';
import {
  type AuthenticateResponseOk,
  authenticateEuicc,
  euiccAnswerOk,
  readAuthenticateClient,
} from '../../smdp/es9/mutual-authentication.ts';
import { closeSession, sessionIn } from '../../smdp/es9/session-lookup.ts';
import type { JsonBody } from '../../smdp/http/json-fields.ts';
import type { RspSession } from '../../smdp/session.ts';
import { runSteps, step } from '../../smdp/steps.ts';
import type { SmdsContext } from '../context.ts';
import type { EventRecord } from '../event-store.ts';

interface State {
  readonly smds: SmdsContext;
  readonly body: JsonBody;
  transactionId?: string;
  response?: AuthenticateServerResponse;
  session?: RspSession;
  ok?: AuthenticateResponseOk;
  euiccSigned1?: EuiccSigned1;
  eid?: string;
  events?: EventRecord[];
  result?: JsonBody;
}

const steps = [
  step<State>('readRequest', (s) => {
    ({ transactionId: s.transactionId, response: s.response } = readAuthenticateClient(s.body));
  }),
  step<State>('findSession', async (s) => {
    s.session = await sessionIn(s.smds, s.transactionId!, ['initiated']);
  }),
  step<State>('checkEuiccAnswer', async (s) => {
    s.ok = await euiccAnswerOk(s.smds.sessions, s.session!, s.response!);
  }),
  step<State>('authenticateEuicc', (s) => {
    const euicc = authenticateEuicc(
      s.ok!,
      s.session!,
      s.smds.pki.trustedCis,
      s.smds.now(),
      'smdsAddressInvalid',
    );
    s.eid = euicc.eid;
    s.euiccSigned1 = euicc.euiccSigned1;
  }),
  step<State>('findEvents', async (s) => {
    const eventId = s.euiccSigned1!.ctxParams1.ctxParamsForCommonAuthentication.matchingId;
    const events = await s.smds.events.forEid(s.eid!);
    s.events = eventId ? events.filter((e) => e.eventId === eventId) : events;
    if (eventId && s.events.length === 0) {
      await closeSession(s.smds, s.session!);
      throw new RspError('eventIdUnknown', `no event ${eventId} for this EID`, eventId);
    }
  }),
  step<State>('closeSession', async (s) => {
    await closeSession(s.smds, s.session!);
  }),
  step<State>('respond', (s) => {
    s.result = {
      transactionId: s.transactionId,
      eventEntries: s.events!.map((e) => ({ eventId: e.eventId, rspServerAddress: e.rspServerAddress })),
    };
  }),
];

export async function authenticateClient(smds: SmdsContext, body: JsonBody): Promise<JsonBody> {
  const state: State = { smds, body };
  await runSteps('authenticateClient', steps, state, smds.hooks);
  smds.log.info(
    { transactionId: state.transactionId, eid: state.eid, events: state.events!.length },
    'ES11 authenticateClient',
  );
  return state.result!;
}
