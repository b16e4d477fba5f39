import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hexTag } from '../../src/asn1/tlv.ts';
import { asn1Assignments, asn1ModuleTypes } from '../helpers/asn1-module.ts';
import { TagCalculator } from '../helpers/asn1-tags.ts';
import { compareTags } from '../helpers/declared-tags.ts';
import { declaredSgp32Types } from '../helpers/declared-types.ts';

/**
 * The tag numbers of every SGP.32 declaration, computed from the project's copy of the module by X.680's
 * tagging rules (test/helpers/asn1-tags.ts) — the reference warns that the one ASN.1 compiler it tried
 * (asn1tools) gives a tagged component whose type already carries a tag two tags: this checks every field,
 * alternative and list item, down through the SGP.22 types the module imports.
 */
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const assignments = new Map([
  ...asn1ModuleTypes(read('fixtures/reference/asn1/rsp.asn')),
  ...asn1Assignments(read('fixtures/reference/asn1/RSPDefinitions-additions-for-sgp32.asn')).map(
    (assignment) => [assignment.name, assignment] as const,
  ),
  ...asn1ModuleTypes(read('fixtures/reference/asn1/SGP32Definitions-v1.2.asn')),
]);
// rsp.asn spells it OperatorID; the SGP.32 module imports OperatorId (the additions alias it)
const calculator = new TagCalculator(assignments);
const spelling = (name: string) => name.toLowerCase().replace(/[-_]/g, '');
const moduleNames = new Map(
  [...asn1ModuleTypes(read('fixtures/reference/asn1/SGP32Definitions-v1.2.asn')).keys()].map((name) => [
    spelling(name),
    name,
  ]),
);

describe('SGP.32 tag numbers, computed from the module', () => {
  it('reads the tags the reference trace shows', () => {
    const inPlace = (name: string) => calculator.tagsOf({ kind: 'reference', name });
    expect(inPlace('EuiccPackageRequest').map(hexTag)).toEqual(['BF51']);
    expect(inPlace('EuiccPackage').map(hexTag)).toEqual(['A0', 'A1']);
    expect(inPlace('EuiccPackageResult').map(hexTag)).toEqual(['BF51']);
    expect(inPlace('EimAcknowledgements').map(hexTag)).toEqual(['BF53']);
  });

  it('gives every declaration, down to each field, the tags of the module', () => {
    const checked: string[] = [];
    const problems: string[] = [];
    for (const [name, schema] of declaredSgp32Types) {
      const moduleName = moduleNames.get(spelling(name));
      if (!moduleName) continue;
      const type = calculator.typeNamed(moduleName)!;
      // an untagged SEQUENCE is declared with the tag it gets where it is used; that use checks it
      const ownTag = type.kind === 'tagged';
      problems.push(...compareTags(calculator, schema, type, moduleName, ownTag));
      checked.push(moduleName);
    }
    expect(problems).toEqual([]);
    expect(checked.length).toBeGreaterThan(70);
  });
});
