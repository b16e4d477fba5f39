/** The campaign on a terminal: one line per case, a progress bar on a TTY, a summary table per area. */
import { type CaseResult, type Summary, summarise } from '../campaign.ts';

const LABEL = { pass: 'PASS', fail: 'FAIL', inconclusive: 'INCONCLUSIVE', error: 'ERROR' } as const;

export function caseLine(r: CaseResult): string {
  const head = `${LABEL[r.verdict].padEnd(12)} ${r.id}  ${r.title} (${r.ms} ms)`;
  if (r.verdict === 'fail')
    return `${head}\n             ${r.check}: expected ${r.expected}, observed ${r.observed}`;
  if (r.reason) return `${head}\n             ${r.reason}`;
  return head;
}

/** `[#####.....] 12/151 AC-NOM-P256`, drawn over itself. */
export function progressBar(done: number, total: number, id: string, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${id}`.padEnd(width + 40);
}

const row = (name: string, s: Summary) =>
  `${name.padEnd(30)} ${String(s.total).padStart(5)} ${String(s.pass).padStart(5)} ${String(s.fail).padStart(5)} ${String(s.inconclusive).padStart(13)} ${String(s.error).padStart(6)}`;

export function summaryTable(results: readonly CaseResult[]): string {
  const areas = [...new Set(results.map((r) => r.area))];
  return [
    `${'area'.padEnd(30)} ${'cases'.padStart(5)} ${'pass'.padStart(5)} ${'fail'.padStart(5)} ${'inconclusive'.padStart(13)} ${'error'.padStart(6)}`,
    ...areas.map((area) => row(area, summarise(results.filter((r) => r.area === area)))),
    row('total', summarise(results)),
  ].join('\n');
}
