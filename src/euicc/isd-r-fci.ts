/**
 * What the ISD-R answers to its SELECT: the FCI template '6F' of a GlobalPlatform security domain (GP Card
 * Specification 11.9.3) with the ISD-R's own templates. Terminals read it or only wait for it: a T=0 IPA
 * (onomondo-ipa, the osmo-ttcn3 `ipad` suite's card) takes the ISD-R as selected only when the SELECT announces
 * response data with '61xx'; pySim-shell decodes the 'E0' template.
 */
import { ISD_R_AID } from '../apdu/transport.ts';
import { ISDRProprietaryApplicationTemplate } from '../asn1/rsp/index.ts';
import { ISDRProprietaryApplicationTemplateIoT } from '../asn1/sgp32/index.ts';
import { encodeTlv } from '../asn1/tlv.ts';
import type { CardContext } from './card-context.ts';
import { SVN } from './es10/euicc-information.ts';

const FCI_TEMPLATE = 0x6f;
const DF_NAME = 0x84;
const FCI_PROPRIETARY = 0xa5;
/** GP 11.9.3: maximum length of the data field of a command message: a STORE DATA block of 255 bytes. */
const MAX_COMMAND_DATA = Buffer.from('9F6501FF', 'hex');

/**
 * 6F { 84 <ISD-R AID>, A5 { 9F65 01 FF }, E0 { 82 <SVN> } } (SGP.22: ISDRProprietaryApplicationTemplate, the
 * SGP.22 version the eUICC supports, as in EUICCInfo1), and on an IoT eUICC E1 { 80 euiccConfiguration } (SGP.32
 * v1.2: ISDRProprietaryApplicationTemplateIoT; no IPAe here, enabledProfile when a profile is enabled). The
 * templates sit directly in '6F', where pySim-shell looks for 'E0'.
 */
export function isdRFci(card: CardContext): Buffer {
  const templates = [
    encodeTlv(DF_NAME, ISD_R_AID),
    encodeTlv(FCI_PROPRIETARY, MAX_COMMAND_DATA),
    ISDRProprietaryApplicationTemplate.encode({ svn: SVN }),
  ];
  if (card.state.iot) {
    const enabled = card.state.profiles.some((profile) => profile.state === 'enabled');
    templates.push(
      ISDRProprietaryApplicationTemplateIoT.encode({ euiccConfiguration: enabled ? ['enabledProfile'] : [] }),
    );
  }
  return encodeTlv(FCI_TEMPLATE, ...templates);
}
