/**
 * ES2+.ConfirmOrder (SGP.22 5.3.2): the operator confirms a reserved profile, with the matchingId the eUICC
 * will present (made here when the operator gives none; empty for a download by EID at the default SM-DP+),
 * an optional EID and confirmation code. With
 * releaseFlag the profile is Released (downloadable at once), otherwise Confirmed until ReleaseProfile.
 * With an smdsAddress the order is also announced at that SM-DS (ES12.RegisterEvent, the matchingId as
 * EventID, for the EID the order then needs) before the answer; if the SM-DS does not take the event, the
 * order is not confirmed (8.9 / 5.1, 8.9 / 4.2).
 */
import { createHash } from 'node:crypto';
import { ensure, RspError } from '../../errors/rsp-error.ts';
import { booleanField, type JsonBody, optionalStringField } from '../../rsp-server/binding/json-fields.ts';
import { isServerAddress } from '../../rsp-server/server-address.ts';
import { need } from '../../rsp-server/step-state.ts';
import { runSteps, step } from '../../rsp-server/steps.ts';
import type { SmdsEvents } from '../es12/smds-events.ts';
import type { ProfileRecord, SmdsEventRef } from '../profile-repository.ts';
import {
  type Es2Context,
  type OrderState,
  orderLimitsField,
  profileByIccid,
  readOrderFields,
} from './es2-context.ts';
import { MATCHING_ID, newMatchingId } from './matching-id.ts';

interface State extends OrderState<'confirmOrder'> {
  smdsAddress?: string;
  /** The SM-DP+'s ES12 client, when the order goes to an SM-DS. */
  smdsEvents?: SmdsEvents;
  smdsEvent?: SmdsEventRef;
  confirmationCode?: string;
  releaseFlag?: boolean;
  confirmed?: ProfileRecord;
}

const steps = [
  step<State>('readRequest', (s) => {
    readOrderFields(s);
    s.confirmationCode = optionalStringField(s.body, 'confirmationCode');
    s.releaseFlag = booleanField(s.body, 'releaseFlag');
    if (s.matchingId !== undefined && s.matchingId !== '' && !MATCHING_ID.test(s.matchingId))
      throw new RspError('badInput', 'matchingId: upper-case letters, digits and "-"', 'matchingId');
    s.smdsAddress = optionalStringField(s.body, 'smdsAddress') || undefined;
    if (s.smdsAddress !== undefined) {
      ensure(isServerAddress(s.smdsAddress), 'smdsAddressInvalid', 'smdsAddress is not FQDN[:port]');
      s.smdsEvents = s.es2.smdsEvents;
      ensure(s.smdsEvents, 'smdsAddressInvalid', 'this SM-DP+ has no ES12 client');
    }
    orderLimitsField(s.es2, s.body);
  }),
  step<State>('findProfile', async (s) => {
    s.profile = await profileByIccid(s.es2, need(s, 'iccid'));
    const { state } = s.profile;
    ensure(
      state === 'allocated' || state === 'linked',
      'iccidNotAvailable',
      `profile ${s.iccid} is ${state}`,
    );
  }),
  step<State>('checkEid', (s) => {
    const bound = need(s, 'profile').eid;
    if (bound && s.eid && bound !== s.eid)
      throw new RspError('eidAlreadyBound', 'the order names another EID', s.eid);
    s.eid ??= bound;
    // SGP.22 5.3.2: an event is registered for an EID; without one the order cannot go to an SM-DS.
    if (s.smdsAddress !== undefined && !s.eid) throw new RspError('eidMissing', 'smdsAddress needs an EID');
  }),
  // SGP.22 5.3.2: an omitted matchingId is made here (with or without an EID); an empty one means the eUICC
  // finds the order by its EID at its default SM-DP+, so it needs an EID (8.1.1/2.2 otherwise).
  step<State>('chooseMatchingId', async (s) => {
    if (s.matchingId === '' && s.smdsAddress === undefined) {
      if (!s.eid) throw new RspError('eidMissing', 'an empty matchingId needs an EID', 'eid');
      s.matchingId = undefined;
      return;
    }
    // The EventID at the SM-DS is the matchingId (SGP.22 3.6.1): an order announced there always has one.
    if (s.matchingId === '') s.matchingId = undefined;
    s.matchingId ??= newMatchingId();
    const other = await s.es2.profiles.findByMatchingId(s.matchingId);
    if (other && other.id !== need(s, 'profile').id)
      throw new RspError('matchingIdConflict', s.matchingId, s.matchingId);
  }),
  // Before the order changes: an event the SM-DS refuses leaves the order as it was.
  step<State>('registerEvent', async (s) => {
    if (s.smdsAddress === undefined) return;
    s.smdsEvent = { smdsAddress: s.smdsAddress, eid: need(s, 'eid'), eventId: need(s, 'matchingId') };
    await need(s, 'smdsEvents').register(s.smdsEvent);
  }),
  step<State>('confirmProfile', async (s) => {
    const profile = need(s, 'profile');
    const confirmationCodeHash = s.confirmationCode
      ? createHash('sha256').update(s.confirmationCode, 'utf8').digest()
      : undefined;
    try {
      s.confirmed = await s.es2.profiles.transition(
        profile.id,
        ['allocated', 'linked'],
        s.releaseFlag ? 'released' : 'confirmed',
        {
          eid: s.eid,
          matchingId: s.matchingId,
          confirmationCodeHash,
          ccFailedAttempts: 0,
          ...(s.smdsEvent ? { smdsEvent: s.smdsEvent } : {}),
          downloadAttempts: 0,
          ...orderLimitsField(s.es2, s.body, profile.orderLimits),
        },
      );
    } catch (error) {
      // The unique matchingId of the store: another order took it between the check and now.
      if (s.smdsEvent) s.smdsEvents?.discard(s.smdsEvent);
      throw new RspError('matchingIdConflict', s.matchingId, s.matchingId, { cause: error });
    }
    if (!s.confirmed && s.smdsEvent) s.smdsEvents?.discard(s.smdsEvent);
    ensure(s.confirmed, 'iccidNotAvailable', `profile ${s.iccid} changed state meanwhile`);
  }),
];

export async function confirmOrder(es2: Es2Context, body: JsonBody): Promise<JsonBody> {
  const state: State = { function: 'confirmOrder', es2, body };
  await runSteps(state.function, steps, state);
  const { eid, matchingId } = need(state, 'confirmed');
  return { ...(eid ? { eid } : {}), ...(matchingId ? { matchingId } : {}), smdpAddress: es2.smdpAddress };
}
