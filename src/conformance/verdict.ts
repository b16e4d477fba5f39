/**
 * What a conformance case concludes (the verdicts of SGP.23 / ISO 9646 style test campaigns): pass, fail
 * with the expected and the observed value, inconclusive when the set-up was impossible (no ES2+, no
 * prepared order of the right kind), error when the runner itself could not carry the case out.
 */
export type VerdictKind = 'pass' | 'fail' | 'inconclusive' | 'error';

/** A check that did not hold: what was checked, what SGP.22 expects, what the DUT did. */
export class CheckFailed extends Error {
  override readonly name = 'CheckFailed';
  constructor(
    readonly what: string,
    readonly expected: string,
    readonly observed: string,
  ) {
    super(`${what}: expected ${expected}, observed ${observed}`);
  }
}

/** The case cannot be carried out against this target (a set-up it does not offer). */
export class Inconclusive extends Error {
  override readonly name = 'Inconclusive';
}

const shown = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** Checks one observed value against the expected one. */
export function check(what: string, expected: unknown, observed: unknown): void {
  if (shown(expected) !== shown(observed)) throw new CheckFailed(what, shown(expected), shown(observed));
}

/** Checks a condition; `observed` says what was seen when it does not hold. */
export function checkThat(what: string, holds: boolean, expected: string, observed: string): void {
  if (!holds) throw new CheckFailed(what, expected, observed);
}
