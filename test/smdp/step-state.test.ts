import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { JsonBody } from '../../src/rsp-server/binding/json-fields.ts';
import type { AuthenticationState, InitiationState } from '../../src/rsp-server/mutual-authentication.ts';
import { validateScenario } from '../../src/rsp-server/scenarios/scenario.ts';
import type { MutualAuthenticationState } from '../../src/rsp-server/scenarios/scenario-state.ts';
import type { RspSession } from '../../src/rsp-server/session.ts';
import { MissingStepState, need, needSession, type SessionState } from '../../src/rsp-server/step-state.ts';
import { runSteps, type StepHooks, step } from '../../src/rsp-server/steps.ts';
import { jsonLogSink } from '../helpers/log-sink.ts';
import { expectRspFailure, expectRspSuccess } from '../helpers/rsp-assertions.ts';
import { ScriptedEuicc } from '../helpers/scripted-euicc.ts';
import { startTestSmdp } from '../helpers/smdp-harness.ts';

interface State extends SessionState<'exampleFunction'> {
  serverSigned1?: Buffer;
}

const failureOf = async (run: () => Promise<unknown>): Promise<MissingStepState> => {
  const error = await run().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(MissingStepState);
  return error as MissingStepState;
};

describe('need: a step reads what an earlier step set, or fails naming the function, step and field', () => {
  it('gives the value an earlier step set', async () => {
    const state: State = { function: 'exampleFunction', body: {} };
    const seen: Buffer[] = [];
    await runSteps(
      state.function,
      [
        step<State>('sign', (s) => {
          s.serverSigned1 = Buffer.from('3000', 'hex');
        }),
        step<State>('respond', (s) => {
          seen.push(need(s, 'serverSigned1'));
        }),
      ],
      state,
    );
    expect(seen).toEqual([Buffer.from('3000', 'hex')]);
  });

  it('names the step that read a field no step set', async () => {
    const state: State = { function: 'exampleFunction', body: {} };
    const error = await failureOf(() =>
      runSteps(
        state.function,
        [
          step<State>('respond', (s) => {
            s.answer = { serverSigned1: need(s, 'serverSigned1').toString('base64') };
          }),
        ],
        state,
      ),
    );
    expect(error).toMatchObject({ functionName: 'exampleFunction', field: 'serverSigned1', step: 'respond' });
    expect(error.message).toBe('exampleFunction.respond: no serverSigned1 in the step state');
  });

  it('reads a session field the same way, and a step state without its session', async () => {
    const session = { transactionId: '01', phase: 'authenticated' } as RspSession;
    const withSession: State = { function: 'exampleFunction', body: {}, session };
    expect(() => needSession(withSession, 'eid')).toThrow(
      'exampleFunction: no session.eid in the step state',
    );
    expect(needSession({ ...withSession, session: { ...session, eid: '89' } }, 'eid')).toBe('89');
    const without: State = { function: 'exampleFunction', body: {} };
    expect(() => needSession(without, 'eid')).toThrow('exampleFunction: no session in the step state');
  });
});

describe('a missing step state over HTTPS', () => {
  it('is answered 1.2 / 4.2 Execution Error and logged as a defect naming the step', async () => {
    const { sink, lines } = jsonLogSink<{ msg: string; err?: { message?: string } }>();
    const smdp = await startTestSmdp({}, { logger: pino({ level: 'error' }, sink) });
    try {
      // A certificate scenario placed before the credentials are chosen: the engine needs them.
      smdp.scenarios.add(
        validateScenario({
          name: 'too-early',
          match: {},
          function: 'initiateAuthentication',
          step: 'readRequest',
          action: { type: 'certificate', certificate: 'otherCurve' },
          times: 1,
        }),
      );
      const euicc = new ScriptedEuicc();
      expectRspFailure(await euicc.initiateAuthentication(smdp.url, smdp.address), 'executionError');
      expect(lines).toContainEqual(
        expect.objectContaining({
          err: expect.objectContaining({
            message: 'initiateAuthentication.readRequest: no credentials in the step state',
          }),
        }),
      );
      // Once the scenario is used up, the same request succeeds.
      expectRspSuccess(await euicc.initiateAuthentication(smdp.url, smdp.address));
    } finally {
      await smdp.close();
    }
  });
});

describe('the step states are typed on the declarations (the type errors are checked by tsc)', () => {
  it('refuses a field a state lacks, an undeclared answer field, and an old name a hook would read as nothing', async () => {
    const initiation: InitiationState<unknown> = { function: 'initiateAuthentication', body: {}, source: '' };
    // @ts-expect-error initiateAuthentication's state has no `response` (its answer is `answer`)
    expect(() => need(initiation, 'response')).toThrow(
      'initiateAuthentication: no response in the step state',
    );
    initiation.answer = {
      transactionId: '01',
      serverSigned1: '',
      serverSignature1: '',
      euiccCiPKIdToBeUsed: '',
      serverCertificate: '',
      // @ts-expect-error the declaration of initiateAuthentication's answer has no smdpCertificate
      smdpCertificate: '',
    };
    expect(need(initiation, 'answer').transactionId).toBe('01');
    const seen: unknown[] = [];
    const hooks: StepHooks<MutualAuthenticationState> = {
      finished: (_name, s) => {
        // @ts-expect-error `result` was authenticateClient's old name for its answer
        if (s.function === 'authenticateClient') seen.push(s.result, s.answer);
      },
    };
    const authentication: AuthenticationState<JsonBody> = {
      function: 'authenticateClient',
      body: {},
      answer: { transactionId: '01' },
    };
    await hooks.finished?.('authenticateClient', authentication);
    expect(seen).toEqual([undefined, { transactionId: '01' }]);
  });
});
