import { describe, expect, it } from 'vitest';
import type { ApduTransport } from '../../src/apdu/transport.ts';
import { GetRatResponse } from '../../src/asn1/rsp/index.ts';
import { EUICC_CASES } from '../../src/conformance/euicc/catalogue.ts';
import { runEuiccCampaign } from '../../src/conformance/euicc/euicc-campaign.ts';
import { LabSmdp } from '../../src/conformance/euicc/lab-smdp.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { DEFAULT_RAT, type RulesAuthorisationTable } from '../../src/euicc/rules-authorisation-table.ts';
import { loadDefaultPki } from '../../src/pki/pki-store.ts';

/**
 * Issue 24: Profile Policy Rules on the eUICC. The cases choose their owners from the card's own RAT, so they
 * hold for any RAT (another RAT: the case still passes, or is inconclusive when the RAT leaves nothing to
 * test), and a card that does not enforce its rules fails them.
 */
const pki = loadDefaultPki();
const lab = new LabSmdp(pki, 'smdp.conformance.rspsim.example', () => new Date());
const PPR_CASES = ['EB-LBPP-PPR-NOT-ALLOWED', 'EC-PPR1-DISABLE', 'EC-PPR2-DELETE'];
const ANY_OPERATOR: RulesAuthorisationTable = [
  { pprIds: ['ppr1', 'ppr2'], allowedOperators: [{ mccMnc: Buffer.from('EEEEEE', 'hex') }], pprFlags: [] },
];

/** The card's answers changed on their way to the LPA (a card that says one thing and does another). */
function rewritten(card: ApduTransport, change: (data: Buffer) => Buffer): ApduTransport {
  return {
    openLogicalChannel: (aid) => card.openLogicalChannel(aid),
    closeLogicalChannel: (channel) => card.closeLogicalChannel(channel),
    transmit: async (apdu) => {
      const response = await card.transmit(apdu);
      return Buffer.concat([change(response.subarray(0, -2)), response.subarray(-2)]);
    },
  };
}

async function run(card: ApduTransport) {
  const results = await runEuiccCampaign(
    card,
    EUICC_CASES.filter((c) => PPR_CASES.includes(c.id)),
    { lab, testCis: pki.trustedCis, allowDestructive: true },
  );
  return results.map((r) => `${r.id} ${r.verdict}${r.verdict === 'pass' ? '' : `: ${r.check ?? r.reason}`}`);
}

describe('Profile Policy Rules in conformance euicc', () => {
  it('our eUICC: its RAT is read back, PPRs it does not allow are refused at install, PPR1/PPR2 enforced', async () => {
    const card = await EuiccEmulator.create();
    const results = await runEuiccCampaign(
      card,
      EUICC_CASES.filter((c) => PPR_CASES.includes(c.id)),
      { lab, testCis: pki.trustedCis, allowDestructive: true },
    );
    expect(results.map((r) => r.verdict)).toEqual(['pass', 'pass', 'pass']);
    expect(results[0]?.notes).toContain(
      'finalResult: error storeMetadata/pprNotAllowed — the RAT does not allow ppr1 to operator 99F999',
    );
    expect(card.profiles).toEqual([]);
  });

  it('another RAT: what it leaves to test passes, what it leaves nothing to test is inconclusive', async () => {
    expect(await run(await EuiccEmulator.create({ rat: [] }))).toEqual([
      'EB-LBPP-PPR-NOT-ALLOWED pass',
      "EC-PPR1-DISABLE inconclusive: the card's RAT allows ppr1 to no operator: no profile with ppr1 can be installed",
      "EC-PPR2-DELETE inconclusive: the card's RAT allows ppr2 to no operator: no profile with ppr2 can be installed",
    ]);
    expect(await run(await EuiccEmulator.create({ rat: ANY_OPERATOR }))).toEqual([
      "EB-LBPP-PPR-NOT-ALLOWED inconclusive: the card's RAT allows ppr1 to every operator tried (99F999, 21F354, 13F020, 00F110)",
      'EC-PPR1-DISABLE pass',
      'EC-PPR2-DELETE pass',
    ]);
  });

  it('a card that does not enforce its rules fails each case', async () => {
    // It allows every PPR to everyone, yet says it has the default RAT; and it answers ok where policy refuses.
    const lax = rewritten(await EuiccEmulator.create({ rat: ANY_OPERATOR }), (data) => {
      if (data.equals(GetRatResponse.encode({ rat: ANY_OPERATOR })))
        return GetRatResponse.encode({ rat: DEFAULT_RAT });
      const hex = data.toString('hex');
      // Enable / Disable / Delete answering disallowedByPolicy (3) say ok (0) instead, and do nothing.
      return /^bf3[123]03800103$/.test(hex) ? Buffer.from(`${hex.slice(0, -2)}00`, 'hex') : data;
    });
    expect(await run(lax)).toEqual([
      'EB-LBPP-PPR-NOT-ALLOWED fail: finalResult',
      'EC-PPR1-DISABLE fail: disableResult',
      'EC-PPR2-DELETE fail: deleteResult',
    ]);
  });
});
