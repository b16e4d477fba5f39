import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualIntro } from '../../src/cli/conformance-lpa-command.ts';
import type { CaseResult } from '../../src/conformance/campaign.ts';
import { type LpaLab, startLpaLab } from '../../src/conformance/lpa/lab.ts';
import { runLpaCampaign } from '../../src/conformance/lpa/lpa-campaign.ts';
import { lpaCases } from '../../src/conformance/lpa/lpa-cases.ts';
import { manualDut } from '../../src/conformance/lpa/manual-dut.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { MemoryProfileRepository } from '../../src/store/memory/memory-profile-repository.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * `rspsim conformance lpa --dut-manual`: a person with a phone, played here by a script reading the terminal
 * and the built-in LPA on an eUICC the campaign knows nothing of (a phone's own). The phone downloads with
 * the activation code parsed from the printed prompt, so a wrong printed code cannot pass.
 */
let lab: LpaLab;
beforeAll(async () => {
  // An address given without a port: the lab adds the port it listens on; the TLS certificate names it.
  lab = await startLpaLab({
    profiles: new MemoryProfileRepository(),
    host: '127.0.0.1',
    address: '127.0.0.1',
  });
});
afterAll(async () => {
  await lab?.close();
});

const pick = (ids: readonly string[]) => lpaCases(lab.scenarios).filter((c) => ids.includes(c.id));
const verdicts = (results: readonly CaseResult[]) =>
  Object.fromEntries(results.map((r) => [r.id, r.verdict]));

/** A terminal whose "person" answers each prompt with `act(prompt)`, then the line it returns. */
function terminal(act: (prompt: string) => Promise<string>) {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  let pending = '';
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
    pending += chunk.toString('utf8');
    const end = pending.indexOf('Press Enter');
    if (end < 0) return;
    const prompt = pending;
    pending = '';
    void act(prompt).then((line) => input.write(line));
  });
  return { input, output, printed: () => printed };
}

describe('conformance lpa --dut-manual', () => {
  it('shows each case with its activation code and QR code, and judges from what the SM-DP+ observed', async () => {
    const phoneDir = tempDir('manual-phone');
    const euiccFile = join(phoneDir, 'phone-euicc.json');
    await EuiccEmulator.create({ file: euiccFile, curve: 'P-256' });
    const ca = readFileSync(lab.caFile, 'utf8');
    const seen: string[] = [];
    const tty = terminal(async (prompt) => {
      const activationCode = /^Activation code: (\S+)$/m.exec(prompt)?.[1];
      const confirmationCode = /^Confirmation code: (\S+)$/m.exec(prompt)?.[1];
      seen.push(activationCode ?? 'none');
      if (activationCode) {
        // The phone: its own eUICC, the code as read off the screen; it fails on its own when it must.
        const euicc = await EuiccEmulator.open(euiccFile);
        await downloadProfile({
          activationCode,
          euicc,
          es9: { ca, timeoutMs: 10_000 },
          ...(confirmationCode ? { confirmationCode } : {}),
        }).catch(() => undefined);
      }
      return '\n';
    });
    const dut = manualDut({
      input: tty.input,
      output: tty.output,
      timeLimitMs: 60_000,
      intro: manualIntro(lab),
    });
    const results = await runLpaCampaign(
      lab,
      dut,
      pick(['LPA-NOM-P256', 'LPA-NOM-CC', 'LPA-NOM-BRP', 'LPA-BPP-WRONG-ICCID', 'LPA-HN-HTTP-500']),
    );
    expect(
      verdicts(results),
      results.map((r) => `${r.id} ${r.check} ${r.observed} ${r.reason}`).join('\n'),
    ).toEqual({
      'LPA-NOM-P256': 'pass',
      'LPA-NOM-CC': 'pass',
      // The phone's eUICC picks its curve; a kept notification shows only on the eUICC.
      'LPA-NOM-BRP': 'inconclusive',
      'LPA-BPP-WRONG-ICCID': 'pass',
      'LPA-HN-HTTP-500': 'inconclusive',
    });
    // What could not be checked on the phone's eUICC is said with the verdict.
    expect(results[0]!.notes.join(' ')).toContain(
      "not observable on the DUT's own eUICC: profiles on the eUICC",
    );
    const out = tty.printed();
    expect(seen).toHaveLength(4);
    for (const code of seen)
      expect(code).toMatch(new RegExp(`^LPA:1\\$${lab.smdp.address.replace(/\./g, '\\.')}\\$LPA-`));
    expect(lab.smdp.address).toMatch(/^127\.0\.0\.1:[1-9]\d*$/);
    expect(out).toContain(`https://${lab.smdp.address}`);
    expect(out.split('must trust that CI')).toHaveLength(2); // once, before the first case
    expect(out).toContain('Confirmation code: 4711');
    expect(out).toContain('=== LPA-NOM-CC: a download with the confirmation code installs the profile');
    expect(out).toMatch(/[▀▄█]{10}/); // the QR code in block characters
  }, 90_000);

  it('s skips a case (inconclusive); the time limit running out fails it', async () => {
    const skipping = terminal(async () => 's\n');
    const skipped = await runLpaCampaign(
      lab,
      manualDut({ input: skipping.input, output: skipping.output, timeLimitMs: 60_000, intro: '' }),
      pick(['LPA-NOM-P256']),
    );
    expect(skipped.map((r) => [r.verdict, r.reason])).toEqual([
      ['inconclusive', 'the tester skipped the case'],
    ]);
    const silent = terminal(() => new Promise<string>(() => undefined));
    const late = await runLpaCampaign(
      lab,
      manualDut({ input: silent.input, output: silent.output, timeLimitMs: 200, intro: '' }),
      pick(['LPA-NOM-P256']),
    );
    expect(late.map((r) => [r.verdict, r.check, r.observed])).toEqual([['fail', 'the LPA', 'still running']]);
  }, 60_000);
});
