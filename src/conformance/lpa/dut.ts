/**
 * The LPA under test, run once per case: a command (`--dut-command`, e.g. lpac through `rspsim euicc
 * run-lpac`, or our own `rspsim profile download`) with the case's activation code substituted, or the
 * built-in LPA in this process. Either way it works on the eUICC state file of the case. A DUT with its own
 * eUICC (a phone, manual-dut.ts) has none: only the SM-DP+ observes it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { EuiccEmulator } from '../../euicc/emulator.ts';
import { downloadProfile } from '../../lpa/download.ts';

export interface DutInput {
  readonly caseId: string;
  readonly caseTitle: string;
  /** What a person does with the code (a DUT run by a program ignores it). */
  readonly whatToDo: string;
  readonly activationCode: string;
  /** The eUICC state file of the case (not created for a DUT with its own eUICC). */
  readonly euiccFile: string;
  readonly caFile: string;
  readonly confirmationCode?: string;
}

export interface DutOutcome {
  readonly exitCode: number | null;
  /** The last lines the DUT printed (for the report). */
  readonly output: string;
  readonly timedOut: boolean;
  /** The tester skipped the case (a manual DUT): nothing to judge. */
  readonly skipped?: boolean;
}

export interface Dut {
  readonly name: string;
  /** The DUT brings its own eUICC (a phone): no state file, checks on the eUICC cannot be made. */
  readonly ownEuicc?: boolean;
  run(input: DutInput): Promise<DutOutcome>;
}

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
/** Keep the end of what the DUT printed: enough to see why it stopped. */
const MAX_OUTPUT = 4000;

/**
 * A shell command; `{activationCode}`, `{euicc}`, `{ca}`, `{confirmationCode}` are replaced by the case's
 * values, shell-quoted (also given as ACTIVATION_CODE, EUICC_FILE, SMDP_CA, CONFIRMATION_CODE).
 */
export function commandDut(template: string, timeLimitMs: number): Dut {
  return {
    name: template,
    run: (input) =>
      new Promise((resolve) => {
        const values: Record<string, string> = {
          activationCode: input.activationCode,
          euicc: input.euiccFile,
          ca: input.caFile,
          confirmationCode: input.confirmationCode ?? '',
        };
        const command = template.replace(
          /\{(activationCode|euicc|ca|confirmationCode)\}/g,
          (_, key: string) => quote(values[key]!),
        );
        const child = spawn('sh', ['-c', command], {
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: {
            ...process.env,
            ACTIVATION_CODE: input.activationCode,
            EUICC_FILE: input.euiccFile,
            SMDP_CA: input.caFile,
            CONFIRMATION_CODE: input.confirmationCode ?? '',
          },
        });
        let output = '';
        const keep = (chunk: Buffer) => {
          output = (output + chunk.toString('utf8')).slice(-MAX_OUTPUT);
        };
        child.stdout.on('data', keep);
        child.stderr.on('data', keep);
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          // The whole process group: a wrapper script's children go too.
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        }, timeLimitMs);
        child.on('close', (exitCode) => {
          clearTimeout(timer);
          resolve({ exitCode, output, timedOut });
        });
        child.on('error', (error) => {
          clearTimeout(timer);
          resolve({ exitCode: null, output: error.message, timedOut });
        });
      }),
  };
}

/** The built-in LPA in this process (fast: CI runs the whole catalogue with it). */
export function builtinDut(timeLimitMs: number): Dut {
  return {
    name: 'built-in LPA (in process)',
    run: async (input) => {
      const euicc = await EuiccEmulator.open(input.euiccFile);
      try {
        const result = await downloadProfile({
          activationCode: input.activationCode,
          euicc,
          es9: { ca: readFileSync(input.caFile, 'utf8'), timeoutMs: timeLimitMs },
          ...(input.confirmationCode ? { confirmationCode: input.confirmationCode } : {}),
        });
        return {
          exitCode: result.success ? 0 : 1,
          output: result.success ? 'installed' : 'installation failed',
          timedOut: false,
        };
      } catch (error) {
        return { exitCode: 1, output: (error as Error).message, timedOut: false };
      }
    },
  };
}
