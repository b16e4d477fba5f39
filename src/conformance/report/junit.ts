/**
 * JUnit XML as CI systems read it (Jenkins, GitLab, GitHub actions): one <testsuite> per SGP.23 area, a
 * <testcase> per case; fail → <failure> with the expected and observed values, error → <error>,
 * inconclusive → <skipped>.
 */
import { type CaseResult, summarise } from '../campaign.ts';
import { xmlEscape as x } from './xml.ts';

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function testcase(r: CaseResult): string {
  const open = `    <testcase classname="${x(r.area)}" name="${x(`${r.id} ${r.title}`)}" time="${seconds(r.ms)}">`;
  const properties = `\n      <properties><property name="reference" value="${x(r.reference)}"/></properties>`;
  let body = '';
  if (r.verdict === 'fail') {
    body = `\n      <failure type="CheckFailed" message="${x(`${r.check}: expected ${r.expected}, observed ${r.observed}`)}">${x(
      `check: ${r.check}\nexpected: ${r.expected}\nobserved: ${r.observed}`,
    )}</failure>`;
  } else if (r.verdict === 'error') body = `\n      <error type="Error" message="${x(r.reason ?? '')}"/>`;
  else if (r.verdict === 'inconclusive')
    body = `\n      <skipped message="${x(`inconclusive: ${r.reason ?? ''}`)}"/>`;
  const notes = r.notes.length > 0 ? `\n      <system-out>${x(r.notes.join('\n'))}</system-out>` : '';
  return `${open}${properties}${body}${notes}\n    </testcase>`;
}

export function junitReport(results: readonly CaseResult[], name = 'rspsim conformance'): string {
  const areas = [...new Set(results.map((r) => r.area))];
  const total = summarise(results);
  const time = seconds(results.reduce((sum, r) => sum + r.ms, 0));
  const suites = areas.map((area) => {
    const cases = results.filter((r) => r.area === area);
    const s = summarise(cases);
    return `  <testsuite name="${x(area)}" tests="${s.total}" failures="${s.fail}" errors="${s.error}" skipped="${s.inconclusive}" time="${seconds(cases.reduce((sum, r) => sum + r.ms, 0))}">\n${cases.map(testcase).join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${x(name)}" tests="${total.total}" failures="${total.fail}" errors="${total.error}" skipped="${total.inconclusive}" time="${time}">\n${suites.join('\n')}\n</testsuites>\n`;
}
