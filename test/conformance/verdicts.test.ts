import { describe, expect, it } from 'vitest';
import { allPassed, type CaseResult, runCases, summarise } from '../../src/conformance/campaign.ts';
import { htmlReport } from '../../src/conformance/report/html.ts';
import { jsonReport } from '../../src/conformance/report/json.ts';
import { junitReport } from '../../src/conformance/report/junit.ts';
import { caseLine, summaryTable } from '../../src/conformance/report/terminal.ts';
import {
  check,
  Inconclusive,
  judge,
  may,
  precondition,
  type Remark,
  type RemarkSink,
  shall,
  should,
} from '../../src/conformance/verdict.ts';
import { parseStrictXml } from '../helpers/strict-xml.ts';

/**
 * The verdict model on cases made up for the test: a SHALL that does not hold fails, a SHOULD or MAY that
 * does not hold is a remark (pass-with-remark), a set-up step that fails makes the case inconclusive naming
 * the step, and every report format shows and counts each verdict apart.
 */
interface Context extends RemarkSink {
  readonly label: string;
}

const RESPONDS = shall('SGP.22 5.6.1', 'answers with Executed-Success');
const BINDS_AGAIN = may(
  'SGP.22 5.6.2',
  'binds the profile again to a new one-time key',
  'pySim: binds again',
);
const NOTES = should('SGP.22 3.1.3', 'keeps the BPP for a retry');

const made = (id: string, run: (context: Context) => Promise<void>) => ({
  id,
  area: 'Made up',
  title: `${id} case`,
  reference: 'SGP.22 5.6.1; SGP.23 made up',
  readings: [RESPONDS, BINDS_AGAIN],
  run,
});

const CASES = [
  made('PASSES', async () => check('a value', 1, 1, RESPONDS)),
  made('REMARKS', async (context) => {
    judge(context, BINDS_AGAIN, 'the retry', false, 'the old BPP', 'a new binding');
    judge(context, NOTES, 'the BPP kept', true, 'kept', 'kept');
    // A SHALL after the remark is still checked.
    check('a value', 1, 1, RESPONDS);
  }),
  made('FAILS', async (context) => {
    judge(context, RESPONDS, 'initiateAuthentication', false, 'Executed-Success', 'Failed 8.8.1/3.8');
  }),
  made('SET-UP-FAILS', async () => {
    await precondition('a whole download (initiateAuthentication … handleNotification)', async () =>
      check('initiateAuthentication', 'Executed-Success', 'HTTP 500', RESPONDS),
    );
    throw new Error('never reached');
  }),
  made('NO-ORDER', async () => {
    await precondition('a fresh order', async () => {
      throw new Inconclusive('no prepared order left');
    });
  }),
  made('SHOULD-STOPS', async () => check('the BPP kept', 'kept', 'gone', NOTES)),
  made('CRASHES', async () => {
    throw new TypeError('runner bug');
  }),
];

async function campaign(): Promise<CaseResult[]> {
  return runCases(CASES, (c) => {
    const notes: string[] = [];
    const remarks: Remark[] = [];
    return {
      notes,
      remarks,
      context: { label: c.id, remark: (r) => remarks.push(r) },
      exchanges: () => [],
      close: () => undefined,
    };
  });
}

describe('verdict levels', () => {
  it('grades SHALL → fail, SHOULD/MAY → remark, failed set-up → inconclusive with the step', async () => {
    const results = await campaign();
    expect(Object.fromEntries(results.map((r) => [r.id, r.verdict]))).toEqual({
      PASSES: 'pass',
      REMARKS: 'pass-with-remark',
      FAILS: 'fail',
      'SET-UP-FAILS': 'inconclusive',
      'NO-ORDER': 'inconclusive',
      'SHOULD-STOPS': 'pass-with-remark',
      CRASHES: 'error',
    });
    const byId = new Map(results.map((r) => [r.id, r]));
    expect(byId.get('REMARKS')?.remarks).toEqual([
      { what: 'the retry', expected: 'the old BPP', observed: 'a new binding', reading: BINDS_AGAIN },
    ]);
    expect(byId.get('FAILS')).toMatchObject({
      check: 'initiateAuthentication',
      expected: 'Executed-Success',
      observed: 'Failed 8.8.1/3.8',
      reading: RESPONDS,
    });
    expect(byId.get('SET-UP-FAILS')).toMatchObject({
      step: 'a whole download (initiateAuthentication … handleNotification)',
      reason:
        'precondition not established: a whole download (initiateAuthentication … handleNotification) (initiateAuthentication: expected Executed-Success, observed HTTP 500)',
    });
    expect(byId.get('NO-ORDER')).toMatchObject({ step: 'a fresh order' });
    expect(byId.get('NO-ORDER')?.reason).toContain('no prepared order left');
    expect(byId.get('PASSES')?.readings).toEqual([RESPONDS, BINDS_AGAIN]);

    const summary = summarise(results);
    expect(summary).toEqual({
      total: 7,
      pass: 1,
      'pass-with-remark': 2,
      fail: 1,
      inconclusive: 2,
      error: 1,
    });
    expect(allPassed(summary)).toBe(false);
    expect(allPassed(summarise(results.filter((r) => r.verdict.startsWith('pass'))))).toBe(true);
    expect(allPassed(summarise([]))).toBe(false);
  });

  it('shows every verdict, reading and remark on the terminal, in JSON, HTML and JUnit, counted apart', async () => {
    const results = await campaign();
    const byId = new Map(results.map((r) => [r.id, r]));
    const remarked = byId.get('REMARKS')!;
    const failed = byId.get('FAILS')!;

    // Terminal.
    expect(caseLine(remarked)).toMatch(
      /^PASS\+REMARK +REMARKS .*\n +remark: the retry: expected the old BPP, observed a new binding \[SGP\.22 5\.6\.2 MAY\]$/,
    );
    expect(caseLine(failed)).toMatch(
      /\n +initiateAuthentication: expected Executed-Success, observed Failed 8\.8\.1\/3\.8 \[SGP\.22 5\.6\.1 SHALL\]$/,
    );
    expect(caseLine(byId.get('SET-UP-FAILS')!)).toMatch(
      /^INCONCLUSIVE .*\n +precondition not established: a whole/,
    );
    expect(summaryTable(results)).toMatch(
      /^area +cases pass remark fail inconclusive error\n[\s\S]*^total +7 +1 +2 +1 +2 +1$/m,
    );

    // JSON.
    const json = JSON.parse(jsonReport({ dut: 'smdp', target: 'x', startedAt: 'now' }, results));
    expect(json.summary['pass-with-remark']).toBe(2);
    const remarkedJson = json.results.find((r: CaseResult) => r.id === 'REMARKS');
    expect(remarkedJson.readings[1]).toEqual({
      clause: 'SGP.22 5.6.2',
      word: 'MAY',
      says: 'binds the profile again to a new one-time key',
      evidence: 'pySim: binds again',
    });
    expect(remarkedJson.remarks[0].reading.word).toBe('MAY');
    expect(json.results.find((r: CaseResult) => r.id === 'FAILS').reading.word).toBe('SHALL');

    // HTML.
    const page = htmlReport({ dut: 'smdp', target: 'x', startedAt: 'now' }, results);
    expect(page).toContain('<th>pass with remark</th>');
    expect(page).toMatch(
      /<tr><td>total<\/td><td>7<\/td><td class="pass">1<\/td><td class="pass-with-remark">2<\/td>/,
    );
    expect(page).toMatch(/id="REMARKS"><summary><span class="pass-with-remark">PASS WITH REMARK<\/span>/);
    expect(page).toContain(
      'remark: the retry: expected the old BPP, observed a new binding [SGP.22 5.6.2 MAY]',
    );
    expect(page).toContain(
      '<li>SGP.22 5.6.2 MAY: binds the profile again to a new one-time key (evidence: pySim: binds again)</li>',
    );
    expect(page).toContain('violates <b>SGP.22 5.6.1 SHALL: answers with Executed-Success</b>');
    expect(page).toContain('step <b>a fresh order</b>');

    // JUnit: remark → passes with system-out and a property; inconclusive → skipped; fail → failure + reading.
    const root = parseStrictXml(junitReport(results));
    expect(root.attributes).toMatchObject({ tests: '7', failures: '1', errors: '1', skipped: '2' });
    const testcase = (id: string) => {
      const found = root.children[0]?.children.find((t) => t.attributes.name?.startsWith(`${id} `));
      if (!found) throw new Error(`no testcase ${id}`);
      return found;
    };
    const remarkCase = testcase('REMARKS');
    expect(remarkCase.children.map((c) => c.name)).toEqual(['properties', 'system-out']);
    expect(remarkCase.children[1]?.text).toBe(
      'remark: the retry: expected the old BPP, observed a new binding [SGP.22 5.6.2 MAY]',
    );
    const properties = Object.fromEntries(
      (remarkCase.children[0]?.children ?? []).map((p) => [p.attributes.name, p.attributes.value]),
    );
    expect(properties).toMatchObject({
      verdict: 'pass-with-remark',
      'reading.1': 'SGP.22 5.6.1 SHALL: answers with Executed-Success',
      'remark.1': 'the retry: expected the old BPP, observed a new binding [SGP.22 5.6.2 MAY]',
    });
    expect(testcase('SET-UP-FAILS').children.map((c) => c.name)).toEqual(['properties', 'skipped']);
    const failure = testcase('FAILS').children.find((c) => c.name === 'failure');
    expect(failure?.text).toBe(
      'check: initiateAuthentication\nexpected: Executed-Success\nobserved: Failed 8.8.1/3.8\nreading: SGP.22 5.6.1 SHALL: answers with Executed-Success',
    );
  });
});
