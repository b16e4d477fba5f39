import { isAbsolute, relative } from 'node:path';
import { type Command, Option } from 'commander';
import { CURVES, type Curve } from '../pki/curves.ts';
import { isEidPrefix } from '../pki/eid.ts';
import { generateHierarchy, isHostName } from '../pki/generate-hierarchy.ts';
import { generateOperatorPki } from '../pki/operator-pki.ts';

/**
 * `rspsim pki ...`: the SGP.22 PKI from the command line. `pki generate` writes a fresh own hierarchy (CI,
 * EUM, sample eUICC, DPauth, DPpb, DPtls, and the SM-DS's DSauth, DStls) in the SGP.26 folder layout, so
 * the SM-DP+ and the SM-DS can load it instead of the bundled SGP.26 test certificates.
 */
export function registerPkiCommands(program: Command): Command {
  const pki = program.command('pki').description('SGP.22 certificates: generate your own test PKI');

  pki
    .command('generate')
    .description(
      'write a fresh CI / EUM / eUICC / DPauth / DPpb / DPtls / DSauth / DStls hierarchy (SGP.26 file layout)',
    )
    .addOption(
      new Option('--curve <curve>', 'elliptic curve of every key').choices(CURVES).makeOptionMandatory(),
    )
    .requiredOption('--out <dir>', 'output folder (created if missing)')
    .option('--host <name>', 'SM-DP+ host name for the TLS certificate', 'localhost')
    .option('--eum-prefix <digits>', "EID prefix of the EUM's range (1 to 30 digits)", '89049032')
    .option('--force', 'overwrite an earlier hierarchy of the same curve in that folder', false)
    .action((options: { curve: Curve; out: string; host: string; eumPrefix: string; force: boolean }) => {
      if (!isEidPrefix(options.eumPrefix)) {
        throw new Error(`--eum-prefix must be 1 to 30 decimal digits, got "${options.eumPrefix}"`);
      }
      if (!isHostName(options.host)) {
        throw new Error(`--host "${options.host}" is not a host name or IP address`);
      }
      const result = generateHierarchy({
        curve: options.curve,
        outDir: options.out,
        smdpHost: options.host,
        eumEidPrefix: options.eumPrefix,
        force: options.force,
      });
      const lines = [
        `Generated a ${result.curve} SGP.22 hierarchy in ${result.outDir}`,
        `  CI PKId (SubjectKeyIdentifier): ${result.ciPkId}`,
        `  EUM EID range: ${result.eidPrefix}*   sample eUICC EID: ${result.eid}`,
        ...result.files.map((file) => `  wrote ${displayPath(file)}`),
        'Private keys (SK_*.pem) are test keys: keep them out of production.',
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
  pki
    .command('operator')
    .description(
      "write a test operator CA and an ES2+ TLS client certificate under it (the SM-DP+'s --operator-ca, the operator's --cert/--key)",
    )
    .requiredOption('--out <dir>', 'output folder (created if missing)')
    .option('--name <name>', "the operator's name in the client certificate", 'operator.rspsim.test')
    .option('--force', 'overwrite an earlier operator PKI in that folder', false)
    .action((options: { out: string; name: string; force: boolean }) => {
      const files = generateOperatorPki({ outDir: options.out, name: options.name, force: options.force });
      const lines = [
        `Generated an operator CA and ES2+ client certificate in ${displayPath(options.out)}`,
        ...files.map((file) => `  wrote ${displayPath(file)}`),
        'Private keys (SK_*.pem) are test keys: keep them out of production.',
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
  return pki;
}

/** Paths under the current folder relative to it, others as given. */
function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
