/**
 * ES12.DeleteEvent (SGP.22 5.9.2): the SM-DP+ withdraws an Event Record once its profile is downloaded,
 * installed or the order cancelled; a record this SM-DS forwarded is withdrawn from the root SM-DS too.
 */
import { RspError } from '../../errors/rsp-error.ts';
import type { JsonBody } from '../../smdp/http/json-fields.ts';
import { runSteps, step } from '../../smdp/steps.ts';
import type { SmdsContext } from '../context.ts';
import type { EventRecord } from '../event-store.ts';
import { type EventKey, readEventKey } from './event-fields.ts';

interface State {
  readonly smds: SmdsContext;
  readonly body: JsonBody;
  key?: EventKey;
  event?: EventRecord;
}

const steps = [
  step<State>('readRequest', (s) => {
    s.key = readEventKey(s.body);
  }),
  step<State>('findEvent', async (s) => {
    const { eid, eventId } = s.key!;
    s.event = (await s.smds.events.forEid(eid)).find((e) => e.eventId === eventId);
    if (!s.event) throw new RspError('eventIdUnknown', `no event ${eventId} for this EID`, eventId);
  }),
  // The root SM-DS first: if it cannot be reached the record stays, and the SM-DP+'s retry finds it again.
  step<State>('forwardDeletion', async (s) => {
    if (s.event!.forwardedTo && s.smds.root) await s.smds.root.deleteEvent(s.key!);
  }),
  step<State>('deleteEvent', async (s) => {
    await s.smds.events.delete(s.key!.eid, s.key!.eventId);
  }),
];

export async function deleteEvent(smds: SmdsContext, body: JsonBody): Promise<JsonBody> {
  const state: State = { smds, body };
  await runSteps('deleteEvent', steps, state, smds.hooks);
  smds.log.info({ eid: state.key!.eid, eventId: state.key!.eventId }, 'ES12 deleteEvent');
  return {};
}
