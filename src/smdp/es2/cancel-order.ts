/**
 * ES2+.CancelOrder (SGP.22 5.3.3): the operator withdraws an order; the profile returns to Available (reusable)
 * or becomes Unavailable, and its EID, matchingId and confirmation code are forgotten. An installed profile
 * is on an eUICC and cannot be withdrawn.
 */
import { ensure, RspError } from '../../errors/rsp-error.ts';
import { type JsonBody, stringField } from '../../rsp-server/binding/json-fields.ts';
import { need } from '../../rsp-server/step-state.ts';
import { runSteps, step } from '../../rsp-server/steps.ts';
import type { ProfileState } from '../profile-repository.ts';
import { type Es2Context, type OrderState, profileByIccid, readOrderFields } from './es2-context.ts';

const CANCELLABLE: readonly ProfileState[] = [
  'allocated',
  'linked',
  'confirmed',
  'released',
  'downloaded',
  'error',
];
const FINAL_STATUS: Record<string, ProfileState> = { Available: 'available', Unavailable: 'unavailable' };

interface State extends OrderState<'cancelOrder'> {
  finalState?: ProfileState;
}

const steps = [
  step<State>('readRequest', (s) => {
    readOrderFields(s);
    const indicator = stringField(s.body, 'finalProfileStatusIndicator');
    s.finalState = FINAL_STATUS[indicator];
    ensure(s.finalState, 'badInput', 'finalProfileStatusIndicator must be Available or Unavailable');
  }),
  step<State>('findOrder', async (s) => {
    s.profile = await profileByIccid(s.es2, need(s, 'iccid'));
    const { eid, matchingId, state } = s.profile;
    // SGP.22 5.3.3: an EID or matchingId that is not the order's is an Invalid Association (3.10).
    if (s.eid && eid !== s.eid) throw new RspError('eidAlreadyBound', 'the order names another EID', s.eid);
    if (s.matchingId && matchingId !== s.matchingId)
      throw new RspError('matchingIdNotOfOrder', 'the order has another matchingId', s.matchingId);
    ensure(CANCELLABLE.includes(state), 'iccidNotAvailable', `profile ${s.iccid} is ${state}`);
  }),
  step<State>('cancelOrder', async (s) => {
    // The SM-DS's event (if any) stays on the profile until the SM-DS confirmed its deletion.
    const cancelled = await s.es2.profiles.transition(
      need(s, 'profile').id,
      CANCELLABLE,
      need(s, 'finalState'),
      {
        eid: undefined,
        matchingId: undefined,
        confirmationCodeHash: undefined,
        ccFailedAttempts: 0,
        orderLimits: undefined,
        downloadAttempts: 0,
      },
    );
    ensure(cancelled, 'iccidNotAvailable', `profile ${s.iccid} was installed meanwhile`);
    s.es2.smdsEvents?.withdraw(cancelled);
  }),
];

export async function cancelOrder(es2: Es2Context, body: JsonBody): Promise<JsonBody> {
  const state: State = { function: 'cancelOrder', es2, body };
  await runSteps(state.function, steps, state);
  return {};
}
