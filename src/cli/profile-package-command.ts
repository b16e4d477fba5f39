/**
 * `rspsim profile make <description> -o <file>` and `rspsim profile inspect <file>`: TCA Profile Packages
 * (SAIP) made from a short JSON description, and read back as a tree with the problems found in them.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { StoreMetadataRequest } from '../asn1/rsp/index.ts';
import { readInputFileSync } from '../config/input-file.ts';
import { renderTree, type TreeNode, toTree } from '../protocol/tree.ts';
import { profileContent } from '../saip/content.ts';
import { makeProfile, type ProfileDescription } from '../saip/make.ts';
import { elementType } from '../saip/package.ts';
import { ProfileElement } from '../saip/profile-element.ts';
import { checkProfilePackage } from '../saip/validate.ts';
import { printResult } from './output.ts';

/** Where the StoreMetadata of `<name>.der` goes: `<name>.metadata.der`. */
export const metadataFileFor = (upp: string) => `${upp.replace(/\.der$/i, '')}.metadata.der`;

const masked = (hex: string) => `${hex.slice(0, 4)}${'•'.repeat(Math.max(0, hex.length - 4))}`;

/**
 * Secrets in the PEDefinitions tree, shown masked: the AKA K and OPc (akaParameter's algoParameter key, opc)
 * and the security domains' keys (keyComponents' keyData).
 */
const SECRET_FIELDS = new Set(['key', 'opc', 'keyData']);

function maskSecrets(node: TreeNode): TreeNode {
  if (node.value !== undefined)
    return SECRET_FIELDS.has(node.name) ? { ...node, value: masked(node.value) } : node;
  return node.children ? { ...node, children: node.children.map(maskSecrets) } : node;
}

export function registerProfilePackageCommands(profile: Command): void {
  profile
    .command('make <description>')
    .description('make a profile package (DER UPP) and its StoreMetadata from a JSON description')
    .requiredOption(
      '-o, --output <file.der>',
      'where the profile package goes (StoreMetadata: <file>.metadata.der)',
    )
    .option('--json', 'machine-readable output')
    .action((descriptionFile: string, options: { output: string; json?: boolean }) => {
      const description = JSON.parse(
        readInputFileSync(descriptionFile, 'json').toString('utf8'),
      ) as ProfileDescription;
      const made = makeProfile(description);
      const metadataFile = metadataFileFor(options.output);
      writeFileSync(options.output, made.upp);
      writeFileSync(metadataFile, StoreMetadataRequest.encode(made.metadata));
      const content = profileContent(made.elements);
      const summary = {
        upp: options.output,
        metadata: metadataFile,
        bytes: made.upp.length,
        elements: made.elements.length,
        iccid: content.iccid,
        imsi: content.imsis[0],
      };
      printResult(
        options,
        summary,
        () =>
          `${options.output}: ${summary.bytes} bytes, ${summary.elements} elements, ICCID ${summary.iccid}, IMSI ${summary.imsi}\n${metadataFile}: StoreMetadata`,
      );
    });

  profile
    .command('inspect <file>')
    .description('show the profile elements of a profile package (DER UPP) and the problems found in it')
    .option('--json', 'machine-readable output')
    .option(
      '--show-keys',
      'show K, OPc and security-domain keys in full (masked otherwise, tree and summary)',
    )
    .action((file: string, options: { json?: boolean; showKeys?: boolean }) => {
      const der = readInputFileSync(file, 'profilePackage');
      // A description (JSON) where a package (DER) belongs: say which command takes it.
      if (/^\s*\{/.test(der.subarray(0, 64).toString('latin1')))
        throw new Error(
          `${file} is JSON, not a profile package (DER): it looks like a description for profile make; ` +
            `make the package with \`profile make ${file} -o <profile.der>\`, then inspect <profile.der>`,
        );
      const { elements, problems } = checkProfilePackage(der);
      const trees = (elements ?? [])
        .map((element, i) => toTree(ProfileElement, element, `[${i}] ${elementType(element)}`))
        .map((tree) => (options.showKeys ? tree : maskSecrets(tree)));
      const content = elements && problems.length === 0 ? profileContent(elements) : undefined;
      const shown = (hex: string) => (options.showKeys ? hex : masked(hex));
      if (problems.length > 0) process.exitCode = 1;
      const summary = content && {
        ...content,
        aka: content.aka.map((aka) => ({ ...aka, key: shown(aka.key), opc: shown(aka.opc) })),
      };
      printResult(options, { content: summary, problems, elements: trees }, () =>
        [
          ...trees.map((tree) => renderTree(tree)),
          ...(content
            ? [
                `ICCID ${content.iccid}${content.imsis.length ? `, IMSI ${content.imsis.join(', ')}` : ''}`,
                ...content.aka.map(
                  (aka) => `AKA ${aka.algorithm}: K ${shown(aka.key)}, OPc ${shown(aka.opc)}`,
                ),
              ]
            : []),
          problems.length === 0
            ? 'valid'
            : problems
                .map((p) => `problem: ${p.element}${p.field ? ` ${p.field}` : ''}: ${p.message}`)
                .join('\n'),
        ].join('\n'),
      );
    });
}
