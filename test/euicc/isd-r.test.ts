import { describe, expect, it } from 'vitest';
import { ApduFormatError, encodeCommandApdu } from '../../src/apdu/command-apdu.ts';
import { swOf } from '../../src/apdu/status-words.ts';
import { ISD_R_AID } from '../../src/apdu/transport.ts';
import { EUICCInfo2, GetEuiccDataResponse, ProfileInfoListResponse } from '../../src/asn1/rsp/index.ts';
import { EuiccEmulator } from '../../src/euicc/emulator.ts';
import { ApduError, Es10Client } from '../../src/lpa/es10-client.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const sw = async (euicc: EuiccEmulator, apdu: string) =>
  swOf(await euicc.transmit(hex(apdu)))
    .toString(16)
    .toUpperCase();

describe('ISD-R APDU interface (ISO 7816-4, SGP.22 5.7.2)', () => {
  it('opens a logical channel, selects the ISD-R and closes the channel', async () => {
    const euicc = await EuiccEmulator.create();
    const opened = await euicc.transmit(hex('0070000001'));
    expect(opened).toEqual(hex('01 9000'));
    expect(await sw(euicc, `01A4040010${ISD_R_AID.toString('hex')}`)).toBe('9000');
    expect(await sw(euicc, '01A4040005A000000001')).toBe('6A82');
    expect(await sw(euicc, '0070800100')).toBe('9000');
    expect(await sw(euicc, '81E2910006BF3E035C015A')).toBe('6881');
  });

  it('answers SELECT MF with its FCP, as UICC tools (pySim-shell) start, and finds no other file', async () => {
    const euicc = await EuiccEmulator.create();
    // ETSI TS 102 221 11.1.1: by file identifier 3F00, P2 04 = return the FCP template.
    expect(await euicc.transmit(hex('00A4000402 3F00 00'))).toEqual(
      hex('6210 82027821 83023F00 8A0105 C603900100 9000'),
    );
    expect(await euicc.transmit(hex('00A4000C02 3F00'))).toEqual(hex('9000')); // no FCP asked for
    expect(await sw(euicc, '00A4000402 2F00 00')).toBe('6A82'); // EF.DIR: no file system
    expect(await sw(euicc, '00A4080402 7F10 00')).toBe('6A86'); // by path: not taken
    // Selecting the MF leaves the ISD-R: STORE DATA is refused until it is selected again.
    await euicc.transmit(hex(`00A4040010${ISD_R_AID.toString('hex')}`));
    expect(await sw(euicc, '00A4000402 3F00 00')).toBe('9000');
    expect(await sw(euicc, '80E2910006BF3E035C015A')).toBe('6985');
  });

  it('answers SELECT ISD-R with its FCI (E0: the SVN), or nothing when P2 asks for no data', async () => {
    const euicc = await EuiccEmulator.create();
    // GP 11.9.3 FCI with SGP.22's ISDRProprietaryApplicationTemplate; an SGP.22 eUICC has no 'E1'.
    expect(await euicc.transmit(hex(`00A4040010${ISD_R_AID.toString('hex')} 00`))).toEqual(
      hex(`6F1F 8410${ISD_R_AID.toString('hex')} A5049F6501FF E005 8203020202 9000`),
    );
    expect(await euicc.transmit(hex(`00A4040C10${ISD_R_AID.toString('hex')}`))).toEqual(hex('9000'));
  });

  it('answers GetEID in one STORE DATA and refuses STORE DATA before SELECT', async () => {
    const euicc = await EuiccEmulator.create();
    expect(await sw(euicc, '80E2910006BF3E035C015A')).toBe('6985');
    await euicc.transmit(hex(`00A4040010${ISD_R_AID.toString('hex')}`));
    const response = await euicc.transmit(hex('80E2910006BF3E035C015A'));
    expect(swOf(response)).toBe(0x9000);
    expect(GetEuiccDataResponse.decode(response.subarray(0, -2)).eidValue.toString('hex')).toBe(euicc.eid);
  });

  it('reassembles STORE DATA blocks in order and refuses a wrong block number', async () => {
    const euicc = await EuiccEmulator.create();
    const es10 = new Es10Client(euicc, 2);
    // Three-byte blocks: BF 3E 03 | 5C 01 5A.
    expect(await es10.getEid()).toBe(euicc.eid.toUpperCase());
    await euicc.transmit(hex(`00A4040010${ISD_R_AID.toString('hex')}`));
    expect(await sw(euicc, '80E2110003BF3E03')).toBe('9000');
    expect(await sw(euicc, '80E2910203 5C015A')).toBe('6A86');
  });

  it('keeps at most 4 MiB of STORE DATA blocks for one command: past that 6A84, and the blocks are dropped', async () => {
    const euicc = await EuiccEmulator.create();
    await euicc.transmit(hex(`00A4040010${ISD_R_AID.toString('hex')}`));
    // extended-length blocks of 65535 bytes (ISO/IEC 7816-4 5.1): the 65th passes 4 MiB
    const block = (p2: number) =>
      Buffer.concat([hex(`80E211${p2.toString(16).padStart(2, '0')}00FFFF`), Buffer.alloc(0xffff)]);
    for (let p2 = 0; p2 < 64; p2++) expect(swOf(await euicc.transmit(block(p2)))).toBe(0x9000);
    expect(swOf(await euicc.transmit(block(64)))).toBe(0x6a84);
    // the next command starts again at block 0
    expect(await sw(euicc, '80E2910103BF3E03')).toBe('6A86');
    expect(await new Es10Client(euicc).getEid()).toBe(euicc.eid.toUpperCase());
  });

  it('sends long answers in pieces with 61xx and GET RESPONSE', async () => {
    const euicc = await EuiccEmulator.create();
    await euicc.transmit(hex(`00A4040010${ISD_R_AID.toString('hex')}`));
    // Le 0x40: at most 64 bytes at a time.
    const first = await euicc.transmit(hex('80E2910003BF2200 40'));
    expect(first).toHaveLength(66);
    expect(swOf(first) >> 8).toBe(0x61);
    const parts = [first.subarray(0, -2)];
    let last = first;
    while (swOf(last) >> 8 === 0x61) {
      last = await euicc.transmit(hex(`00C00000${(swOf(last) & 0xff).toString(16).padStart(2, '0')}`));
      parts.push(last.subarray(0, -2));
    }
    expect(swOf(last)).toBe(0x9000);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    const info = EUICCInfo2.decode(Buffer.concat(parts));
    expect(info.svn).toEqual(Buffer.from([2, 2, 2]));
    // The client does the same transparently.
    expect((await new Es10Client(euicc).getEuiccInfo2()).sasAcreditationNumber).toBe(
      info.sasAcreditationNumber,
    );
  });

  it('answers bad commands with ISO status words, never an exception', async () => {
    const euicc = await EuiccEmulator.create();
    await euicc.transmit(hex(`00A4040010${ISD_R_AID.toString('hex')}`));
    expect(await sw(euicc, '80CA00005A')).toBe('6D00'); // unknown INS
    // TERMINAL CAPABILITY (ETSI TS 102 221 11.1.19), as an IPA sends it before selecting the ISD-R
    expect(await sw(euicc, '80AA000005A903830107')).toBe('9000');
    expect(await sw(euicc, '00AA000005A903830107')).toBe('6E00');
    expect(await sw(euicc, '20E2910003BF2200')).toBe('6E00'); // bad CLA
    expect(await sw(euicc, '80E2910003BF2201')).toBe('6A80'); // not DER
    expect(await sw(euicc, '80E2910003BF7F00')).toBe('6A88'); // no such ES10 function
    // identifier octets that break DER (leading zero octet, cut short) name no function either
    expect(await sw(euicc, '80E2910003BF8001')).toBe('6A88');
    expect(await sw(euicc, '80E2910001BF')).toBe('6A88');
    expect(await sw(euicc, '80E291')).toBe('6700'); // too short
    expect(await sw(euicc, '80E2910009BF2D00')).toBe('6700'); // Lc longer than the data
  });
});

describe('profile listing with a tag list (SGP.22 5.7.15)', () => {
  it('returns only the data objects asked for', async () => {
    const euicc = await EuiccEmulator.create();
    const es10 = new Es10Client(euicc);
    expect(await es10.listProfiles()).toEqual([]);
    const der = await es10.storeData(hex('BF2D035C015A'));
    expect(ProfileInfoListResponse.decode(der)).toEqual({ profileInfoListOk: [] });
  });

  it('answers incorrectInputValues to a tag list whose tags break DER (it used to read them leniently)', async () => {
    const es10 = new Es10Client(await EuiccEmulator.create());
    // '9F' with its second octet missing; '9F 80 70' with a leading zero octet; '5A' then a cut '9F'
    for (const list of ['5C019F', '5C039F8070', '5C025A9F']) {
      const der = await es10.storeData(hex(`BF2D${(list.length / 2).toString(16).padStart(2, '0')}${list}`));
      expect(der).toEqual(hex('BF2D 03 81 01 01'));
    }
    // well-formed lists still list
    const der = await es10.storeData(hex('BF2D065C045A9F7090'));
    expect(ProfileInfoListResponse.decode(der)).toEqual({ profileInfoListOk: [] });
  });
});

describe('the LPA side of STORE DATA and GET RESPONSE', () => {
  it('gives up with an ApduError on a card that announces more data without end', async () => {
    let calls = 0;
    const endless = {
      openLogicalChannel: async () => 1,
      closeLogicalChannel: async () => undefined,
      transmit: async () => {
        calls++;
        return hex('61FF');
      },
    };
    await expect(new Es10Client(endless).storeData(hex('BF2200'))).rejects.toThrow(ApduError);
    // one STORE DATA, then at most MAX_ANSWER_BYTES / 256 GET RESPONSEs
    expect(calls).toBe(1 + 4096);
  });

  it('refuses a command that needs more STORE DATA blocks than P2 can number, before sending any', async () => {
    const euicc = await EuiccEmulator.create();
    const sent: Buffer[] = [];
    const recording = {
      openLogicalChannel: (aid: Buffer) => euicc.openLogicalChannel(aid),
      closeLogicalChannel: (channel: number) => euicc.closeLogicalChannel(channel),
      transmit: (apdu: Buffer) => {
        sent.push(apdu);
        return euicc.transmit(apdu);
      },
    };
    // 257 blocks of 2 bytes: block 256 would go out as P2 00 (it used to, and the card answered 6A86)
    await expect(new Es10Client(recording, 2).storeData(Buffer.alloc(514))).rejects.toThrow(
      'needs 257 STORE DATA blocks of 2 bytes (at most 256)',
    );
    expect(sent).toEqual([]);
    // 256 blocks are numbered 00 to FF
    await expect(new Es10Client(recording, 2).storeData(Buffer.alloc(512))).rejects.toThrow(ApduError);
    expect(sent.at(-1)?.subarray(1, 4)).toEqual(hex('E291FF'));
    expect(() => encodeCommandApdu({ cla: 0x80, ins: 0xe2, p1: 0x91, p2: 256, data: hex('00') })).toThrow(
      ApduFormatError,
    );
  });
});
