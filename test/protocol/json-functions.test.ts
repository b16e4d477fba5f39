import { describe, expect, it } from 'vitest';
import type { Es9Transport } from '../../src/lpa/es9-client.ts';
import { Es9Functions } from '../../src/protocol/es9-functions.ts';
import { Es11Functions } from '../../src/protocol/es11-functions.ts';
import { Es12Functions } from '../../src/protocol/es12-functions.ts';
import type { JsonFunctionDeclaration } from '../../src/protocol/json-functions.ts';
import { answerStepOf, validateScenario } from '../../src/rsp-server/scenarios/scenario.ts';

const tables: Record<string, Readonly<Record<string, JsonFunctionDeclaration>>> = {
  'ES9+': Es9Functions,
  ES11: Es11Functions,
  ES12: Es12Functions,
};

describe('the JSON-binding function declarations', () => {
  it.each(Object.entries(tables))(
    '%s: each answer step and unscoped step is one of its steps',
    (_, table) => {
      for (const [name, d] of Object.entries(table)) {
        expect(d.steps, name).toContain(d.answerStep);
        if (d.unscopedSteps !== 'all') for (const s of d.unscopedSteps) expect(d.steps, name).toContain(s);
        expect(new Set(d.steps).size, name).toBe(d.steps.length);
      }
    },
  );

  it('gives ES11 the answer step of the ES9+ function of the same name (scenarios name either)', () => {
    for (const [name, d] of Object.entries(Es11Functions)) {
      expect(answerStepOf(name as keyof typeof Es11Functions), name).toBe(d.answerStep);
    }
  });

  it('refuses a scenario naming a step its function does not have, and says which there are', () => {
    const scenario = {
      name: 'typo',
      match: {},
      function: 'getBoundProfilePackage',
      step: 'bindProfilePackag',
      action: { type: 'error', code: 'executionError' },
    };
    expect(() => validateScenario(scenario)).toThrow(
      /getBoundProfilePackage has no step bindProfilePackag: one of readRequest, .*bindProfilePackage/,
    );
    expect(validateScenario({ ...scenario, step: 'bindProfilePackage' }).step).toBe('bindProfilePackage');
    // ES11's own steps are steps of the SM-DS's authenticateClient.
    expect(validateScenario({ ...scenario, function: 'authenticateClient', step: 'findEvents' }).step).toBe(
      'findEvents',
    );
  });

  it('types each LPA call by its declaration (the @ts-expect-error lines fail npx tsc if they compile)', async () => {
    const sent: string[] = [];
    const es9: Es9Transport = {
      call: async (name) => {
        sent.push(name);
        return undefined;
      },
      close: () => undefined,
    };
    const body = { transactionId: '00', cancelSessionResponse: 'AA==' };
    await es9.call('cancelSession', body);
    // @ts-expect-error a field cancelSession does not declare
    await es9.call('cancelSession', { ...body, cancelSessionRespons: 'AA==' });
    // @ts-expect-error a function ES9+ does not declare
    await es9.call('cancelSesion', body);
    expect(sent).toEqual(['cancelSession', 'cancelSession', 'cancelSesion']);
  });
});
