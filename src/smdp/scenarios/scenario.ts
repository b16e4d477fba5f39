/**
 * Test-lab scenarios: what the SM-DP+ does instead of its normal answer at one step of one ES9+ function,
 * for one order (matchingId) or eUICC (EID), so that a device can be driven into each failure on purpose.
 * Scenarios are data (a JSON file loaded at start, or added through the admin API).
 */
import { type StatusCodeName, StatusCodes } from '../../errors/status-codes.ts';

export const ES9_FUNCTIONS = [
  'initiateAuthentication',
  'authenticateClient',
  'getBoundProfilePackage',
  'handleNotification',
  'cancelSession',
] as const;
export type Es9FunctionName = (typeof ES9_FUNCTIONS)[number];

/** What a scenario can corrupt in an answer. */
export const CORRUPTIBLE = [
  'serverSignature1',
  'smdpSignature2',
  'smdpSign',
  'segment86',
  'segmentOversized',
] as const;

/** Certificates a scenario can present instead of the right one. */
export const WRONG_CERTIFICATES = ['otherCurve', 'dpPbAsDpAuth'] as const;

export type ScenarioAction =
  | { readonly type: 'error'; readonly code: StatusCodeName }
  | { readonly type: 'delay'; readonly ms: number }
  | { readonly type: 'http'; readonly status: number; readonly body?: string }
  | { readonly type: 'corrupt'; readonly field: (typeof CORRUPTIBLE)[number]; readonly index?: number }
  /** Present another certificate as serverCertificate (initiateAuthentication) or smdpCertificate. */
  | { readonly type: 'certificate'; readonly certificate: (typeof WRONG_CERTIFICATES)[number] }
  /** Bind the profile with another ICCID in its StoreMetadata than in its ProfileHeader. */
  | { readonly type: 'wrongIccid' };

export interface Scenario {
  readonly name: string;
  readonly description?: string;
  /** Which sessions it applies to; empty: all. */
  readonly match: { readonly matchingId?: string; readonly eid?: string };
  readonly function: Es9FunctionName;
  /** The step it acts at (default: the function's answer). */
  readonly step?: string;
  readonly action: ScenarioAction;
  /** Act on the first N matching calls only (then the normal answer): "fail N times, then succeed". */
  readonly times?: number;
}

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

/** Checks a scenario read from a file or the admin API; a clear message for each mistake. */
export function validateScenario(input: unknown): Scenario {
  const s = input as Partial<Scenario> & { action?: Partial<ScenarioAction> & Record<string, unknown> };
  const fail = (message: string): never => {
    throw new ScenarioError(`scenario ${s?.name ?? '(no name)'}: ${message}`);
  };
  if (typeof s !== 'object' || s === null) fail('not an object');
  if (typeof s.name !== 'string' || !/^[\w.-]+$/.test(s.name)) fail('name must be a short word');
  if (!ES9_FUNCTIONS.includes(s.function as Es9FunctionName))
    fail(`function must be one of ${ES9_FUNCTIONS.join(', ')}`);
  if (s.step !== undefined && typeof s.step !== 'string') fail('step must be a step name');
  if (s.times !== undefined && !(Number.isInteger(s.times) && s.times > 0))
    fail('times must be a positive whole number');
  const action = s.action ?? fail('action missing');
  switch (action.type) {
    case 'error':
      if (!(typeof action.code === 'string' && action.code in StatusCodes))
        fail(`unknown status code ${String(action.code)}`);
      break;
    case 'delay':
      if (!(Number.isInteger(action.ms) && (action.ms as number) >= 0)) fail('delay needs ms');
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
    case 'corrupt':
      if (!CORRUPTIBLE.includes(action.field as (typeof CORRUPTIBLE)[number]))
        fail(`corrupt needs one of ${CORRUPTIBLE.join(', ')}`);
      break;
    case 'certificate':
      if (!WRONG_CERTIFICATES.includes(action.certificate as (typeof WRONG_CERTIFICATES)[number])) {
        fail(`certificate needs one of ${WRONG_CERTIFICATES.join(', ')}`);
      }
      break;
    case 'wrongIccid':
      break;
    default:
      fail('action.type must be error, delay, http, corrupt, certificate or wrongIccid');
  }
  return { match: {}, ...s } as Scenario;
}
