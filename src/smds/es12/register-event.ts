/**
 * ES12.RegisterEvent (SGP.22 5.9.1): an SM-DP+ (or an alternative SM-DS) leaves an Event Record for an EID.
 * With forwardingIndicator and a root SM-DS configured, this SM-DS is an alternative one: it registers at
 * the root a record naming itself, so that the LPA that asks the root is sent here (SGP.22 3.6.1).
 */

import { ensure, RspError } from '../../errors/rsp-error.ts';
import type { Es12StepName } from '../../protocol/es12-functions.ts';
import { booleanField, type JsonBody, stringField } from '../../rsp-server/binding/json-fields.ts';
import { isServerAddress } from '../../rsp-server/server-address.ts';
import { need } from '../../rsp-server/step-state.ts';
import { runSteps, type StepHooks, stepOf } from '../../rsp-server/steps.ts';
import type { SmdsContext } from '../context.ts';
import type { EventRecord } from '../event-store.ts';
import type { Es12State } from '../smds-state.ts';
import { callerServesAddress, type Es12Caller } from './es12-caller.ts';
import { readEventKey } from './event-fields.ts';

export interface RegisterEventState extends Es12State<'registerEvent'> {
  /** Who calls, from its TLS certificate (es12-caller.ts). */
  readonly caller: Es12Caller;
  rspServerAddress?: string;
  forward?: boolean;
  event?: EventRecord;
}

type State = RegisterEventState;

const step = stepOf<State, Es12StepName<'registerEvent'>>();

/** The steps, in the order the declaration lists them (test/protocol checks the two agree). */
export const steps = [
  step('readRequest', (s) => {
    s.key = readEventKey(s.body);
    s.rspServerAddress = stringField(s.body, 'rspServerAddress');
    ensure(isServerAddress(s.rspServerAddress), 'badInput', 'rspServerAddress is not FQDN[:port]');
    // Optional in the JSON binding; absent means false.
    const given = s.body.forwardingIndicator !== undefined && s.body.forwardingIndicator !== null;
    s.forward = given && booleanField(s.body, 'forwardingIndicator');
  }),
  // The record sends LPAs to rspServerAddress: a caller may name only a server its certificate is issued for
  // (SGP.22 3.6.1, the SM-DP+ or alternative SM-DS authenticated by CERT.DP.TLS / CERT.DS.TLS), or an
  // authenticated SM-DP+ could send every LPA of an EID to any address.
  step('checkRspServerAddress', (s) => {
    const address = need(s, 'rspServerAddress');
    ensure(
      callerServesAddress(s.caller, address),
      'requesterNotAllowed',
      `rspServerAddress ${address} is not a host of the caller's TLS certificate`,
    );
  }),
  step('storeEvent', async (s) => {
    const { root, config } = s.smds;
    const key = need(s, 'key');
    s.event = {
      ...key,
      rspServerAddress: need(s, 'rspServerAddress'),
      registeredAt: s.smds.now(),
      registeredBy: s.caller.identity,
      ...(s.forward && root && config.rootSmdsAddress ? { forwardedTo: config.rootSmdsAddress } : {}),
    };
    const outcome = await s.smds.events.register(s.event);
    if (outcome === 'duplicate') throw new RspError('eventDuplicate', key.eventId, key.eventId);
    if (outcome === 'full')
      throw new RspError(
        'executionError',
        'this caller keeps too many event records (for this EID or in all)',
      );
  }),
  // An alternative SM-DS: the root SM-DS learns of the event, pointing at us; if it cannot, nothing is kept.
  step('forwardEvent', async (s) => {
    const { root, config } = s.smds;
    if (!need(s, 'event').forwardedTo || !root) return;
    const key = need(s, 'key');
    try {
      await root.registerEvent({ ...key, rspServerAddress: config.address });
    } catch (error) {
      await s.smds.events.delete(key.eid, key.eventId);
      throw error;
    }
  }),
];

export async function registerEvent(
  smds: SmdsContext,
  body: JsonBody,
  hooks: StepHooks<State> | undefined,
  caller: Es12Caller,
): Promise<JsonBody> {
  const state: State = { function: 'registerEvent', smds, body, caller };
  await runSteps(state.function, steps, state, hooks);
  const { eid, eventId } = need(state, 'key');
  smds.log.info(
    { eid, eventId, forwarded: need(state, 'event').forwardedTo !== undefined },
    'ES12 registerEvent',
  );
  return {};
}

/** registerEvent as the server lists it (its name, steps and run). */
export const registerEventFunction = { name: 'registerEvent', steps, run: registerEvent } as const;
