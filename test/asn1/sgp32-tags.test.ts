import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type AnySchema,
  ChoiceSchema,
  ExplicitSchema,
  SequenceOfSchema,
  SequenceSchema,
} from '../../src/asn1/schema.ts';
import { hexTag } from '../../src/asn1/tlv.ts';
import { asn1Assignments, asn1ModuleTypes } from '../helpers/asn1-module.ts';
import { type AsnType, TagCalculator } from '../helpers/asn1-tags.ts';
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

const tagsText = (tags: readonly number[]) =>
  [...tags]
    .sort((a, b) => a - b)
    .map(hexTag)
    .join('|');

/** Differences between a declaration and the module's type in place, as `path: what` lines. */
function compare(schema: AnySchema, type: AsnType, path: string, checkOwnTag = true, depth = 0): string[] {
  if (depth > 16) return [];
  const problems: string[] = [];
  if (checkOwnTag && tagsText(schema.tags) !== tagsText(calculator.tagsOf(type))) {
    problems.push(
      `${path}: tag ${tagsText(schema.tags)}, the module gives ${tagsText(calculator.tagsOf(type))}`,
    );
  }
  // under the tags: a tagged untagged CHOICE is wrapped (explicit), anything else has its tag replaced
  let current = calculator.resolve(type);
  while (current.kind === 'tagged') {
    const inner = calculator.resolve(current.inner);
    if (inner.kind === 'choice') {
      if (!(schema instanceof ExplicitSchema))
        return [...problems, `${path}: a tagged CHOICE must be explicit`];
      return [...problems, ...compare(schema.inner, inner, path, true, depth + 1)];
    }
    current = inner;
  }
  if (schema.kind === 'raw') return problems; // a certificate or key carried as bytes
  switch (current.kind) {
    case 'choice': {
      if (!(schema instanceof ChoiceSchema)) return [...problems, `${path}: ${schema.kind} where CHOICE`];
      const alternatives = calculator.componentsWithTags(current.components);
      const names = schema.alternatives.map(([name]) => name);
      if (names.join() !== alternatives.map(({ component }) => component.name).join()) {
        return [...problems, `${path}: alternatives ${names.join()}`];
      }
      alternatives.forEach(({ component, type: inPlace }, i) => {
        problems.push(
          ...compare(schema.alternatives[i]![1], inPlace, `${path}.${component.name}`, true, depth + 1),
        );
      });
      return problems;
    }
    case 'sequence':
    case 'set': {
      if (!(schema instanceof SequenceSchema)) return [...problems, `${path}: ${schema.kind} where SEQUENCE`];
      const components = calculator.componentsWithTags(current.components);
      const names = schema.fields.map((field) => field.name);
      if (names.join() !== components.map(({ component }) => component.name).join()) {
        return [...problems, `${path}: fields ${names.join()}`];
      }
      components.forEach(({ component, type: inPlace }, i) => {
        const field = schema.fields[i]!;
        if (field.optional !== component.optional) problems.push(`${path}.${field.name}: OPTIONAL differs`);
        problems.push(...compare(field.schema, inPlace, `${path}.${field.name}`, true, depth + 1));
      });
      return problems;
    }
    case 'sequenceOf':
      if (!(schema instanceof SequenceOfSchema))
        return [...problems, `${path}: ${schema.kind} where SEQUENCE OF`];
      return [...problems, ...compare(schema.item, current.item, `${path}[]`, true, depth + 1)];
    default:
      return problems;
  }
}

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
      problems.push(...compare(schema, type, moduleName, ownTag));
      checked.push(moduleName);
    }
    expect(problems).toEqual([]);
    expect(checked.length).toBeGreaterThan(70);
  });
});
