/**
 * Runs a campaign: each selected case in turn, with its own ES9+ connection and eUICCs, to a verdict. A
 * failing, inconclusive or crashing case never stops the campaign; a case that hangs is given up after a
 * time limit (error verdict).
 */
import type { CaseContext, ConformanceCase } from './conformance-case.ts';
import { type Exchange, JsonPoster } from './exchange.ts';
import type { SmdpTarget } from './target.ts';
import { TestDevice } from './test-device.ts';
import {
  CheckFailed,
  Inconclusive,
  type Reading,
  type Remark,
  VERDICT_KINDS,
  type VerdictKind,
} from './verdict.ts';

export interface CaseResult {
  readonly id: string;
  readonly area: string;
  readonly title: string;
  readonly reference: string;
  /** The readings of SGP.22 the case enforces (clause, normative word, what it says, the evidence). */
  readonly readings: readonly Reading[];
  readonly verdict: VerdictKind;
  /** Fail: what was checked, what SGP.22 expects, what was observed, and the reading violated. */
  readonly check?: string;
  readonly expected?: string;
  readonly observed?: string;
  readonly reading?: Reading;
  /** Inconclusive or error: why; inconclusive for want of a set-up step: that step. */
  readonly reason?: string;
  readonly step?: string;
  /** SHOULD / MAY the DUT did not follow, or choices SGP.22 leaves open (pass-with-remark). */
  readonly remarks: readonly Remark[];
  readonly notes: readonly string[];
  readonly exchanges: readonly Exchange[];
  readonly ms: number;
}

/** Longest a case may take before it is given up (a DUT that never answers is bounded per request too). */
const CASE_TIME_LIMIT_MS = 180_000;

/** `--cases` globs (comma-separated, `*` and `?`) as one test on case ids. */
export function caseSelector(globs: string | undefined): (c: { id: string }) => boolean {
  if (!globs) return () => true;
  const patterns = globs
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean)
    .map(
      (g) =>
        new RegExp(
          `^${g
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.')}$`,
          'i',
        ),
    );
  return (c) => patterns.some((p) => p.test(c.id));
}

export interface CampaignOptions {
  readonly onStart?: (c: { id: string }, index: number, total: number) => void;
  readonly onResult?: (result: CaseResult, index: number, total: number) => void;
}

/** What every kind of case has: the SM-DP+ cases (ConformanceCase) and the LPA cases alike. */
export interface RunnableCase<C> {
  readonly id: string;
  readonly area: string;
  readonly title: string;
  readonly reference: string;
  /** The readings of SGP.22 the case enforces; every check's reading is among them. */
  readonly readings?: readonly Reading[];
  run(context: C): Promise<void>;
}

/** What a case runs with, made fresh for each case. */
export interface CaseEnvironment<C> {
  readonly context: C;
  readonly notes: string[];
  /** Filled by the context's remark(): SHOULD / MAY checks that did not hold. */
  readonly remarks: Remark[];
  /** The exchanges to report, once the case is over. */
  exchanges(): Exchange[];
  close(): void | Promise<void>;
}

export async function runCases<C>(
  cases: readonly RunnableCase<C>[],
  environment: (c: RunnableCase<C>) => CaseEnvironment<C> | Promise<CaseEnvironment<C>>,
  options: CampaignOptions = {},
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const [index, c] of cases.entries()) {
    options.onStart?.(c, index, cases.length);
    const result = await runOne(c, await environment(c));
    results.push(result);
    options.onResult?.(result, index, cases.length);
  }
  return results;
}

/** The SM-DP+ campaign: each case with its own recorded ES9+ connection and eUICCs. */
export function runCampaign(
  target: SmdpTarget,
  cases: readonly ConformanceCase[],
  options: CampaignOptions = {},
): Promise<CaseResult[]> {
  return runCases(cases, (c) => smdpEnvironment(target, c as ConformanceCase), options);
}

function smdpEnvironment(target: SmdpTarget, c: ConformanceCase): CaseEnvironment<CaseContext> {
  const es9 = new JsonPoster(`https://${target.address}`, target.tls);
  const notes: string[] = [];
  const remarks: Remark[] = [];
  return {
    notes,
    remarks,
    context: {
      target,
      es9,
      device: (deviceOptions = {}) =>
        TestDevice.create(target, es9, { ...(c.curve ? { curve: c.curve } : {}), ...deviceOptions }),
      order: (request) => target.orders.take(request),
      note: (text) => notes.push(text),
      remark: (remark) => remarks.push(remark),
    },
    // ES2+ exchanges of the case are kept with the ES9+ ones (the order source records them on its poster).
    exchanges: () => [...es9.exchanges, ...(target.es2?.poster.exchanges.splice(0) ?? [])],
    close: () => es9.close(),
  };
}

async function runOne<C>(c: RunnableCase<C>, environment: CaseEnvironment<C>): Promise<CaseResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const base = {
    id: c.id,
    area: c.area,
    title: c.title,
    reference: c.reference,
    readings: c.readings ?? [],
    notes: environment.notes,
    remarks: environment.remarks,
  };
  let outcome: Omit<CaseResult, keyof typeof base | 'exchanges' | 'ms'>;
  try {
    await Promise.race([
      c.run(environment.context),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no verdict within ${CASE_TIME_LIMIT_MS / 1000} s`)),
          CASE_TIME_LIMIT_MS,
        );
      }),
    ]);
    outcome = { verdict: environment.remarks.length > 0 ? 'pass-with-remark' : 'pass' };
  } catch (error) {
    if (error instanceof CheckFailed && error.reading && error.reading.word !== 'SHALL') {
      // A SHOULD or MAY check that stopped the case: a remark, not a failure.
      const { what, expected, observed, reading } = error;
      environment.remarks.push({ what, expected, observed, reading });
      outcome = { verdict: 'pass-with-remark' };
    } else if (error instanceof CheckFailed)
      outcome = {
        verdict: 'fail',
        check: error.what,
        expected: error.expected,
        observed: error.observed,
        ...(error.reading ? { reading: error.reading } : {}),
      };
    else if (error instanceof Inconclusive)
      outcome = {
        verdict: 'inconclusive',
        reason: error.message,
        ...(error.step ? { step: error.step } : {}),
      };
    else
      outcome = {
        verdict: 'error',
        reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      };
  } finally {
    clearTimeout(timer);
    await environment.close();
  }
  return {
    ...base,
    ...outcome,
    exchanges: environment.exchanges(),
    ms: Math.round(performance.now() - started),
  };
}

/** Cases per verdict, each verdict counted apart (a pass with a remark is not a plain pass). */
export type Summary = { readonly total: number } & { readonly [V in VerdictKind]: number };

export function summarise(results: readonly CaseResult[]): Summary {
  const counts = Object.fromEntries(
    VERDICT_KINDS.map((v) => [v, results.filter((r) => r.verdict === v).length]),
  ) as { [V in VerdictKind]: number };
  return { total: results.length, ...counts };
}

/** The campaign passed: at least one case, and each passed (with or without a remark). */
export const allPassed = (s: Summary): boolean => s.total > 0 && s.pass + s['pass-with-remark'] === s.total;
