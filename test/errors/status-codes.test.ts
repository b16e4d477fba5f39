import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type StatusCodeName, StatusCodes } from '../../src/errors/status-codes.ts';
import { Es9Functions } from '../../src/protocol/es9-functions.ts';

/**
 * Our table of SGP.22 subject/reason codes against the reference table (a copy of
 * shared/reference/sgp22-status-codes.tsv, checked against SGP.22's function tables and pySim's SM-DP+).
 * The SM-DP+, the eUICC and the LPA all read src/errors/status-codes.ts, so a wrong code there passes every
 * other test: this one compares it with text written independently of the code.
 */
const REFERENCE_URL = new URL('../../fixtures/reference/sgp22-status-codes.tsv', import.meta.url);
const SHARED_URL = new URL('../../../shared/reference/sgp22-status-codes.tsv', import.meta.url);

interface ReferenceRow {
  readonly subjectCode: string;
  readonly reasonCode: string;
  readonly meaning: string;
}

function readReference(text: string): ReferenceRow[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#') && !line.startsWith('subjectCode\t'))
    .map((line) => {
      const [subjectCode = '', reasonCode = '', meaning = ''] = line.split('\t');
      return { subjectCode, reasonCode, meaning };
    });
}

const reference = readReference(readFileSync(REFERENCE_URL, 'utf8'));
const pair = (c: { subjectCode: string; reasonCode: string }) => `${c.subjectCode}/${c.reasonCode}`;
const referencePairs = new Set(reference.map(pair));

/**
 * SGP.22's generic codes (function provider / function, SGP.22 5.2.6 and the JSON binding): the reference
 * table lists only the functions' own codes, so these are checked by name here.
 */
const GENERIC: Readonly<Partial<Record<StatusCodeName, string>>> = {
  missingInput: '1.3.1/2.2',
  invalidInput: '1.3.1/2.3',
  badInput: '1.3.1/2.1',
  unsupportedProtocolVersion: '1.3.2/3.1',
  unknownFunction: '1.6/3.1',
  executionError: '1.2/4.2',
  requesterUnknown: '1.1/1.1',
  // Function Requester – Not Allowed: the generic pair for an authenticated caller acting beyond its rights
  // (ES12: an Event Record for an address its certificate does not name).
  requesterNotAllowed: '1.1/1.2',
};

/**
 * Rows of the reference we do not answer with, and why. Rows the reference still marks as unchecked
 * ("3.1" where SGP.22's reason 3.1 is "Unsupported", not "Already in use") are not taken over.
 */
const NOT_ANSWERED: Readonly<Record<string, string>> = {
  '8.1.1/3.1': 'unchecked row of the reference; another EID on the order is 8.1.1/3.10 (Invalid Association)',
  '8.2.1/3.1': 'unchecked row of the reference; an ICCID bound elsewhere is 8.2.1/3.3',
  '8.2.6/3.1': 'unchecked row of the reference; a matchingId in use is 8.2.6/3.3',
};

describe('the SGP.22 status code table', () => {
  it('answers every function-specific code exactly as the reference writes it (codes are strings)', () => {
    for (const [name, status] of Object.entries(StatusCodes) as [
      StatusCodeName,
      (typeof StatusCodes)[StatusCodeName],
    ][]) {
      if (GENERIC[name] !== undefined) {
        expect(pair(status), name).toBe(GENERIC[name]);
        continue;
      }
      expect(
        referencePairs.has(pair(status)),
        `${name} = ${pair(status)} is not in the reference table`,
      ).toBe(true);
    }
  });

  it('has an entry for every row of the reference, or says why not', () => {
    const ours = new Set(Object.values(StatusCodes).map(pair));
    const missing = reference.map(pair).filter((code) => !ours.has(code) && NOT_ANSWERED[code] === undefined);
    expect(missing).toEqual([]);
    // An excuse for a code we answer by now is stale.
    const stale = Object.keys(NOT_ANSWERED).filter((code) => ours.has(code));
    expect(stale).toEqual([]);
  });

  it('keeps the reasons SGP.22 numbers with two digits after the dot (3.10, 4.10) apart from 3.1 / 4.1', () => {
    expect(StatusCodes.smdpOidInvalid).toMatchObject({ subjectCode: '8.8', reasonCode: '3.10' });
    expect(StatusCodes.downloadOrderExpired).toMatchObject({ subjectCode: '8.8.5', reasonCode: '4.10' });
    expect(StatusCodes.eidAlreadyBound).toMatchObject({ subjectCode: '8.1.1', reasonCode: '3.10' });
    for (const status of Object.values(StatusCodes)) {
      expect(status.subjectCode).toMatch(/^\d+(\.\d+)*$/);
      expect(status.reasonCode).toMatch(/^\d+\.\d+$/);
    }
  });

  it('names only codes of the table in each ES9+ function list', () => {
    for (const { statusCodes } of Object.values(Es9Functions)) {
      for (const name of statusCodes) expect(StatusCodes[name], name).toBeDefined();
    }
  });

  it('is quoted right in the scenario catalogue (each error scenario says the code it answers)', () => {
    const catalogue = new URL('../../fixtures/scenarios/catalogue/es9-errors.json', import.meta.url);
    const entries: { name: string; description: string; action: { code?: StatusCodeName } }[] = JSON.parse(
      readFileSync(catalogue, 'utf8'),
    );
    for (const entry of entries) {
      const quoted = /fails with (\d+(?:\.\d+)*\/\d+\.\d+)/.exec(entry.description)?.[1];
      if (entry.action.code === undefined || quoted === undefined) continue;
      expect(quoted, entry.name).toBe(pair(StatusCodes[entry.action.code]));
    }
  });

  it.skipIf(!existsSync(SHARED_URL))(
    'uses the same reference as shared/reference (when it is beside the project)',
    () => {
      expect(readFileSync(REFERENCE_URL, 'utf8')).toBe(readFileSync(SHARED_URL, 'utf8'));
    },
  );
});
