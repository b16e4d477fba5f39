import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../../src/conformance/campaign.ts';
import { builtinDut, commandDut, type Dut } from '../../src/conformance/lpa/dut.ts';
import { type LpaLab, startLpaLab } from '../../src/conformance/lpa/lab.ts';
import { runLpaCampaign } from '../../src/conformance/lpa/lpa-campaign.ts';
import { lpaCases } from '../../src/conformance/lpa/lpa-cases.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { Es9Client, type Es9Transport } from '../../src/lpa/es9-client.ts';
import { MemoryProfileRepository } from '../../src/store/memory/memory-profile-repository.ts';

/**
 * `rspsim conformance lpa`: the built-in LPA passes every case of the catalogue (in process, and through
 * the command line for a few), and an LPA that misbehaves fails exactly the cases its fault breaks.
 */
let lab: LpaLab;
beforeAll(async () => {
  lab = await startLpaLab({ profiles: new MemoryProfileRepository() });
});
afterAll(async () => {
  await lab?.close();
});

const shown = (r: CaseResult) =>
  `${r.id}: ${r.verdict} ${r.check ?? ''} expected ${r.expected} observed ${r.observed} ${r.reason ?? ''} ${r.notes.join(' ')}`;
const pick = (ids: readonly string[]) => lpaCases(lab.scenarios).filter((c) => ids.includes(c.id));

/** An LPA that never sends cancelSession (it walks away from a session it should end). */
const forgetfulLpa: Dut = {
  name: 'an LPA that never cancels',
  run: async (input) => {
    const euicc = await EuiccEmulator.open(input.euiccFile);
    const client = new Es9Client(lab.smdp.address, {
      ca: readFileSync(input.caFile, 'utf8'),
      timeoutMs: 5000,
    });
    const es9Client: Es9Transport = {
      // cancelSession answered as if delivered (an answer without fields), never sent.
      call: (fn, body) => (fn === 'cancelSession' ? Promise.resolve(undefined) : client.call(fn, body)),
      close: () => client.close(),
    };
    try {
      await downloadProfile({
        activationCode: input.activationCode,
        euicc,
        es9Client,
        ...(input.confirmationCode ? { confirmationCode: input.confirmationCode } : {}),
      });
      return { exitCode: 0, output: 'installed', timedOut: false };
    } catch (error) {
      return { exitCode: 1, output: (error as Error).message, timedOut: false };
    } finally {
      client.close();
    }
  },
};

describe('conformance lpa', () => {
  it('the built-in LPA passes every case of the catalogue', async () => {
    const cases = lpaCases(lab.scenarios);
    expect(cases.length).toBe(lab.scenarios.length + 3);
    const results = await runLpaCampaign(lab, builtinDut(10_000), cases);
    expect(results.filter((r) => r.verdict !== 'pass').map(shown)).toEqual([]);
    // The report shows what the SM-DP+ traced (initiateAuthentication failures open no session to trace).
    expect(
      results.filter((r) => r.exchanges.length === 0 && !r.id.startsWith('LPA-IA-')).map((r) => r.id),
    ).toEqual([]);
  }, 120_000);

  it('an LPA that never ends a session fails exactly the cases where SGP.22 says it must', async () => {
    const expected: Record<string, 'pass' | 'fail'> = {
      'LPA-NOM-P256': 'pass',
      'LPA-IA-BAD-SERVER-SIGNATURE1': 'fail',
      'LPA-AC-CERT-WRONG-CI': 'fail',
      'LPA-GBPP-HTTP-500': 'fail',
      'LPA-CS-DELAY': 'fail',
      'LPA-AC-HTTP-500': 'pass',
      'LPA-BPP-BAD-MAC-PROFILE-ELEMENTS': 'pass',
      'LPA-HN-HTTP-500': 'pass',
    };
    const results = await runLpaCampaign(lab, forgetfulLpa, pick(Object.keys(expected)));
    expect(Object.fromEntries(results.map((r) => [r.id, r.verdict])), results.map(shown).join('\n')).toEqual(
      expected,
    );
  }, 60_000);

  it('runs a DUT command per case with the activation code substituted (the built-in LPA as a user runs it)', async () => {
    const bin = new URL('../../bin/rspsim.mjs', import.meta.url).pathname;
    const dut = commandDut(
      `"${process.execPath}" "${bin}" profile download -e {euicc} -a {activationCode} --ca {ca} \${CONFIRMATION_CODE:+-c "$CONFIRMATION_CODE"}`,
      30_000,
    );
    const ids = ['LPA-NOM-CC', 'LPA-BPP-WRONG-ICCID', 'LPA-HN-HTTP-500'];
    const results = await runLpaCampaign(lab, dut, pick(ids));
    expect(results.map(shown)).toEqual(results.filter((r) => r.verdict === 'pass').map(shown));
    expect(results).toHaveLength(3);
    // A command that does nothing never passes: the download did not happen, the entry never acted.
    const idle = await runLpaCampaign(
      lab,
      commandDut('true', 5000),
      pick(['LPA-NOM-P256', 'LPA-GBPP-HTTP-500', 'LPA-HN-HTTP-500', 'LPA-IA-HTTP-500']),
    );
    // The cases whose entry it never reached show nothing about it: inconclusive, naming that step.
    expect(Object.fromEntries(idle.map((r) => [r.id, r.verdict]))).toEqual(
      Object.fromEntries([
        ['LPA-NOM-P256', 'fail'],
        ['LPA-GBPP-HTTP-500', 'inconclusive'],
        ['LPA-HN-HTTP-500', 'inconclusive'],
        ['LPA-IA-HTTP-500', 'inconclusive'],
      ]),
    );
    expect(idle.find((r) => r.id === 'LPA-GBPP-HTTP-500')?.reason).toMatch(
      /never reached getBoundProfilePackage/,
    );
  }, 90_000);
});
