import { describe, expect, it } from 'vitest';
import type { ApduTransport } from '../../src/apdu/transport.ts';
import { EUICC_CASES } from '../../src/conformance/euicc/catalogue.ts';
import { runEuiccCampaign } from '../../src/conformance/euicc/euicc-campaign.ts';
import { LabSmdp } from '../../src/conformance/euicc/lab-smdp.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { loadDefaultPki } from '../../src/pki/pki-store.ts';

/**
 * Issue 24: ES10b.CancelSession once the BPP has started loading (ConfigureISDP and StoreMetadata loaded).
 * Our eUICC ends the session with a signed answer and installs nothing of the rest; a card that refuses the
 * cancel gets a remark (SGP.22 names no answer for it), one that installs the profile anyway fails.
 */
const pki = loadDefaultPki();
const lab = new LabSmdp(pki, 'smdp.conformance.rspsim.example', () => new Date());
const CASE = EUICC_CASES.filter((c) => c.id === 'EB-CS-LBPP-STARTED');

/** A card that answers every CancelSession (STORE DATA starting 'BF41') with SW 6A80, without acting on it. */
function refusingCancel(card: ApduTransport): ApduTransport {
  return {
    openLogicalChannel: (aid) => card.openLogicalChannel(aid),
    closeLogicalChannel: (channel) => card.closeLogicalChannel(channel),
    transmit: (apdu) =>
      apdu[1] === 0xe2 && apdu[5] === 0xbf && apdu[6] === 0x41
        ? Promise.resolve(Buffer.from('6A80', 'hex'))
        : card.transmit(apdu),
  };
}

describe('CancelSession after BPP loading started', () => {
  it('our eUICC: a signed cancelSessionResponseOk, the rest of the BPP installs nothing', async () => {
    const card = await EuiccEmulator.create();
    const [result] = await runEuiccCampaign(card, CASE, { lab, testCis: pki.trustedCis });
    expect(result?.verdict).toBe('pass');
    const cancel = result?.exchanges.find((e) => e.path === 'ES10b.CancelSession');
    expect(cancel?.decoded?.response).toContain('cancelSessionResponseOk');
    // The rest of the BPP finds no session: refused, nothing installed, nothing left on the card.
    expect(result?.notes.some((n) => n.startsWith('the rest of the BPP: '))).toBe(true);
    expect(card.profiles).toEqual([]);
  });

  it('a card that refuses the cancel gets a remark for it, and fails when the rest of the BPP then installs the profile', async () => {
    // Refusing the cancel, our eUICC goes on loading the BPP, and the rest of it installs the profile.
    const [result] = await runEuiccCampaign(refusingCancel(await EuiccEmulator.create()), CASE, {
      lab,
      testCis: pki.trustedCis,
    });
    expect(result).toMatchObject({
      verdict: 'fail',
      check: 'the rest of the BPP',
      expected: 'no successResult',
      observed: 'success',
    });
    expect(result?.remarks.map((r) => [r.what, r.reading.word])).toEqual([
      ['CancelSession after BPP loading started', 'MAY'],
    ]);
  });
});
