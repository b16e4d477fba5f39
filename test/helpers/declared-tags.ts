/**
 * A declaration against its module's type, tag by tag (X.680's rules, asn1-tags.ts): shared by the SGP.22
 * and SGP.32 tag tests.
 */
import {
  type AnySchema,
  ChoiceSchema,
  ExplicitSchema,
  SequenceOfSchema,
  SequenceSchema,
} from '../../src/asn1/schema.ts';
import { hexTag } from '../../src/asn1/tlv.ts';
import type { AsnType, TagCalculator } from './asn1-tags.ts';

export const tagsText = (tags: readonly number[]) =>
  [...tags]
    .sort((a, b) => a - b)
    .map(hexTag)
    .join('|');

/** Differences between a declaration and the module's type in place, as `path: what` lines. */
export function compareTags(
  calculator: TagCalculator,
  schema: AnySchema,
  type: AsnType,
  path: string,
  checkOwnTag = true,
  depth = 0,
): string[] {
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
      return [...problems, ...compareTags(calculator, schema.inner, inner, path, true, depth + 1)];
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
          ...compareTags(
            calculator,
            schema.alternatives[i]![1],
            inPlace,
            `${path}.${component.name}`,
            true,
            depth + 1,
          ),
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
        problems.push(
          ...compareTags(calculator, field.schema, inPlace, `${path}.${field.name}`, true, depth + 1),
        );
      });
      return problems;
    }
    case 'sequenceOf':
      if (!(schema instanceof SequenceOfSchema))
        return [...problems, `${path}: ${schema.kind} where SEQUENCE OF`];
      return [
        ...problems,
        ...compareTags(calculator, schema.item, current.item, `${path}[]`, true, depth + 1),
      ];
    default:
      return problems;
  }
}
