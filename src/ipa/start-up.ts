/**
 * The IPA's start-up on its eUICC (SGP.32 3.1 and the reference's §12; the order the osmo-ttcn3 `ipad` suite
 * expects of an IPAd): TERMINAL CAPABILITY on the basic channel, a logical channel with the ISD-R selected,
 * the EID (GetEuiccData '5C 01 5A'), the eIM configuration (GetEimConfigurationData `BF55 00`: which eIMs,
 * at which FQDN, trusted how). Pending notifications follow once the eIM is reachable (pending.ts).
 */
import { encodeCommandApdu } from '../apdu/command-apdu.ts';
import { INS, swOf } from '../apdu/status-words.ts';
import type { ApduTransport } from '../apdu/transport.ts';
import type { EimConfigurationData } from '../asn1/sgp32/index.ts';
import { encodeTlv } from '../asn1/tlv.ts';
import { Es10Client } from '../lpa/es10-client.ts';
import { IotEs10Client } from './es10-iot-client.ts';

/**
 * ETSI TS 102 221 11.1.19.2: the terminal capability template 'A9' with the eUICC-related capabilities '83'
 * (SGP.22 3.4.2). SGP.32 names no IoT form (reference §12, open); we send what the v1.0 IPAd sends and the
 * osmo-ttcn3 `ipad` suite expects, '07': LUId, LPDd and LDSd supported (`80 AA 00 00 05 A9 03 83 01 07`).
 */
const EUICC_RELATED_CAPABILITIES = 0x07;
export const TERMINAL_CAPABILITY_APDU = encodeCommandApdu({
  cla: 0x80,
  ins: INS.TERMINAL_CAPABILITY,
  p1: 0x00,
  p2: 0x00,
  data: encodeTlv(0xa9, encodeTlv(0x83, Buffer.from([EUICC_RELATED_CAPABILITIES]))),
});

/** The eUICC as the IPA found it at start-up. */
export interface IpaCard {
  readonly es10: Es10Client;
  readonly iot: IotEs10Client;
  /** The EID (16 bytes). */
  readonly eid: Buffer;
  /** The eIMs the eUICC is configured for (GetEimConfigurationData). */
  readonly eims: readonly EimConfigurationData[];
  /** The status word TERMINAL CAPABILITY got (a card without the command answers 6D00: not fatal). */
  readonly terminalCapabilitySw: number;
}

export class IpaStartUpError extends Error {
  override readonly name = 'IpaStartUpError';
}

export async function startUp(transport: ApduTransport): Promise<IpaCard> {
  const terminalCapabilitySw = swOf(await transport.transmit(TERMINAL_CAPABILITY_APDU));
  const es10 = new Es10Client(transport);
  await es10.open();
  const iot = new IotEs10Client(es10);
  const eid = Buffer.from(await es10.getEid(), 'hex');
  const { eimConfigurationDataList: eims } = (await iot.getEimConfigurationData()).value;
  return { es10, iot, eid, eims, terminalCapabilitySw };
}

/**
 * The eIM to poll: the one named, or the first with an FQDN in the eUICC's order (the first of all when the
 * user gives the address).
 */
export function chooseEim(
  card: IpaCard,
  eimId: string | undefined,
  addressGiven = false,
): EimConfigurationData {
  if (card.eims.length === 0)
    throw new IpaStartUpError(
      'the eUICC has no eIM configured (GetEimConfigurationData is empty): add one with AddInitialEim first (rspsim ipa add-initial-eim)',
    );
  const eim =
    eimId === undefined
      ? card.eims.find((e) => addressGiven || e.eimFqdn !== undefined)
      : card.eims.find((e) => e.eimId === eimId);
  if (!eim)
    throw new IpaStartUpError(
      eimId === undefined
        ? 'no eIM of the eUICC has an eimFqdn: give --eim-fqdn'
        : `the eUICC has no eIM "${eimId}" (it has ${card.eims.map((e) => `"${e.eimId}"`).join(', ')})`,
    );
  return eim;
}
