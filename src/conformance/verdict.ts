/**
 * What a conformance case concludes, and the reading of SGP.22 each of its checks enforces.
 *
 * Verdicts (ISO 9646 / SGP.23 style, with the grading SGP.22's normative words call for):
 * - pass: every check held;
 * - pass-with-remark: every SHALL held, but a SHOULD or MAY went the other way (or the DUT did something SGP.22
 *   leaves open that a lab wants to know about): shown and counted apart, never a failure;
 * - fail: a SHALL was violated by the function under test;
 * - inconclusive: a precondition could not be established (no ES2+, no order of the kind, a set-up step the
 *   target got wrong before the function under test was reached): the report names the step;
 * - error: the runner itself could not carry the case out.
 *
 * SGP.22 1.4 (conventions): SHALL is mandatory, SHOULD is recommended, MAY is optional.
 */
export type VerdictKind = 'pass' | 'pass-with-remark' | 'fail' | 'inconclusive' | 'error';

export const VERDICT_KINDS: readonly VerdictKind[] = [
  'pass',
  'pass-with-remark',
  'fail',
  'inconclusive',
  'error',
];

export type NormativeWord = 'SHALL' | 'SHOULD' | 'MAY';

/** The text a check enforces: where SGP.22 says it, how strongly, and what it was checked against. */
export interface Reading {
  /** The specification and section, e.g. "SGP.22 5.6.1" or "SGP.22 5.6.4, 6.5.2.4". */
  readonly clause: string;
  readonly word: NormativeWord;
  /** What the text asks of the DUT, in one line. */
  readonly says: string;
  /** The other readings it was cross-checked with (code tables, peers) and, where they disagree, the choice. */
  readonly evidence?: string;
}

const reading =
  (word: NormativeWord) =>
  (clause: string, says: string, evidence?: string): Reading => ({
    clause,
    word,
    says,
    ...(evidence ? { evidence } : {}),
  });

export const shall = reading('SHALL');
export const should = reading('SHOULD');
export const may = reading('MAY');

/** How a reading is shown beside a check: "SGP.22 5.6.1 SHALL". */
export const citation = (r: Reading): string => `${r.clause} ${r.word}`;

/** A check that did not hold: what was checked, what SGP.22 expects, what the DUT did, and the reading. */
export class CheckFailed extends Error {
  override readonly name = 'CheckFailed';
  constructor(
    readonly what: string,
    readonly expected: string,
    readonly observed: string,
    readonly reading?: Reading,
  ) {
    super(`${what}: expected ${expected}, observed ${observed}`);
  }
}

/** The case cannot be carried out against this target; `step` names the set-up step that could not be made. */
export class Inconclusive extends Error {
  override readonly name = 'Inconclusive';
  constructor(
    message: string,
    readonly step?: string,
  ) {
    super(message);
  }
}

/** A SHOULD or MAY the DUT did not follow (or a choice SGP.22 leaves open): reported, not failed. */
export interface Remark {
  readonly what: string;
  readonly expected: string;
  readonly observed: string;
  readonly reading: Reading;
}

/** Where a case's remarks go: its context (the runner gives each case its own). */
export interface RemarkSink {
  remark(remark: Remark): void;
}

const shown = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** Checks one observed value against the expected one (a SHALL: a difference fails the case). */
export function check(what: string, expected: unknown, observed: unknown, reading?: Reading): void {
  if (shown(expected) !== shown(observed))
    throw new CheckFailed(what, shown(expected), shown(observed), reading);
}

/** Checks a condition; `observed` says what was seen when it does not hold (a SHALL). */
export function checkThat(
  what: string,
  holds: boolean,
  expected: string,
  observed: string,
  reading?: Reading,
): void {
  if (!holds) throw new CheckFailed(what, expected, observed, reading);
}

/**
 * One check graded by its reading's word: a SHALL that does not hold fails the case; a SHOULD or MAY that
 * does not hold is a remark, and the case goes on.
 */
export function judge(
  sink: RemarkSink,
  reading: Reading,
  what: string,
  holds: boolean,
  expected: string,
  observed: string,
): void {
  if (holds) return;
  if (reading.word === 'SHALL') throw new CheckFailed(what, expected, observed, reading);
  sink.remark({ what, expected, observed, reading });
}

/**
 * A set-up step of a case (its preamble): a check failing in it makes the case inconclusive naming the step,
 * never a fail of the function under test — that step has cases of its own where it is judged.
 */
export async function precondition<T>(step: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CheckFailed)
      throw new Inconclusive(`precondition not established: ${step} (${error.message})`, step);
    if (error instanceof Inconclusive && error.step === undefined)
      throw new Inconclusive(`precondition not established: ${step} (${error.message})`, step);
    throw error;
  }
}
