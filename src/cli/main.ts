#!/usr/bin/env node
/**
 * rspsim command line. Each area registers its own commands; errors reach the user as one clear line.
 *
 * Start-up time is part of the interface (LPA developers run commands in loops): only the module of the
 * command asked for is loaded — the SM-DP+, pkijs or fastify cost hundreds of milliseconds to import, which
 * `--version` or `decode` should not pay. `--help` and unknown commands load every area.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { entryOf } from '../errors/missing-entry.ts';

type Register = (program: Command) => unknown;

/** Top-level command → the registration functions that define it (one module may define several). */
const AREAS: Readonly<Record<string, () => Promise<readonly Register[]>>> = {
  smdp: async () => [(await import('./smdp-command.ts')).registerSmdpCommands],
  smds: async () => [(await import('./smds-command.ts')).registerSmdsCommands],
  eim: async () => [(await import('./eim-command.ts')).registerEimCommands],
  pki: async () => [(await import('./pki-command.ts')).registerPkiCommands],
  euicc: async () => [(await import('./euicc-command.ts')).registerEuiccCommands],
  // `profile` (make, inspect, import, and the LPA's download, list …) is assembled in profile-command.ts.
  profile: async () => [(await import('./profile-command.ts')).registerProfileCommands],
  notification: async () => [(await import('./lpa-command.ts')).registerNotificationCommands],
  decode: async () => [(await import('./decode-command.ts')).registerDecodeCommand],
  session: async () => [(await import('./session-command.ts')).registerSessionCommands],
  scenario: async () => [(await import('./session-command.ts')).registerScenarioCommands],
  order: async () => [(await import('./operator-command.ts')).registerOperatorCommands],
  'activation-code': async () => [(await import('./operator-command.ts')).registerOperatorCommands],
  conformance: async () => [(await import('./conformance-command.ts')).registerConformanceCommands],
  ipa: async () => [(await import('./ipa-command.ts')).registerIpaCommands],
};

/** The order `rspsim --help` lists the areas in. */
const ALL_AREAS = [
  'smdp',
  'smds',
  'eim',
  'pki',
  'euicc',
  'profile',
  'notification',
  'decode',
  'session',
  'scenario',
  'order',
  'conformance',
];

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** The command named by argv (`rspsim [help] <command> …`), if any. */
function commandNamed(args: readonly string[]): string | undefined {
  const words = args.filter((arg) => !arg.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

async function buildProgram(args: readonly string[] = []): Promise<Command> {
  const { Command } = await import('commander');
  const program = new Command('rspsim')
    .description('GSMA SGP.22 SM-DP+ and SM-DS simulator, software eUICC and LPA')
    .version(packageVersion(), '-V, --version', 'print the version')
    // A usage error is one line in the style of every other failure (`rspsim: <message>`), and a pointer to
    // the usage rather than all of it (inherited by every command registered below).
    .configureOutput({
      outputError: (text, write) => write(`rspsim: ${text.replace(/^error: /, '')}`),
    })
    .showHelpAfterError('(add --help for the usage)')
    // Usage errors come back to main() as CommanderError (inherited by every command registered below).
    .exitOverride();
  const name = commandNamed(args);
  const load = name === undefined ? undefined : AREAS[name];
  const areas = load ? [load] : ALL_AREAS.map((area) => entryOf(AREAS, area, 'CLI areas'));
  for (const register of new Set((await Promise.all(areas.map((area) => area()))).flat())) register(program);
  return program;
}

interface UsageError extends Error {
  readonly exitCode: number;
}

/** Runs one command line (`argv` as in process.argv); failures are one line on stderr and exit code 1. */
export async function main(argv: readonly string[]): Promise<void> {
  const args = argv.slice(2);
  // Nothing to load for the version: it is what scripts call to check that rspsim is there.
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  // `rspsim … | head`: the reader closed the pipe and wants no more; end quietly instead of an EPIPE stack.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  try {
    const program = await buildProgram(args);
    await program.parseAsync([...argv]);
  } catch (error: unknown) {
    const usage =
      error instanceof Error && error.name === 'CommanderError' ? (error as UsageError) : undefined;
    // Help and version end here too, successfully; a usage error has already been written by commander.
    if (usage && usage.exitCode === 0) process.exit(0);
    // Loaded only now: a command that succeeds never pays for the error tables.
    const { failureDocument } = await import('./failure.ts');
    const document = usage ? { error: usage.message.replace(/^error: /, '') } : failureDocument(error);
    if (!usage) console.error(`rspsim: ${document.error}`);
    // A script asked for JSON: it gets one JSON document on stdout for a failure too, with the SGP.22 codes.
    if (args.includes('--json')) process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    process.exit(usage?.exitCode ?? 1);
  }
}

// Run directly in development (`tsx src/cli/main.ts …`); bin/rspsim.mjs calls main() on the compiled code.
const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('main.ts');
if (isMain) void main(process.argv);
