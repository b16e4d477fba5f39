import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { asn1Assignments, asn1ModuleTypes, asn1Tokens } from '../helpers/asn1-module.ts';

/**
 * The ```asn blocks in the JSDoc of the declared types (shown by editors on hover) are the modules' own
 * text: each type in a block must have the tokens of the module's definition (white space and comments
 * aside), and every exported schema named after a module type carries its definition.
 */

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const sourcesIn = (folder: string) =>
  readdirSync(new URL(folder, root))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `${folder}${name}`);

const layers = [
  { module: 'fixtures/reference/asn1/rsp.asn', folder: 'src/asn1/rsp/' },
  { module: 'fixtures/reference/asn1/PE_Definitions-3.3.1.asn', folder: 'src/saip/' },
  {
    module: 'fixtures/reference/asn1/SGP32Definitions-v1.2.asn',
    folder: 'src/asn1/sgp32/',
    // the SGP.22 v2.4 type the SGP.32 module imports and the reference's rsp.asn lacks (not a module: no BEGIN)
    additions: 'fixtures/reference/asn1/RSPDefinitions-additions-for-sgp32.asn',
  },
];

interface AsnBlock {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  /** The declaration the JSDoc comment holding the block documents. */
  readonly documents: string | undefined;
}

/** The ```asn blocks of the JSDoc comments of a source file. */
function asnBlocks(file: string, source: string): AsnBlock[] {
  const blocks: AsnBlock[] = [];
  for (const comment of source.matchAll(
    /\/\*\*([\s\S]*?)\*\/\s*(?:export\s+)?(?:const|function|class)\s+(\w+)/g,
  )) {
    const lines = comment[1]!.split('\n').map((line) => line.replace(/^\s*\* ?/, ''));
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]!.trim() !== '```asn') continue;
      const close = lines.indexOf('```', i + 1);
      expect(close, `${file}: unclosed asn block`).toBeGreaterThan(i);
      const line = source.slice(0, comment.index).split('\n').length + i + 1;
      blocks.push({ file, line, text: lines.slice(i + 1, close).join('\n'), documents: comment[2] });
      i = close;
    }
  }
  return blocks;
}

/** `PE-AKAParameter` is declared as `PE_AKAParameter`, `OperatorID` as `operatorId`. */
const spelling = (name: string) => name.toLowerCase().replace(/[-_]/g, '');

describe.each(layers)('ASN.1 text in the JSDoc of $folder', ({ module, folder, additions }) => {
  const types = asn1ModuleTypes(read(module));
  if (additions)
    for (const assignment of asn1Assignments(read(additions))) types.set(assignment.name, assignment);
  const files = sourcesIn(folder).map((file) => ({ file, source: read(file) }));
  const blocks = files.flatMap(({ file, source }) => asnBlocks(file, source));

  it('reads the module and finds blocks', () => {
    expect(types.size).toBeGreaterThan(50);
    expect(blocks.length).toBeGreaterThan(20);
  });

  it("gives each type in a block the module's tokens", () => {
    for (const block of blocks) {
      const where = `${block.file}:${block.line}`;
      const assignments = asn1Assignments(block.text);
      expect(assignments.length, `${where}: no assignment in the block`).toBeGreaterThan(0);
      // nothing before the first assignment
      expect(asn1Tokens(block.text)[0]?.text, where).toBe(assignments[0]!.name);
      for (const assignment of assignments) {
        const declared = types.get(assignment.name);
        expect(declared, `${where}: ${assignment.name} is no type of ${module}`).toBeDefined();
        expect(assignment.tokens, `${where}: ${assignment.name}`).toEqual(declared!.tokens);
      }
    }
  });

  it('puts the definition above every exported schema named after a module type', () => {
    const byName = new Map([...types.keys()].map((name) => [spelling(name), name]));
    const documented = new Map<string, Set<string>>();
    for (const block of blocks) {
      const names = documented.get(block.documents ?? '') ?? new Set();
      for (const assignment of asn1Assignments(block.text)) names.add(assignment.name);
      documented.set(block.documents ?? '', names);
    }
    const missing: string[] = [];
    for (const { file, source } of files) {
      for (const [, name] of source.matchAll(/^export (?:const|function) (\w+)/gm)) {
        const type = byName.get(spelling(name!));
        if (type && !documented.get(name!)?.has(type)) missing.push(`${file}: ${name} (${type})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
