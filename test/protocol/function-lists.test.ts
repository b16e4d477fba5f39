import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Es9FunctionName } from '../../src/protocol/es9-functions.ts';
import type { Es11FunctionName } from '../../src/protocol/es11-functions.ts';
import type { Es12FunctionName } from '../../src/protocol/es12-functions.ts';
import { functionList } from '../../src/rsp-server/server-function.ts';
import { ES9_FUNCTIONS, type Es9FunctionState } from '../../src/smdp/es9/es9-list.ts';
import { ES11_FUNCTIONS, ES12_FUNCTIONS, type SmdsFunctionState } from '../../src/smds/smds-list.ts';

/**
 * Adding a function to a server is: declare it (src/protocol), write its module exporting `<name>Function`,
 * add it to the list. The list is checked against the declarations (tsc runs the @ts-expect-error lines:
 * each must be an error), and the state union the hooks see and the route table come from it.
 */
describe('the function lists', () => {
  it('name every declared function and only those (a type error otherwise), each once', () => {
    const list = functionList<'a' | 'b'>();
    const a = { name: 'a' } as const;
    const b = { name: 'b' } as const;
    expect(list([a, b])).toEqual([a, b]);
    // @ts-expect-error b is declared and not listed
    list([a]);
    // @ts-expect-error c is not declared
    list([a, b, { name: 'c' }]);
    expect(() => list([a, b, a])).toThrow('function a is listed twice');
  });

  it('of the SM-DP+ and SM-DS are complete: leaving one out is a type error', () => {
    const [, ...withoutInitiate] = ES9_FUNCTIONS;
    // @ts-expect-error initiateAuthentication is declared in src/protocol and not listed
    functionList<Es9FunctionName>()(withoutInitiate);
    const [, ...es11WithoutInitiate] = ES11_FUNCTIONS;
    // @ts-expect-error the same for ES11
    functionList<Es11FunctionName>()(es11WithoutInitiate);
    expect(ES9_FUNCTIONS.map((f) => f.name)).toHaveLength(5);
  });

  it('give the hooks a state union with one member per declared function, told apart by `function`', () => {
    expectTypeOf<Es9FunctionState['function']>().toEqualTypeOf<Es9FunctionName>();
    expectTypeOf<SmdsFunctionState['function']>().toEqualTypeOf<Es11FunctionName | Es12FunctionName>();
    expectTypeOf<Extract<Es9FunctionState, { function: 'getBoundProfilePackage' }>['bpp']>().toEqualTypeOf<
      Buffer | undefined
    >();
    expectTypeOf<Extract<SmdsFunctionState, { function: 'registerEvent' }>['key']>().toEqualTypeOf<
      { readonly eid: string; readonly eventId: string } | undefined
    >();
    expect(ES12_FUNCTIONS.map((f) => f.name)).toEqual(['registerEvent', 'deleteEvent']);
  });
});
