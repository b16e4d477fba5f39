/**
 * ProfileElement, the CHOICE a Profile Package is a sequence of (PEDefinitions 3.3.1 section 8.1), with
 * AUTOMATIC TAGS: each alternative is tagged by its position, 'A0' (header) to 'BF21' (opt-iot).
 */
import { choice, type Infer } from '../asn1/schema.ts';
import { PE_AKAParameter, PE_CDMAParameter, PE_PINCodes, PE_PUKCodes } from './access.ts';
import {
  PE_Application,
  PE_End,
  PE_GenericFileManagement,
  PE_NonStandard,
  PE_RFM,
  PE_SecurityDomain,
  peDummy,
} from './applications.ts';
import * as fs from './file-system.ts';
import { ProfileHeader } from './profile-header.ts';

/** The file-system alternatives of ProfileElement, by name. */
export const FILE_SYSTEM_ELEMENTS = {
  mf: fs.PE_MF,
  cd: fs.PE_CD,
  telecom: fs.PE_TELECOM,
  usim: fs.PE_USIM,
  'opt-usim': fs.PE_OPT_USIM,
  isim: fs.PE_ISIM,
  'opt-isim': fs.PE_OPT_ISIM,
  phonebook: fs.PE_PHONEBOOK,
  'gsm-access': fs.PE_GSM_ACCESS,
  csim: fs.PE_CSIM,
  'opt-csim': fs.PE_OPT_CSIM,
  eap: fs.PE_EAP,
  'df-5gs': fs.PE_DF_5GS,
  'df-saip': fs.PE_DF_SAIP,
  'df-snpn': fs.PE_DF_SNPN,
  'df-5gprose': fs.PE_DF_5GPROSE,
  iot: fs.PE_IoT,
  'opt-iot': fs.PE_OPT_IoT,
} as const;

/**
 * ```asn
 * ProfileElement ::= CHOICE {
 *     header ProfileHeader,
 *     genericFileManagement PE-GenericFileManagement,
 *     pinCodes PE-PINCodes,
 *     pukCodes PE-PUKCodes,
 *     akaParameter PE-AKAParameter,
 *     cdmaParameter PE-CDMAParameter,
 *     securityDomain PE-SecurityDomain,
 *     rfm PE-RFM,
 *     application PE-Application,
 *     nonStandard PE-NonStandard,
 *     end PE-End,
 *     rfu1 PE-Dummy, -- this avoids renumbering of tag values
 *     rfu2 PE-Dummy, -- in case other non-file-system PEs are
 *     rfu3 PE-Dummy, -- added here in future versions
 *     rfu4 PE-Dummy,
 *     rfu5 PE-Dummy,
 *     mf PE-MF,
 *     cd PE-CD,
 *     telecom PE-TELECOM,
 *     usim PE-USIM,
 *     opt-usim PE-OPT-USIM,
 *     isim PE-ISIM,
 *     opt-isim PE-OPT-ISIM,
 *     phonebook PE-PHONEBOOK,
 *     gsm-access PE-GSM-ACCESS,
 *     csim PE-CSIM,
 *     opt-csim PE-OPT-CSIM,
 *     eap PE-EAP,
 *     df-5gs PE-DF-5GS,
 *     df-saip PE-DF-SAIP,
 *     df-snpn PE-DF-SNPN,
 *     df-5gprose PE-DF-5GPROSE,
 *     iot PE-IoT,
 *     opt-iot PE-OPT-IoT,
 * ...
 * }
 * ```
 */
export const ProfileElement = choice({
  header: ProfileHeader,
  genericFileManagement: PE_GenericFileManagement,
  pinCodes: PE_PINCodes,
  pukCodes: PE_PUKCodes,
  akaParameter: PE_AKAParameter,
  cdmaParameter: PE_CDMAParameter,
  securityDomain: PE_SecurityDomain,
  rfm: PE_RFM,
  application: PE_Application,
  nonStandard: PE_NonStandard,
  end: PE_End,
  rfu1: peDummy(0xab),
  rfu2: peDummy(0xac),
  rfu3: peDummy(0xad),
  rfu4: peDummy(0xae),
  rfu5: peDummy(0xaf),
  ...FILE_SYSTEM_ELEMENTS,
});
export type ProfileElement = Infer<typeof ProfileElement>;
/** The alternative a decoded element is ('header', 'usim', 'end' ...) and its value (the module's fields). */
export function elementEntry(element: ProfileElement): readonly [string, Readonly<Record<string, unknown>>] {
  const [entry] = Object.entries(element as Record<string, Record<string, unknown>>);
  if (!entry) throw new TypeError('a ProfileElement value names none of its alternatives');
  return entry;
}

/** The alternative a decoded element is ('header', 'usim', 'end' ...). */
export const elementType = (element: ProfileElement): string => elementEntry(element)[0];
