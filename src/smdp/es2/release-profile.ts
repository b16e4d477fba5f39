/** ES2+.ReleaseProfile (SGP.22 5.3.4): a Confirmed order becomes downloadable (Released). */
import { ensure } from '../../errors/rsp-error.ts';
import type { JsonBody } from '../../rsp-server/binding/json-fields.ts';
import { checkRequestHeader } from '../../rsp-server/binding/json-fields.ts';
import { need } from '../../rsp-server/step-state.ts';
import { runSteps, step } from '../../rsp-server/steps.ts';
import type { ProfileRecord } from '../profile-repository.ts';
import { type Es2Context, type Es2State, iccidField, profileByIccid } from './es2-context.ts';

interface State extends Es2State<'releaseProfile'> {
  profile?: ProfileRecord;
}

const steps = [
  step<State>('readRequest', (s) => {
    checkRequestHeader(s.body);
  }),
  step<State>('findProfile', async (s) => {
    s.profile = await profileByIccid(s.es2, iccidField(s.body));
  }),
  step<State>('releaseProfile', async (s) => {
    const profile = need(s, 'profile');
    const released = await s.es2.profiles.transition(profile.id, ['confirmed'], 'released');
    ensure(released, 'iccidRefused', `profile ${profile.iccid} is ${profile.state}, not Confirmed`);
  }),
];

export async function releaseProfile(es2: Es2Context, body: JsonBody): Promise<JsonBody> {
  const state: State = { function: 'releaseProfile', es2, body };
  await runSteps(state.function, steps, state);
  return {};
}
