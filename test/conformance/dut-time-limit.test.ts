import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { commandDut, type DutInput } from '../../src/conformance/lpa/dut.ts';
import { processesCarrying } from '../../src/conformance/lpa/dut-processes.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * Issue 22: the LPA campaign's time limit ends the whole DUT — also what it started outside its process
 * group (lpac, which `rspsim euicc run-lpac` starts detached; a helper a script starts with setsid) — and
 * what a DUT leaves running after it ended is ended before the next case.
 */
const dir = tempDir('dut-time-limit');
const bin = new URL('../../bin/rspsim.mjs', import.meta.url).pathname;
const standIn = new URL('../helpers/lpac-stand-in.mjs', import.meta.url).pathname;
const input: DutInput = {
  caseId: 'T',
  caseTitle: 'T',
  whatToDo: '',
  activationCode: 'LPA:1$localhost:1$X',
  euiccFile: join(dir, 'euicc.json'),
  caFile: join(dir, 'ci.pem'),
};
beforeAll(async () => {
  await EuiccEmulator.create({ file: input.euiccFile });
});

/** A variable only this test's processes carry, and the processes carrying it (zombies excepted). */
const tag = () => `RSPSIM_TEST_TAG=${randomBytes(6).toString('hex')}`;
async function gone(entry: string): Promise<number[]> {
  // A process killed a moment ago may still be on its way out.
  for (let i = 0; i < 50 && processesCarrying(entry).length > 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  return processesCarrying(entry);
}

/** A node one-liner that starts a detached grandchild (its own session) living 5 minutes. */
const detachedGrandchild = (entry: string) =>
  `${entry} "${process.execPath}" -e "require('node:child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 300000)'], { detached: true, stdio: 'ignore' }).unref()"`;

describe.skipIf(process.platform !== 'linux')('the DUT time limit', () => {
  it('ends a DUT and the detached grandchild it started, and says the DUT ran out of time', async () => {
    const entry = tag();
    const dut = commandDut(`${detachedGrandchild(entry)}; echo started; sleep 300`, 1000);
    const started = Date.now();
    const outcome = await dut.run(input);
    expect(outcome.timedOut).toBe(true);
    expect(outcome.output).toContain('started');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await gone(entry)).toEqual([]);
  }, 30_000);

  it('ends what a DUT left running after it ended, and says so', async () => {
    const entry = tag();
    const outcome = await commandDut(`${detachedGrandchild(entry)}; echo done`, 30_000).run(input);
    expect(outcome.timedOut).toBe(false);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.output).toMatch(/^done\n\[rspsim: ended 1 process\(es\) the DUT left running\]\n$/);
    expect(await gone(entry)).toEqual([]);
  }, 30_000);

  it('ends lpac started detached by `rspsim euicc run-lpac` (a stand-in that waits forever)', async () => {
    const entry = tag();
    const dut = commandDut(
      `${entry} "${process.execPath}" "${bin}" euicc run-lpac -f {euicc} --lpac "${standIn}" -- wait`,
      // Time for the CLI to start and the stand-in to say "waiting" on a loaded machine.
      12_000,
    );
    const outcome = await dut.run(input);
    expect(outcome.timedOut).toBe(true);
    expect(outcome.output).toContain('waiting');
    expect(await gone(entry)).toEqual([]);
  }, 30_000);

  it('leaves nothing behind and notes nothing for a DUT that ends on its own', async () => {
    const entry = tag();
    const outcome = await commandDut(`${entry} sh -c 'echo hello'`, 30_000).run(input);
    expect(outcome).toEqual({ exitCode: 0, output: 'hello\n', timedOut: false });
    expect(processesCarrying(entry)).toEqual([]);
  });
});
