/** ES2+.ReleaseProfile (SGP.22 5.3.4): a Confirmed order becomes downloadable (Released). */
import { ensure } from '../../errors/rsp-error.ts';
import type { JsonBody } from '../http/json-fields.ts';
import { checkRequestHeader } from '../http/json-fields.ts';
import type { ProfileRecord } from '../profile-repository.ts';
import { runSteps, step } from '../steps.ts';
import { type Es2Context, iccidField, profileByIccid } from './es2-context.ts';

interface State {
  readonly es2: Es2Context;
  readonly body: JsonBody;
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
    const released = await s.es2.profiles.transition(s.profile!.id, ['confirmed'], 'released');
    ensure(released, 'iccidRefused', `profile ${s.profile!.iccid} is ${s.profile!.state}, not Confirmed`);
  }),
];

export async function releaseProfile(es2: Es2Context, body: JsonBody): Promise<JsonBody> {
  await runSteps('releaseProfile', steps, { es2, body });
  return {};
}
