import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hexTag } from '../../src/asn1/tlv.ts';
import { asn1ModuleTypes } from '../helpers/asn1-module.ts';
import { TagCalculator } from '../helpers/asn1-tags.ts';
import { compareTags } from '../helpers/declared-tags.ts';
import { declaredRspTypes } from '../helpers/declared-types.ts';

/**
 * The tag numbers of every SGP.22 declaration (src/asn1/rsp), computed from the project's copy of the
 * RSPDefinitions module by X.680's tagging rules, as the SGP.32 test does for its module: each field,
 * alternative and list item, not only the tags written beside the types.
 */
const module = readFileSync(new URL('../../fixtures/reference/asn1/rsp.asn', import.meta.url), 'utf8');
const types = asn1ModuleTypes(module);
const calculator = new TagCalculator(types);
const spelling = (name: string) => name.toLowerCase().replace(/[-_]/g, '');
const moduleNames = new Map([...types.keys()].map((name) => [spelling(name), name]));

describe('SGP.22 tag numbers, computed from the module', () => {
  it('reads the tags SGP.22 writes beside its types', () => {
    const inPlace = (name: string) => calculator.tagsOf({ kind: 'reference', name }).map(hexTag);
    expect(inPlace('BoundProfilePackage')).toEqual(['BF36']);
    expect(inPlace('InitialiseSecureChannelRequest')).toEqual(['BF23']);
    expect(inPlace('AuthenticateServerRequest')).toEqual(['BF38']);
    expect(inPlace('ProfileInstallationResult')).toEqual(['BF37']);
    expect(inPlace('EUICCInfo1')).toEqual(['BF20']);
  });

  it('gives every declaration, down to each field, the tags of the module', () => {
    const checked: string[] = [];
    const problems: string[] = [];
    for (const [name, schema] of declaredRspTypes) {
      const moduleName = moduleNames.get(spelling(name));
      const type = moduleName ? calculator.typeNamed(moduleName) : undefined;
      if (!moduleName || !type) continue;
      // an untagged SEQUENCE is declared with the tag it gets where it is used; that use checks it
      problems.push(...compareTags(calculator, schema, type, moduleName, type.kind === 'tagged'));
      checked.push(moduleName);
    }
    expect(problems).toEqual([]);
    expect(checked.length).toBeGreaterThan(80);
  });

  it('finds a declaration whose tag is not the one of the module type (the check above can fail)', () => {
    const other = calculator.typeNamed('InitialiseSecureChannelRequest');
    const declared = declaredRspTypes.find(([name]) => name === 'BoundProfilePackage')?.[1];
    if (!other || !declared) throw new Error('module or declaration missing');
    expect(compareTags(calculator, declared, other, 'BoundProfilePackage')).toContain(
      'BoundProfilePackage: tag BF36, the module gives BF23',
    );
  });
});
