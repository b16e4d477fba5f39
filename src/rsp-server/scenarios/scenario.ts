/**
 * Test-lab scenarios: what the SM-DP+ does instead of its normal answer at one step of one ES9+ function,
 * for one order (matchingId) or eUICC (EID), so that a device can be driven into each failure on purpose.
 * Scenarios are data (JSON files loaded at start, or added through the admin API).
 */
import { type StatusCodeName, StatusCodes } from '../../errors/status-codes.ts';
import { Es9Functions } from '../../protocol/es9-functions.ts';
import { Es11Functions } from '../../protocol/es11-functions.ts';
import { Es12Functions } from '../../protocol/es12-functions.ts';
import type { JsonFunctionDeclaration } from '../../protocol/json-functions.ts';

/**
 * What a scenario can act on: ES9+ on the SM-DP+, ES11 (the same names) and ES12 (SGP.22 5.9: a lab sees
 * how an SM-DP+ copes) on the SM-DS; each function as declared in src/protocol.
 */
const TABLES: readonly Readonly<Record<string, JsonFunctionDeclaration>>[] = [
  Es9Functions,
  Es11Functions,
  Es12Functions,
];
export type ScenarioFunctionName =
  | keyof typeof Es9Functions
  | keyof typeof Es11Functions
  | keyof typeof Es12Functions;
const SCENARIO_FUNCTIONS = [
  ...new Set(TABLES.flatMap((table) => Object.keys(table))),
] as readonly ScenarioFunctionName[];

/** The declarations a scenario's function name stands for (one per server that runs a function of that name). */
const declarationsOf = (name: ScenarioFunctionName): readonly JsonFunctionDeclaration[] =>
  TABLES.flatMap((table) => (Object.hasOwn(table, name) ? [table[name] as JsonFunctionDeclaration] : []));

/** The step a function's answer is built in: where a scenario that names no step acts. */
export function answerStepOf(name: ScenarioFunctionName): string | undefined {
  return declarationsOf(name)[0]?.answerStep;
}

/** What a scenario can corrupt in an answer. */
export const CORRUPTIBLE = [
  'serverSignature1',
  'smdpSignature2',
  'smdpSign',
  /** A segment of one of the BPP's groups [0]..[3] (`group`, default 3), the `index`-th one. */
  'segment',
  /** The same as `segment` in group [3] (the '86' segments of the profile elements). */
  'segment86',
  'segmentOversized',
] as const;

/**
 * Certificates a scenario can present instead of the right one: the other curve's; CERT.DPpb where
 * CERT.DPauth belongs (and the reverse); the right one re-issued with its validity ended; one of the same
 * role from another CI hierarchy.
 */
export const WRONG_CERTIFICATES = ['otherCurve', 'dpPbAsDpAuth', 'expired', 'wrongCi'] as const;

/** Longest time a `timeout` scenario holds a request without answering (a socket is never held forever). */
const MAX_TIMEOUT_MS = 120_000;

export type ScenarioAction =
  | { readonly type: 'error'; readonly code: StatusCodeName }
  | { readonly type: 'delay'; readonly ms: number }
  | { readonly type: 'http'; readonly status: number; readonly body?: string }
  /** No answer: the connection is closed after `ms` (or when the client gives up first). */
  | { readonly type: 'timeout'; readonly ms: number }
  /** HTTP 200 with a body that is not JSON, or a success answer with `field` (default: all fields) missing. */
  | { readonly type: 'malformed'; readonly body: 'notJson' | 'missingField'; readonly field?: string }
  | {
      readonly type: 'corrupt';
      readonly field: (typeof CORRUPTIBLE)[number];
      readonly index?: number;
      readonly group?: 0 | 1 | 2 | 3;
    }
  /** Present another certificate as serverCertificate (initiateAuthentication) or smdpCertificate. */
  | { readonly type: 'certificate'; readonly certificate: (typeof WRONG_CERTIFICATES)[number] }
  /** Bind the profile with another ICCID in its StoreMetadata than in its ProfileHeader. */
  | { readonly type: 'wrongIccid' }
  /**
   * The session needs a confirmation code (ccRequiredFlag in smdpSigned2) even if the order has none, and
   * getBoundProfilePackage checks the hashed code against `code` (only with function authenticateClient).
   */
  | { readonly type: 'requireConfirmationCode'; readonly code: string };

export interface Scenario {
  readonly name: string;
  readonly description?: string;
  /** Which sessions it applies to; empty: all. */
  readonly match: { readonly matchingId?: string; readonly eid?: string };
  readonly function: ScenarioFunctionName;
  /** The step it acts at (default: the function's answer). */
  readonly step?: string;
  readonly action: ScenarioAction;
  /** Act on the first N matching calls only (then the normal answer): "fail N times, then succeed". */
  readonly times?: number;
  /** false: listed but not applied until enabled (admin API / `scenario enable`); true by default. */
  readonly enabled?: boolean;
}

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

/**
 * Steps at which neither the order nor the eUICC is known yet (each declaration's unscopedSteps): a
 * scenario there cannot be limited to a matchingId or an EID.
 */
const isUnscoped = (name: ScenarioFunctionName, step: string | undefined): boolean =>
  declarationsOf(name).some(
    (d) => d.unscopedSteps === 'all' || (step !== undefined && d.unscopedSteps.includes(step)),
  );

const isPositiveInteger = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) > 0;

/** Checks a scenario read from a file or the admin API; a clear message for each mistake. */
export function validateScenario(input: unknown): Scenario {
  const s = input as Partial<Scenario> & { action?: Record<string, unknown> };
  const fail = (message: string): never => {
    throw new ScenarioError(`scenario ${s?.name ?? '(no name)'}: ${message}`);
  };
  if (typeof s !== 'object' || s === null) fail('not an object');
  if (typeof s.name !== 'string' || !/^[\w.-]+$/.test(s.name)) fail('name must be a short word');
  if (!SCENARIO_FUNCTIONS.includes(s.function as ScenarioFunctionName))
    fail(`function must be one of ${SCENARIO_FUNCTIONS.join(', ')}`);
  if (s.step !== undefined && typeof s.step !== 'string') fail('step must be a step name');
  const fn = s.function as ScenarioFunctionName;
  const steps = [...new Set(declarationsOf(fn).flatMap((d) => d.steps))];
  if (s.step !== undefined && !steps.includes(s.step))
    fail(`${fn} has no step ${s.step}: one of ${steps.join(', ')}`);
  if (s.times !== undefined && !isPositiveInteger(s.times)) fail('times must be a positive whole number');
  if (s.enabled !== undefined && typeof s.enabled !== 'boolean') fail('enabled must be true or false');
  if (s.description !== undefined && typeof s.description !== 'string') fail('description must be text');
  const match = s.match ?? {};
  if (typeof match !== 'object' || match === null) fail('match must be an object');
  if ((match.matchingId !== undefined || match.eid !== undefined) && isUnscoped(fn, s.step)) {
    fail(`${s.function}${s.step ? `.${s.step}` : ''} does not know the matchingId or EID yet: no match`);
  }
  const action = s.action ?? fail('action missing');
  switch (action.type) {
    case 'error':
      if (!(typeof action.code === 'string' && action.code in StatusCodes))
        fail(`unknown status code ${String(action.code)}`);
      break;
    case 'delay':
      if (!(Number.isInteger(action.ms) && (action.ms as number) >= 0)) fail('delay needs ms');
      break;
    case 'timeout':
      if (!(isPositiveInteger(action.ms) && action.ms <= MAX_TIMEOUT_MS))
        fail(`timeout needs ms, 1 to ${MAX_TIMEOUT_MS}`);
      break;
    case 'http':
      if (
        !(
          Number.isInteger(action.status) &&
          (action.status as number) >= 100 &&
          (action.status as number) < 600
        )
      ) {
        fail('http needs a status');
      }
      break;
    case 'malformed':
      if (action.body !== 'notJson' && action.body !== 'missingField')
        fail('malformed needs body notJson or missingField');
      if (action.field !== undefined && typeof action.field !== 'string') fail('field must be a field name');
      break;
    case 'corrupt':
      if (!CORRUPTIBLE.includes(action.field as (typeof CORRUPTIBLE)[number]))
        fail(`corrupt needs one of ${CORRUPTIBLE.join(', ')}`);
      if (action.index !== undefined && !(Number.isInteger(action.index) && (action.index as number) >= 0))
        fail('index must be a whole number');
      if (action.group !== undefined && ![0, 1, 2, 3].includes(action.group as number))
        fail('group must be 0, 1, 2 or 3');
      break;
    case 'certificate':
      if (!WRONG_CERTIFICATES.includes(action.certificate as (typeof WRONG_CERTIFICATES)[number])) {
        fail(`certificate needs one of ${WRONG_CERTIFICATES.join(', ')}`);
      }
      break;
    case 'wrongIccid':
      break;
    case 'requireConfirmationCode':
      if (typeof action.code !== 'string' || action.code.length === 0)
        fail('requireConfirmationCode needs a code');
      if (s.function !== 'authenticateClient') fail('requireConfirmationCode acts from authenticateClient');
      break;
    default:
      fail(
        'action.type must be error, delay, timeout, http, malformed, corrupt, certificate, wrongIccid or requireConfirmationCode',
      );
  }
  return { ...s, match } as Scenario;
}
