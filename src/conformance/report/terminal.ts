/** The campaign on a terminal: one line per case, a progress bar on a TTY, a summary table per area. */
import { type CaseResult, type Summary, summarise } from '../campaign.ts';
import { rootCauseLine, rootCauses } from '../root-causes.ts';
import { VERDICT_KINDS } from '../verdict.ts';
import { failureLine, remarkLine } from './verdict-text.ts';

const LABEL = {
  pass: 'PASS',
  'pass-with-remark': 'PASS+REMARK',
  fail: 'FAIL',
  inconclusive: 'INCONCLUSIVE',
  error: 'ERROR',
} as const;

const INDENT = ' '.repeat(13);

export function caseLine(r: CaseResult): string {
  const head = `${LABEL[r.verdict].padEnd(12)} ${r.id}  ${r.title} (${r.ms} ms)`;
  const lines = [head];
  if (r.verdict === 'fail') lines.push(`${INDENT}${failureLine(r)}`);
  else if (r.reason) lines.push(`${INDENT}${r.reason}`);
  for (const remark of r.remarks) lines.push(`${INDENT}remark: ${remarkLine(remark)}`);
  return lines.join('\n');
}

/** `[#####.....] 12/151 AC-NOM-P256`, drawn over itself. */
export function progressBar(done: number, total: number, id: string, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${id}`.padEnd(width + 40);
}

/** Column heads of the summary: each verdict counted apart. */
const HEADS = ['cases', 'pass', 'remark', 'fail', 'inconclusive', 'error'] as const;

const row = (name: string, s: Summary, width: number) =>
  [
    name.padEnd(width),
    ...[s.total, ...VERDICT_KINDS.map((v) => s[v])].map((n, i) => String(n).padStart(HEADS[i]?.length ?? 5)),
  ].join(' ');

export function summaryTable(results: readonly CaseResult[]): string {
  const areas = [...new Set(results.map((r) => r.area))];
  // As wide as the longest area ("LPA / SM-DP+ getBoundProfilePackage"), so the counts stay in their columns.
  const width = Math.max(30, ...areas.map((area) => area.length));
  const causes = rootCauses(results);
  return [
    ...(causes.length > 0
      ? [
          'failures by root cause (same function, same observation):',
          ...causes.map((c) => `  ${rootCauseLine(c)}`),
          '',
        ]
      : []),
    ['area'.padEnd(width), ...HEADS].join(' '),
    ...areas.map((area) => row(area, summarise(results.filter((r) => r.area === area)), width)),
    row('total', summarise(results), width),
  ].join('\n');
}
