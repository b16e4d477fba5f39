/**
 * ES12.DeleteEvent (SGP.22 5.9.2): the SM-DP+ withdraws an Event Record once its profile is downloaded,
 * installed or the order cancelled; a record this SM-DS forwarded is withdrawn from the root SM-DS too.
 */

import { RspError } from '../../errors/rsp-error.ts';
import type { Es12StepName } from '../../protocol/es12-functions.ts';
import type { JsonBody } from '../../rsp-server/binding/json-fields.ts';
import { need } from '../../rsp-server/step-state.ts';
import { runSteps, type StepHooks, stepOf } from '../../rsp-server/steps.ts';
import type { SmdsContext } from '../context.ts';
import type { EventRecord } from '../event-store.ts';
import type { Es12State } from '../smds-state.ts';
import type { Es12Caller } from './es12-caller.ts';
import { readEventKey } from './event-fields.ts';

export interface DeleteEventState extends Es12State<'deleteEvent'> {
  /** Who calls, from its TLS certificate (es12-caller.ts). */
  readonly caller: Es12Caller;
  event?: EventRecord;
}

type State = DeleteEventState;

const step = stepOf<State, Es12StepName<'deleteEvent'>>();

/** The steps, in the order the declaration lists them (test/protocol checks the two agree). */
export const steps = [
  step('readRequest', (s) => {
    s.key = readEventKey(s.body);
  }),
  // Only the caller that registered a record deletes it; another caller's record is, to this one, unknown
  // (the same answer as none: a caller learns nothing of the records of others).
  step('findEvent', async (s) => {
    const { eid, eventId } = need(s, 'key');
    s.event = (await s.smds.events.forEid(eid)).find(
      (e) => e.eventId === eventId && (e.registeredBy === undefined || e.registeredBy === s.caller.identity),
    );
    if (!s.event)
      throw new RspError('eventIdUnknown', `no event ${eventId} of this caller for this EID`, eventId);
  }),
  // The root SM-DS first: if it cannot be reached the record stays, and the SM-DP+'s retry finds it again.
  step('forwardDeletion', async (s) => {
    if (need(s, 'event').forwardedTo && s.smds.root) await s.smds.root.deleteEvent(need(s, 'key'));
  }),
  step('deleteEvent', async (s) => {
    const { eid, eventId } = need(s, 'key');
    await s.smds.events.delete(eid, eventId);
  }),
];

export async function deleteEvent(
  smds: SmdsContext,
  body: JsonBody,
  hooks: StepHooks<State> | undefined,
  caller: Es12Caller,
): Promise<JsonBody> {
  const state: State = { function: 'deleteEvent', smds, body, caller };
  await runSteps(state.function, steps, state, hooks);
  const { eid, eventId } = need(state, 'key');
  smds.log.info({ eid, eventId }, 'ES12 deleteEvent');
  return {};
}

/** deleteEvent as the server lists it (its name, steps and run). */
export const deleteEventFunction = { name: 'deleteEvent', steps, run: deleteEvent } as const;
