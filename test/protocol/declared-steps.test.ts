import { describe, expect, it } from 'vitest';
import { Es9Functions } from '../../src/protocol/es9-functions.ts';
import { Es11Functions } from '../../src/protocol/es11-functions.ts';
import { Es12Functions } from '../../src/protocol/es12-functions.ts';
import type { JsonFunctionDeclaration } from '../../src/protocol/json-functions.ts';
import type { Step } from '../../src/rsp-server/steps.ts';
import * as es9AuthenticateClient from '../../src/smdp/es9/authenticate-client.ts';
import * as es9CancelSession from '../../src/smdp/es9/cancel-session.ts';
import * as es9GetBoundProfilePackage from '../../src/smdp/es9/get-bound-profile-package.ts';
import * as es9HandleNotification from '../../src/smdp/es9/handle-notification.ts';
import * as es9InitiateAuthentication from '../../src/smdp/es9/initiate-authentication.ts';
import * as es11AuthenticateClient from '../../src/smds/es11/authenticate-client.ts';
import * as es11InitiateAuthentication from '../../src/smds/es11/initiate-authentication.ts';
import * as es12DeleteEvent from '../../src/smds/es12/delete-event.ts';
import * as es12RegisterEvent from '../../src/smds/es12/register-event.ts';

/**
 * Each declared function's step list (what scenarios name and where they act by default) against the steps
 * the server really runs, in order: the names are type-checked one by one, this checks none is missing,
 * added or moved.
 */
type Implementations = Readonly<Record<string, { readonly steps: readonly Step<never>[] }>>;

const servers: readonly [string, Readonly<Record<string, JsonFunctionDeclaration>>, Implementations][] = [
  [
    'ES9+ (SM-DP+)',
    Es9Functions,
    {
      initiateAuthentication: es9InitiateAuthentication,
      authenticateClient: es9AuthenticateClient,
      getBoundProfilePackage: es9GetBoundProfilePackage,
      handleNotification: es9HandleNotification,
      cancelSession: es9CancelSession,
    },
  ],
  [
    'ES11 (SM-DS)',
    Es11Functions,
    { initiateAuthentication: es11InitiateAuthentication, authenticateClient: es11AuthenticateClient },
  ],
  ['ES12 (SM-DS)', Es12Functions, { registerEvent: es12RegisterEvent, deleteEvent: es12DeleteEvent }],
];

describe.each(servers)('%s', (_, declarations, implementations) => {
  it('implements every declared function and no other', () => {
    expect(Object.keys(implementations).sort()).toEqual(Object.keys(declarations).sort());
  });

  it.each(Object.keys(declarations))('%s runs the declared steps in the declared order', (name) => {
    const implemented = implementations[name]?.steps.map((s) => s.name);
    expect(implemented).toEqual(declarations[name]?.steps);
  });
});
