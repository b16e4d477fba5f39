import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApduTransport } from '../../src/apdu/transport.ts';
import { CancelSessionReasons } from '../../src/asn1/rsp/index.ts';
import type { CaseResult } from '../../src/conformance/campaign.ts';
import { builtinDut, type Dut } from '../../src/conformance/lpa/dut.ts';
import { type LpaLab, startLpaLab } from '../../src/conformance/lpa/lab.ts';
import { runLpaCampaign } from '../../src/conformance/lpa/lpa-campaign.ts';
import { lpaCases } from '../../src/conformance/lpa/lpa-cases.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { downloadProfile } from '../../src/lpa/download.ts';
import { MemoryProfileRepository } from '../../src/store/memory/memory-profile-repository.ts';

/**
 * Issue 22: a correct LPA that behaves differently where SGP.22 allows it gets no fail. SGP.22 names no
 * CancelSessionReason for a getBoundProfilePackage failure, nor which of endUserRejection / postponed an End
 * User who gives no confirmation code means: an LPA that always cancels with endUserRejection (as lpac does)
 * or with timeout passes, with a remark where its reason has a consequence a lab should know.
 */
let lab: LpaLab;
beforeAll(async () => {
  lab = await startLpaLab({ profiles: new MemoryProfileRepository() });
});
afterAll(async () => {
  await lab?.close();
});

/**
 * The eUICC seen through an LPA that asks ES10b.CancelSession with `reason` whatever happened: the
 * CancelSessionRequest ('BF41' { '80' transactionId, '81' reason }) of its STORE DATA gets that reason; the
 * eUICC signs it, so the SM-DP+ receives it.
 */
function cancellingWith(euicc: ApduTransport, reason: number): ApduTransport {
  return {
    openLogicalChannel: (aid) => euicc.openLogicalChannel(aid),
    closeLogicalChannel: (channel) => euicc.closeLogicalChannel(channel),
    transmit: (apdu) => {
      const n = apdu.length;
      const cancel = apdu[5] === 0xbf && apdu[6] === 0x41 && apdu[n - 3] === 0x81 && apdu[n - 2] === 0x01;
      if (!cancel) return euicc.transmit(apdu);
      const changed = Buffer.from(apdu);
      changed[n - 1] = reason;
      return euicc.transmit(changed);
    },
  };
}

/** The built-in LPA, cancelling every session with `reason`. */
const lpaCancellingWith = (reason: number): Dut => ({
  name: `an LPA that cancels with reason ${reason}`,
  run: async (input) => {
    const euicc = await EuiccEmulator.open(input.euiccFile);
    try {
      const result = await downloadProfile({
        activationCode: input.activationCode,
        euicc: cancellingWith(euicc, reason),
        es9: { ca: readFileSync(input.caFile, 'utf8'), timeoutMs: 5000 },
        ...(input.confirmationCode ? { confirmationCode: input.confirmationCode } : {}),
      });
      return { exitCode: result.success ? 0 : 1, output: '', timedOut: false };
    } catch (error) {
      return { exitCode: 1, output: (error as Error).message, timedOut: false };
    }
  },
});

const CASES = [
  'LPA-NOM-P256',
  'LPA-GBPP-HTTP-500',
  'LPA-GBPP-HTTP-503',
  'LPA-GBPP-TIMEOUT',
  'LPA-GBPP-NOT-JSON',
  'LPA-GBPP-MISSING-FIELD',
  'LPA-GBPP-CC-REFUSED',
  'LPA-GBPP-FAIL-TWICE',
  'LPA-AC-FAIL-TWICE',
  'LPA-AC-REQUIRE-CC',
  'LPA-CS-DELAY',
  'LPA-CS-HTTP-500',
  'LPA-IA-BAD-SERVER-SIGNATURE1',
];
const pick = () => lpaCases(lab.scenarios).filter((c) => CASES.includes(c.id));
const shown = (r: CaseResult) =>
  `${r.id}: ${r.verdict} ${r.check ?? ''} ${r.observed ?? ''} ${r.reason ?? ''} ${r.remarks.map((m) => m.observed).join(' ')}`;
const verdicts = (results: readonly CaseResult[]) =>
  Object.fromEntries(results.map((r) => [r.id, r.verdict]));

describe('conformance lpa is fair to LPAs that differ where SGP.22 allows it', () => {
  it('the built-in LPA (postponed) passes without a remark', async () => {
    const results = await runLpaCampaign(lab, builtinDut(10_000), pick());
    expect(results).toHaveLength(CASES.length);
    expect(results.filter((r) => r.verdict !== 'pass').map(shown)).toEqual([]);
    // The reason is noted either way.
    expect(results.find((r) => r.id === 'LPA-GBPP-HTTP-500')?.notes).toContain(
      'cancelSession reason: 1 postponed',
    );
  }, 120_000);

  it('an LPA that cancels with endUserRejection (as lpac does) gets no fail: remarks where the order became final', async () => {
    const results = await runLpaCampaign(
      lab,
      lpaCancellingWith(CancelSessionReasons.endUserRejection),
      pick(),
    );
    expect(results.filter((r) => r.verdict === 'fail' || r.verdict === 'error').map(shown)).toEqual([]);
    const v = verdicts(results);
    for (const id of [
      'LPA-GBPP-HTTP-500',
      'LPA-GBPP-HTTP-503',
      'LPA-GBPP-TIMEOUT',
      'LPA-GBPP-NOT-JSON',
      'LPA-GBPP-MISSING-FIELD',
      'LPA-GBPP-CC-REFUSED',
    ])
      expect(v[id], id).toBe('pass-with-remark');
    const remark = results.find((r) => r.id === 'LPA-GBPP-HTTP-500')?.remarks[0];
    expect(remark).toMatchObject({
      what: 'the CancelSessionReason',
      expected: '1 postponed or 2 timeout',
      observed: '0 endUserRejection (the order is now error at the SM-DP+)',
      reading: { word: 'MAY' },
    });
    // Declining without a code is the End User's rejection: no remark.
    expect(v['LPA-CS-DELAY']).toBe('pass');
    expect(v['LPA-CS-HTTP-500']).toBe('pass');
    // Here the SM-DP+ failed before it bound the order to the session: the order stayed downloadable, the
    // third download succeeded; the remark says what became of the order.
    const twice = results.find((r) => r.id === 'LPA-GBPP-FAIL-TWICE');
    expect(twice?.verdict).toBe('pass-with-remark');
    expect(twice?.remarks.map((m) => m.observed)).toEqual([
      '0 endUserRejection (the order is now released at the SM-DP+)',
      '0 endUserRejection (the order is now released at the SM-DP+)',
    ]);
    expect(v['LPA-AC-FAIL-TWICE']).toBe('pass');
    expect(v['LPA-NOM-P256']).toBe('pass');
  }, 120_000);

  it('an LPA that cancels with timeout gets no fail (a remark where the End User declined)', async () => {
    const results = await runLpaCampaign(lab, lpaCancellingWith(CancelSessionReasons.timeout), pick());
    expect(results.filter((r) => r.verdict === 'fail' || r.verdict === 'error').map(shown)).toEqual([]);
    const v = verdicts(results);
    expect(v['LPA-GBPP-HTTP-500']).toBe('pass');
    expect(v['LPA-GBPP-FAIL-TWICE']).toBe('pass');
    expect(v['LPA-CS-DELAY']).toBe('pass-with-remark');
  }, 120_000);
});
