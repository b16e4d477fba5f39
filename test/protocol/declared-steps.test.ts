import { describe, expect, it } from 'vitest';
import { Es9Functions } from '../../src/protocol/es9-functions.ts';
import { Es11Functions } from '../../src/protocol/es11-functions.ts';
import { Es12Functions } from '../../src/protocol/es12-functions.ts';
import type { JsonFunctionDeclaration } from '../../src/protocol/json-functions.ts';
import type { Step } from '../../src/rsp-server/steps.ts';
import { ES9_FUNCTIONS } from '../../src/smdp/es9/es9-list.ts';
import { ES11_FUNCTIONS, ES12_FUNCTIONS } from '../../src/smds/smds-list.ts';

/**
 * Each declared function's step list (what scenarios name and where they act by default) against the steps
 * the server really runs, in order: the names are type-checked one by one, this checks none is missing,
 * added or moved.
 */
type Implementations = readonly { readonly name: string; readonly steps: readonly Step<never>[] }[];

const servers: readonly [string, Readonly<Record<string, JsonFunctionDeclaration>>, Implementations][] = [
  ['ES9+ (SM-DP+)', Es9Functions, ES9_FUNCTIONS],
  ['ES11 (SM-DS)', Es11Functions, ES11_FUNCTIONS],
  ['ES12 (SM-DS)', Es12Functions, ES12_FUNCTIONS],
];

describe.each(servers)('%s', (_, declarations, implementations) => {
  it('implements every declared function and no other', () => {
    expect(implementations.map((f) => f.name).sort()).toEqual(Object.keys(declarations).sort());
  });

  it.each(Object.keys(declarations))('%s runs the declared steps in the declared order', (name) => {
    const implemented = implementations.find((f) => f.name === name)?.steps.map((s) => s.name);
    expect(implemented).toEqual(declarations[name]?.steps);
  });
});
