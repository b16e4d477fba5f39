/**
 * ES2+.DownloadOrder (SGP.22 5.3.1): the operator reserves a profile, by ICCID or by profile type, optionally
 * for one EID. Available → Allocated, or → Linked when an EID is given.
 */
import { ensure, RspError } from '../../errors/rsp-error.ts';
import {
  checkRequestHeader,
  type JsonBody,
  optionalStringField,
} from '../../rsp-server/binding/json-fields.ts';
import { need } from '../../rsp-server/step-state.ts';
import { runSteps, step } from '../../rsp-server/steps.ts';
import type { ProfileRecord } from '../profile-repository.ts';
import {
  type Es2Context,
  type Es2State,
  iccidField,
  optionalEidField,
  orderLimitsField,
  profileByIccid,
} from './es2-context.ts';

interface State extends Es2State<'downloadOrder'> {
  eid?: string;
  iccid?: string;
  profileType?: string;
  candidates?: ProfileRecord[];
  allocated?: ProfileRecord;
}

/** Available profiles of a type read at once, and reads at most, when orders race for them. */
const CANDIDATES_PER_READ = 8;
const CANDIDATE_READS = 4;

const steps = [
  step<State>('readRequest', (s) => {
    checkRequestHeader(s.body);
    s.eid = optionalEidField(s.body);
    s.iccid = s.body.iccid === undefined ? undefined : iccidField(s.body);
    s.profileType = optionalStringField(s.body, 'profileType');
    ensure(s.iccid || s.profileType, 'invalidInput', 'iccid or profileType is needed');
    orderLimitsField(s.es2, s.body);
  }),
  step<State>('selectProfiles', async (s) => {
    if (s.iccid) {
      const profile = await profileByIccid(s.es2, s.iccid);
      if (s.profileType && profile.profileType !== s.profileType)
        throw new RspError('profileTypeMismatch', `${s.iccid} is not of type ${s.profileType}`, s.iccid);
      ensure(profile.state === 'available', 'iccidNotAvailable', `profile ${s.iccid} is ${profile.state}`);
      s.candidates = [profile];
      return;
    }
    const profileType = need(s, 'profileType');
    s.candidates = await s.es2.profiles.findAvailableByType(profileType, CANDIDATES_PER_READ);
    if (s.candidates.length > 0) return;
    if (!(await s.es2.profiles.hasProfileType(profileType)))
      throw new RspError('profileTypeUnknown', profileType, profileType);
    throw new RspError('profileTypeExhausted', profileType);
  }),
  // The state change is the lock: of two orders racing for one profile, one gets it, the other the next one.
  step<State>('allocateProfile', async (s) => {
    let candidates = need(s, 'candidates');
    // By type, racing orders may take every candidate read: read the next ones (those taken are no longer
    // available, so each read is new), a bounded number of times.
    for (let read = 0; read < CANDIDATE_READS && candidates.length > 0; read++) {
      for (const candidate of candidates) {
        s.allocated = await s.es2.profiles.transition(
          candidate.id,
          ['available'],
          s.eid ? 'linked' : 'allocated',
          { eid: s.eid, downloadAttempts: 0, ...orderLimitsField(s.es2, s.body, candidate.orderLimits) },
        );
        if (s.allocated) return;
      }
      if (s.iccid) break;
      candidates = await s.es2.profiles.findAvailableByType(need(s, 'profileType'), CANDIDATES_PER_READ);
    }
    throw s.iccid
      ? new RspError('iccidNotAvailable', s.iccid, s.iccid)
      : new RspError('profileTypeExhausted', s.profileType);
  }),
];

export async function downloadOrder(es2: Es2Context, body: JsonBody): Promise<JsonBody> {
  const state: State = { function: 'downloadOrder', es2, body };
  await runSteps(state.function, steps, state);
  return { iccid: need(state, 'allocated').iccid };
}
