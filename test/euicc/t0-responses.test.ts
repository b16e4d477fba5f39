import { describe, expect, it } from 'vitest';
import { ISD_R_AID } from '../../src/apdu/transport.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { t0Responses } from '../../src/euicc/t0-responses.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

/**
 * The vpcd card's T=0 rule (ISO/IEC 7816-3 12.2.4, ETSI TS 102 221 7.3.1.1.4): a case 4 command sent without
 * Le is answered 61xx and its data fetched by GET RESPONSE, the exchange onomondo-ipa and the osmo-ttcn3 `ipad`
 * suite's card make ('01A4040410 <ISD-R>' → '61xx', STORE DATA → '61xx', '01C00000xx' → data 9000).
 */
describe('T=0 responses of the card in the vpcd reader', () => {
  it('answers SELECT ISD-R and STORE DATA without Le with 61xx, and the data to GET RESPONSE', async () => {
    const euicc = await EuiccEmulator.create({ iot: true });
    const t0 = t0Responses((apdu) => euicc.transmit(apdu));
    expect(await t0.transmit(hex('0070000001'))).toEqual(hex('01 9000')); // case 2: data at once
    const selected = await t0.transmit(hex(`01A4040410${ISD_R_AID.toString('hex')}`));
    expect(selected).toEqual(hex('6126'));
    // The FCI: 6F { 84 <ISD-R AID>, A5 { 9F65 01 FF }, E0 { 82 SVN 2.2.2 }, E1 { 80 no bit set } }.
    expect(await t0.transmit(hex('01C0000026'))).toEqual(
      hex(`6F24 8410${ISD_R_AID.toString('hex')} A5049F6501FF E005 8203020202 E103 800100 9000`),
    );
    expect(await t0.transmit(hex('81E2910006 BF3E035C015A'))).toEqual(hex('6115'));
    // Fetched in two pieces: 61xx announces what is left, the card's own SW comes with the last piece.
    const first = await t0.transmit(hex('01C0000010'));
    expect(first.subarray(-2)).toEqual(hex('6105'));
    const rest = await t0.transmit(hex('01C0000005'));
    expect(rest.subarray(-2)).toEqual(hex('9000'));
    expect(Buffer.concat([first.subarray(0, -2), rest.subarray(0, -2)])).toEqual(
      hex(`BF3E125A10${euicc.eid}`),
    );
  });

  it('answers a command that gives Le at once, passes what does not answer data, and forgets on reset', async () => {
    const euicc = await EuiccEmulator.create();
    const t0 = t0Responses((apdu) => euicc.transmit(apdu));
    await t0.transmit(hex(`00A4040C10${ISD_R_AID.toString('hex')}`));
    const withLe = await t0.transmit(hex('80E2910006 BF3E035C015A 00'));
    expect(withLe).toEqual(hex(`BF3E125A10${euicc.eid} 9000`));
    // STORE DATA of a non-final block: no response data, its 9000 passes.
    expect(await t0.transmit(hex('80E2110003 BF3E03'))).toEqual(hex('9000'));
    expect(await t0.transmit(hex('80E2910103 5C015A'))).toEqual(hex('6115'));
    // Another command in between drops what was held: GET RESPONSE then reaches the card itself.
    expect(await t0.transmit(hex('80AA000005A903830107'))).toEqual(hex('9000'));
    expect(await t0.transmit(hex('00C0000015'))).toEqual(hex('9000'));
    expect(await t0.transmit(hex('80E2910006 BF3E035C015A'))).toEqual(hex('6115'));
    t0.forget();
    expect(await t0.transmit(hex('00C0000015'))).toEqual(hex('9000'));
  });
});
