/**
 * Failures grouped by root cause, for the top of every report: cases that failed (or could not be carried
 * out) in the same function with the same observed answer — one HTTP 500, one refused certificate, one
 * transport error — are one thing for the DUT's developer to fix, however many cases show it.
 */
import type { CaseResult } from './campaign.ts';

export interface RootCause {
  /** The function the case's last exchange called (`initiateAuthentication`, `downloadOrder`), or "none". */
  readonly function: string;
  /** What was observed: the failed check's observed value, or why the case could not be carried out. */
  readonly observed: string;
  readonly cases: readonly string[];
}

const functionOf = (r: CaseResult): string => {
  const path = r.exchanges.at(-1)?.path;
  return path ? (path.split('/').at(-1) ?? path) : 'none';
};

/** The failed and error cases grouped by function and observation, the largest group first. */
export function rootCauses(results: readonly CaseResult[]): RootCause[] {
  const groups = new Map<string, { function: string; observed: string; cases: string[] }>();
  for (const r of results) {
    if (r.verdict !== 'fail' && r.verdict !== 'error') continue;
    const fn = functionOf(r);
    const observed = (r.verdict === 'fail' ? r.observed : r.reason) ?? '';
    const key = `${fn}\u0000${observed}`;
    const group = groups.get(key) ?? { function: fn, observed, cases: [] };
    group.cases.push(r.id);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.cases.length - a.cases.length);
}

/** "12 cases: authenticateClient → HTTP 500 … (AC-NOM-P256, AC-ERR-…, +9 more)". */
export function rootCauseLine(cause: RootCause, shown = 4): string {
  const ids = cause.cases.slice(0, shown).join(', ');
  const more = cause.cases.length > shown ? `, +${cause.cases.length - shown} more` : '';
  const count = `${cause.cases.length} case${cause.cases.length === 1 ? '' : 's'}`;
  return `${count}: ${cause.function} → ${cause.observed} (${ids}${more})`;
}
