/**
 * A person with a phone as the LPA under test (`--dut-manual`): per case the terminal shows what to do, the
 * activation code (SGP.22 4.1) as text and as a QR code, and waits for Enter (done), `s` (skip) or the
 * time limit. The phone has its own eUICC: the verdict rests on what the SM-DP+ observed.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import QRCode from 'qrcode';
import type { Dut, DutOutcome } from './dut.ts';

export interface ManualDutOptions {
  readonly input: Readable;
  readonly output: Writable;
  readonly timeLimitMs: number;
  /** Printed before the first case: where the SM-DP+ is and which CI the phone must trust. */
  readonly intro: string;
}

/** Enter, `s`, the end of the input, or nothing before the time limit. */
function answer(input: Readable, timeLimitMs: number): Promise<'done' | 'skip' | 'closed' | 'timeout'> {
  return new Promise((resolve) => {
    if (input.readableEnded || input.destroyed) return resolve('closed');
    const lines = createInterface({ input, terminal: false });
    const finish = (how: 'done' | 'skip' | 'closed' | 'timeout') => {
      clearTimeout(timer);
      lines.removeAllListeners();
      lines.close();
      resolve(how);
    };
    const timer = setTimeout(() => finish('timeout'), timeLimitMs);
    lines.on('line', (line) => {
      const typed = line.trim().toLowerCase();
      if (typed === '') finish('done');
      else if (typed === 's') finish('skip');
    });
    lines.on('close', () => finish('closed'));
  });
}

export function manualDut(options: ManualDutOptions): Dut {
  let introduced = false;
  return {
    name: 'a person with a phone (manual)',
    ownEuicc: true,
    run: async (input): Promise<DutOutcome> => {
      const qr = await QRCode.toString(input.activationCode, { type: 'terminal', small: true });
      const text = [
        ...(introduced ? [] : [options.intro, '']),
        `=== ${input.caseId}: ${input.caseTitle}`,
        `What to do: ${input.whatToDo}`,
        `Activation code: ${input.activationCode}`,
        ...(input.confirmationCode ? [`Confirmation code: ${input.confirmationCode}`] : []),
        qr,
        `Press Enter when the phone has finished, or type s and Enter to skip (time limit ${Math.round(options.timeLimitMs / 1000)} s).`,
        '',
      ].join('\n');
      introduced = true;
      const waiting = answer(options.input, options.timeLimitMs);
      options.output.write(text);
      const how = await waiting;
      const said: Record<typeof how, string> = {
        done: 'the tester pressed Enter',
        skip: 'the tester skipped the case',
        closed: 'no tester (the input ended)',
        timeout: 'the time limit ran out',
      };
      return {
        exitCode: null,
        output: said[how],
        timedOut: how === 'timeout',
        skipped: how === 'skip' || how === 'closed',
      };
    },
  };
}
