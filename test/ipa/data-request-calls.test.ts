import { describe, expect, it } from 'vitest';
import type { ApduTransport } from '../../src/apdu/transport.ts';
import { ProvideEimPackageResult } from '../../src/asn1/sgp32/index.ts';
import { answerEuiccDataRequest } from '../../src/ipa/euicc-data.ts';
import { startUp } from '../../src/ipa/start-up.ts';
import { EIM_ID, iotCard } from '../helpers/iot-card.ts';

/**
 * An eUICC data request (SGP.32 2.11.1.2) calls each ES10 function once: the two addresses from one
 * GetEuiccConfiguredAddresses (BF3C), the two certificates from one GetCerts (BF56). The osmo-ttcn3 `ipad` suite
 * (2566933e, f_TC_proc_euicc_data_req) answers one call per function in the tag list's order and takes a second
 * GetEuiccConfiguredAddresses for the next function's; our IPA called both twice.
 */
describe('eUICC data request ES10 calls', () => {
  it('reads addresses and certificates once each', async () => {
    const { card } = await iotCard('P-256', { eimFqdn: 'eim.test.example' });
    const sent: Buffer[] = [];
    const recording: ApduTransport = {
      openLogicalChannel: (aid) => card.openLogicalChannel(aid),
      closeLogicalChannel: (channel) => card.closeLogicalChannel(channel),
      transmit: (apdu) => {
        sent.push(apdu);
        return card.transmit(apdu);
      },
    };
    const ipaCard = await startUp(recording);
    const eim = ipaCard.eims.find((e) => e.eimId === EIM_ID);
    if (!eim) throw new Error('no eIM');
    sent.length = 0;
    const answer = await answerEuiccDataRequest(
      { card: ipaCard, eim, deviceInfo: { tac: Buffer.from('12345678', 'hex'), deviceCapabilities: {} } },
      { tagList: Buffer.from('8183A5A6', 'hex'), eimTransactionId: Buffer.alloc(16, 3) },
    );
    // STORE DATA 80 E2 91 00 Lc, then the ES10 command's tag
    const tags = sent.map((apdu) => apdu.subarray(5, 7).toString('hex').toUpperCase());
    expect(tags.filter((tag) => tag === 'BF3C')).toHaveLength(1);
    expect(tags.filter((tag) => tag === 'BF56')).toHaveLength(1);
    const result = ProvideEimPackageResult.decode(answer).eimPackageResult;
    if (!('ipaEuiccDataResponse' in result) || !('ipaEuiccData' in result.ipaEuiccDataResponse))
      throw new Error('no IpaEuiccData');
    const data = result.ipaEuiccDataResponse.ipaEuiccData;
    expect(data.eumCertificate?.[0]).toBe(0x30);
    expect(data.euiccCertificate?.[0]).toBe(0x30);
  });
});
