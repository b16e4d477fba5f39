/**
 * A conformance test case: a stable id, a title, the SGP.22 / SGP.23 section it implements, and a run
 * function holding its set-up, stimulus and checks. Cases are grouped by the SGP.23 area of the function
 * under test; each area is one file of src/conformance/cases.
 */
import type { Curve } from '../crypto/curve.ts';
import type { JsonPoster } from './exchange.ts';
import type { OrderRequest, TestOrder } from './orders.ts';
import type { SmdpTarget } from './target.ts';
import type { DeviceOptions, TestDevice } from './test-device.ts';
import type { Reading, RemarkSink } from './verdict.ts';

const SMDP_AREAS = [
  'ES9+.InitiateAuthentication',
  'ES9+.AuthenticateClient',
  'ES9+.GetBoundProfilePackage',
  'ES9+.HandleNotification',
  'ES9+.CancelSession',
  'ES2+',
  'Complete flows',
] as const;
export type SmdpArea = (typeof SMDP_AREAS)[number];

/** What a case runs with; remark() records a SHOULD / MAY that did not hold (verdict.ts judge()). */
export interface CaseContext extends RemarkSink {
  readonly target: SmdpTarget;
  /** The case's ES9+ connection (every exchange recorded for the reports). */
  readonly es9: JsonPoster;
  /** A new emulated eUICC of the case. */
  device(options?: DeviceOptions): TestDevice;
  /** A fresh test order (Inconclusive when the target cannot give one). */
  order(request?: OrderRequest): Promise<TestOrder>;
  /** A note shown with the verdict (what was observed on the way). */
  note(text: string): void;
}

export interface ConformanceCase {
  /** Stable, short, upper case: AREA-KIND-DETAIL (used by --cases globs and in JUnit). */
  readonly id: string;
  readonly area: SmdpArea;
  readonly title: string;
  /** The sections implemented, e.g. "SGP.22 5.6.3; SGP.23 ES9+.AuthenticateClient". */
  readonly reference: string;
  /** The readings of SGP.22 the case enforces (clause, SHALL / SHOULD / MAY, what it says, the evidence). */
  readonly readings?: readonly Reading[];
  /** Curve of the case's eUICC (default: the target's first). */
  readonly curve?: Curve;
  run(context: CaseContext): Promise<void>;
}

/** A case's reference line: the SGP.22 section and the SGP.23 area. */
export const ref = (sgp22: string, area: SmdpArea): string => `SGP.22 ${sgp22}; SGP.23 ${area}`;
