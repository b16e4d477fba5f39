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
import { DUT_RUN_VARIABLE, newDutRunMarker, signalDutRun } from './dut-processes.ts';

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
/** After the time limit's SIGTERM, how long the DUT has to end (run-lpac to stop lpac) before SIGKILL. */
const KILL_GRACE_MS = 2_000;
/** After SIGKILL, how long its output may stay open before the run is given up as ended. */
const KILL_WAIT_MS = 3_000;

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
          (_, key: string) => quote(values[key] ?? ''),
        );
        const marker = newDutRunMarker();
        // Its own process group, and a marker every process it starts inherits (dut-processes.ts).
        const child = spawn('sh', ['-c', command], {
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: {
            ...process.env,
            ACTIVATION_CODE: input.activationCode,
            EUICC_FILE: input.euiccFile,
            SMDP_CA: input.caFile,
            CONFIRMATION_CODE: input.confirmationCode ?? '',
            [DUT_RUN_VARIABLE]: marker,
          },
        });
        let output = '';
        const keep = (chunk: Buffer) => {
          output = (output + chunk.toString('utf8')).slice(-MAX_OUTPUT);
        };
        child.stdout.on('data', keep);
        child.stderr.on('data', keep);
        let timedOut = false;
        const timers: NodeJS.Timeout[] = [];
        let done = false;
        const finish = async (exitCode: number | null, said?: string) => {
          if (done) return;
          done = true;
          for (const timer of timers) clearTimeout(timer);
          timers.length = 0;
          // What the DUT left running after it ended would act during the next case.
          const left = await signalDutRun(marker, undefined, 'SIGKILL');
          const text = said ?? output;
          const ended =
            left > 0
              ? `${text === '' || text.endsWith('\n') ? '' : '\n'}[rspsim: ended ${left} process(es) the DUT left running]\n`
              : '';
          resolve({ exitCode, output: `${text}${ended}`, timedOut });
        };
        // The time limit: SIGTERM to every process of the run (run-lpac passes it on to lpac), then SIGKILL;
        // then the run is over, even if something nobody found still holds its output open.
        timers.push(
          setTimeout(() => {
            timedOut = true;
            void signalDutRun(marker, child.pid, 'SIGTERM');
            timers.push(
              setTimeout(() => {
                void signalDutRun(marker, child.pid, 'SIGKILL');
                timers.push(
                  setTimeout(() => {
                    child.stdout.destroy();
                    child.stderr.destroy();
                    void finish(null);
                  }, KILL_WAIT_MS),
                );
              }, KILL_GRACE_MS),
            );
          }, timeLimitMs),
        );
        child.on('close', (exitCode) => void finish(exitCode));
        child.on('error', (error) => void finish(null, error.message));
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
