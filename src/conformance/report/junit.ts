/**
 * JUnit XML as CI systems read it (Jenkins, GitLab, GitHub actions): one <testsuite> per SGP.23 area, a
 * <testcase> per case; fail → <failure> with the expected and observed values and the reading violated,
 * error → <error>, inconclusive → <skipped> naming the step; a pass with a remark passes, its remarks in
 * <system-out> and as properties. Every reading of the case is a property; a failing case's root-cause group
 * (the failures with the same function and observation) is its `rootCause` property.
 */
import { type CaseResult, summarise } from '../campaign.ts';
import { rootCauseLine, rootCauses } from '../root-causes.ts';
import { failureLine, readingLine, remarkLine } from './verdict-text.ts';
import { xmlEscape as x } from './xml.ts';

const seconds = (ms: number) => (ms / 1000).toFixed(3);

const property = (name: string, value: string) => `<property name="${x(name)}" value="${x(value)}"/>`;

function testcase(r: CaseResult, cause: ReadonlyMap<string, string>): string {
  const open = `    <testcase classname="${x(r.area)}" name="${x(`${r.id} ${r.title}`)}" time="${seconds(r.ms)}">`;
  const properties = [
    property('reference', r.reference),
    property('verdict', r.verdict),
    ...r.readings.map((reading, i) => property(`reading.${i + 1}`, readingLine(reading))),
    ...r.remarks.map((remark, i) => property(`remark.${i + 1}`, remarkLine(remark))),
    ...(cause.has(r.id) ? [property('rootCause', cause.get(r.id) ?? '')] : []),
  ].join('');
  let body = '';
  if (r.verdict === 'fail') {
    body = `\n      <failure type="CheckFailed" message="${x(failureLine(r))}">${x(
      `check: ${r.check}\nexpected: ${r.expected}\nobserved: ${r.observed}${r.reading ? `\nreading: ${readingLine(r.reading)}` : ''}`,
    )}</failure>`;
  } else if (r.verdict === 'error') body = `\n      <error type="Error" message="${x(r.reason ?? '')}"/>`;
  else if (r.verdict === 'inconclusive')
    body = `\n      <skipped message="${x(`inconclusive: ${r.reason ?? ''}`)}"/>`;
  const out = [...r.remarks.map((remark) => `remark: ${remarkLine(remark)}`), ...r.notes];
  const systemOut = out.length > 0 ? `\n      <system-out>${x(out.join('\n'))}</system-out>` : '';
  return `${open}\n      <properties>${properties}</properties>${body}${systemOut}\n    </testcase>`;
}

export function junitReport(results: readonly CaseResult[], name = 'rspsim conformance'): string {
  const areas = [...new Set(results.map((r) => r.area))];
  const total = summarise(results);
  const time = seconds(results.reduce((sum, r) => sum + r.ms, 0));
  // A failing case names its root-cause group (root-causes.ts) and how many cases share it.
  const cause = new Map(
    rootCauses(results).flatMap((c) => c.cases.map((id) => [id, rootCauseLine(c)] as const)),
  );
  const suites = areas.map((area) => {
    const cases = results.filter((r) => r.area === area);
    const s = summarise(cases);
    return `  <testsuite name="${x(area)}" tests="${s.total}" failures="${s.fail}" errors="${s.error}" skipped="${s.inconclusive}" time="${seconds(cases.reduce((sum, r) => sum + r.ms, 0))}">\n${cases.map((r) => testcase(r, cause)).join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${x(name)}" tests="${total.total}" failures="${total.fail}" errors="${total.error}" skipped="${total.inconclusive}" time="${time}">\n${suites.join('\n')}\n</testsuites>\n`;
}
