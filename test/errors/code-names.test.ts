import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lpaCases } from '../../src/conformance/lpa/lpa-cases.ts';
import { SMDP_CASES } from '../../src/conformance/smdp-catalogue.ts';
import {
  codeLabel,
  REASON_CODE_NAMES,
  reasonCodeName,
  SUBJECT_CODE_NAMES,
  subjectCodeName,
} from '../../src/errors/code-names.ts';
import { StatusCodes } from '../../src/errors/status-codes.ts';
import { loadScenarios } from '../../src/rsp-server/scenarios/load-scenarios.ts';

/**
 * The project's copy of SGP.22's subject-code and reason-code names: the same as the reference beside the
 * project, and a name for every code rspsim answers (SM-DP+ and SM-DS share one status code table) or a
 * conformance case expects (both catalogues: the codes in their titles and readings, and the codes of the
 * scenarios the LPA campaign plays).
 */
const CATALOGUE = new URL('../../fixtures/scenarios/catalogue', import.meta.url).pathname;
const SHARED_URL = new URL('../../../shared/reference/sgp22-code-names.tsv', import.meta.url);

const PAIR = /\b(\d+(?:\.\d+)*)\/(\d+\.\d+)\b/g;
const pairsIn = (text: string): [string, string][] =>
  [...text.matchAll(PAIR)].map((m) => [m[1] ?? '', m[2] ?? '']);

const unnamed = (pairs: readonly (readonly [string, string])[]) =>
  pairs
    .filter(([subject, reason]) => !subjectCodeName(subject) || !reasonCodeName(reason))
    .map(([s, r]) => `${s}/${r}`);

describe('the SGP.22 code names', () => {
  it.skipIf(!existsSync(SHARED_URL))('are the reference table, row for row', () => {
    const rows = readFileSync(SHARED_URL, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#') && !line.startsWith('kind\t'))
      .map((line) => line.split('\t'));
    const table = (kind: string) =>
      Object.fromEntries(rows.filter((r) => r[0] === kind).map((r) => [r[1], r[2]]));
    expect(SUBJECT_CODE_NAMES).toEqual(table('subject'));
    expect(REASON_CODE_NAMES).toEqual(table('reason'));
  });

  it('keep 2.1 Invalid, 2.2 Mandatory Element Missing, 2.3 Conditional Element Missing, and 3.10 apart from 3.1', () => {
    expect(REASON_CODE_NAMES['2.1']).toBe('Invalid');
    expect(REASON_CODE_NAMES['2.2']).toBe('Mandatory Element Missing');
    expect(REASON_CODE_NAMES['2.3']).toBe('Conditional Element Missing');
    expect(REASON_CODE_NAMES['3.1']).toBe('Unsupported');
    expect(REASON_CODE_NAMES['3.10']).toBe('Invalid Association');
    expect(reasonCodeName('toString')).toBeUndefined();
  });

  it('print a pair with both names, and say when a code is in no table', () => {
    expect(codeLabel('8.1', '6.1')).toBe('8.1/6.1 eUICC – Verification Failed');
    expect(codeLabel('1.3.2', '3.1')).toBe('1.3.2/3.1 Protocol Version – Unsupported');
    expect(codeLabel('1.2.2', '2.1')).toBe('1.2.2/2.1 subject not in SGP.22 tables – Invalid');
    expect(codeLabel('1.2.1', '1.5')).toBe(
      '1.2.1/1.5 subject not in SGP.22 tables – reason not in SGP.22 tables',
    );
  });

  it('name every code rspsim answers (SM-DP+, ES2+, SM-DS)', () => {
    expect(unnamed(Object.values(StatusCodes).map((c) => [c.subjectCode, c.reasonCode] as const))).toEqual(
      [],
    );
  });

  it('name every code the SM-DP+ and LPA catalogues expect', async () => {
    const scenarios = await loadScenarios(CATALOGUE);
    const texts = [
      ...SMDP_CASES.flatMap((c) => [
        c.title,
        c.reference,
        ...(c.readings ?? []).flatMap((r) => [r.says, r.evidence ?? '']),
      ]),
      ...lpaCases(scenarios).flatMap((c) => [
        c.title,
        c.reference,
        ...(c.readings ?? []).flatMap((r) => [r.says, r.evidence ?? '']),
      ]),
    ];
    const pairs = texts.flatMap(pairsIn);
    expect(pairs.length).toBeGreaterThan(30);
    // Codes quoted as evidence (pySim's 1.2.1/2.1, 1.2.2/2.1, 8.1.4/6.1; rspsim's former 1.2.1/1.5) are outside the tables, as the evidence says.
    const quotedPeerCodes = new Set(['1.2.1/2.1', '1.2.2/2.1', '8.1.4/6.1', '1.2.1/1.5']);
    expect(unnamed(pairs).filter((p) => !quotedPeerCodes.has(p))).toEqual([]);
    for (const scenario of scenarios)
      if (scenario.action.type === 'error')
        expect(StatusCodes[scenario.action.code], scenario.name).toBeDefined();
  });
});
