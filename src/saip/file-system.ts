/**
 * The profile elements that create file systems from the templates of PEDefinitions 3.3.1 (section 8.3 and
 * Annex A): MF, CD, TELECOM, USIM, ISIM, CSIM, their optional parts and the DFs of 5GS, SAIP, SNPN, 5G
 * ProSe and IoT. Each is
 *
 *     PE-xxx ::= SEQUENCE { xxx-header PEHeader, templateID OBJECT IDENTIFIER, <file> File, ... }
 *
 * with AUTOMATIC TAGS, so a file's tag is its position: header 'A0', templateID '81', the first file 'A2',
 * the 30th 'BF1F' and onwards. Each declaration below lists the files in the module's order, with the
 * module's names; a name ending in '?' is OPTIONAL. Values keep those names: `usim['ef-imsi']`.
 */
import { type Infer, type Optional, objectIdentifier, optional, type Schema } from '../asn1/schema.ts';
import { tagOf } from '../asn1/tlv.ts';
import { type File, file, type PEHeader, peHeader, peSequence } from './common.ts';

export interface FileSystemElement {
  readonly header: PEHeader;
  readonly templateID: string;
  readonly files: Readonly<Record<string, File>>;
}

/** Declares a file-system PE from the module's list of its fields. */
function fileSystemElement(tag: number, headerName: string, fileNames: readonly string[]) {
  const fields: Record<string, Schema<any> | Optional<any>> = {
    [headerName]: peHeader(0xa0),
    templateID: objectIdentifier(0x81),
  };
  fileNames.forEach((spec, index) => {
    const name = spec.replace(/\?$/, '');
    const schema = file(tagOf('context', index + 2, true));
    fields[name] = spec.endsWith('?') ? optional(schema) : schema;
  });
  const schema = peSequence(tag, fields);
  return Object.assign(schema, { headerName, fileNames: fileNames.map((spec) => spec.replace(/\?$/, '')) });
}
export type FileSystemSchema = ReturnType<typeof fileSystemElement>;
export type FileSystemValue = Infer<FileSystemSchema>;

/** The header, template and files of a decoded file-system PE. */
export function fileSystemOf(schema: FileSystemSchema, value: FileSystemValue): FileSystemElement {
  const record = value as Record<string, unknown>;
  const files: Record<string, File> = {};
  for (const name of schema.fileNames) if (record[name] !== undefined) files[name] = record[name] as File;
  return { header: record[schema.headerName] as PEHeader, templateID: record.templateID as string, files };
}

// PE-MF ::= SEQUENCE { mf-header PEHeader, templateID OBJECT IDENTIFIER, <files> }
// -- ProfileElement alternative 'mf' [16]
export const PE_MF = fileSystemElement(tagOf('context', 16, true), 'mf-header', [
  'mf',
  'ef-pl?',
  'ef-iccid',
  'ef-dir',
  'ef-arr',
  'ef-umpc?',
]);

// PE-CD ::= SEQUENCE { cd-header PEHeader, templateID OBJECT IDENTIFIER, <files> }
// -- ProfileElement alternative 'cd' [17]
export const PE_CD = fileSystemElement(tagOf('context', 17, true), 'cd-header', [
  'df-cd',
  'ef-launchpad?',
  'ef-icon?',
]);

// PE-TELECOM ::= SEQUENCE { telecom-header PEHeader, templateID OBJECT IDENTIFIER, <files> }
// -- ProfileElement alternative 'telecom' [18]
export const PE_TELECOM = fileSystemElement(tagOf('context', 18, true), 'telecom-header', [
  'df-telecom',
  'ef-arr?',
  'ef-rma?',
  'ef-sume?',
  'ef-ice-dn?',
  'ef-ice-ff?',
  'ef-psismsc?',
  'df-graphics?',
  'ef-img?',
  'ef-iidf?',
  'ef-ice-graphics?',
  'ef-launch-scws?',
  'ef-icon?',
  'df-phonebook?',
  'ef-pbr?',
  'ef-ext1?',
  'ef-aas?',
  'ef-gas?',
  'ef-psc?',
  'ef-cc?',
  'ef-puid?',
  'ef-iap?',
  'ef-adn?',
  'ef-pbc?',
  'ef-anr?',
  'ef-puri?',
  'ef-email?',
  'ef-sne?',
  'ef-uid?',
  'ef-grp?',
  'ef-ccp1?',
  'df-multimedia?',
  'ef-mml?',
  'ef-mmdf?',
  'df-mmss?',
  'ef-mlpl?',
  'ef-mspl?',
  'ef-mmssmode?',
  'df-mcs?',
  'ef-mst?',
  'ef-mcs-config?',
  'df-v2x?',
  'ef-vst?',
  'ef-v2x-config?',
  'ef-v2xp-pc5?',
  'ef-v2xp-Uu?',
]);

// PE-USIM ::= SEQUENCE { usim-header PEHeader, templateID OBJECT IDENTIFIER, <files> }
// -- ProfileElement alternative 'usim' [19]
export const PE_USIM = fileSystemElement(tagOf('context', 19, true), 'usim-header', [
  'adf-usim',
  'ef-imsi',
  'ef-arr',
  'ef-keys?',
  'ef-keysPS?',
  'ef-hpplmn?',
  'ef-ust',
  'ef-fdn?',
  'ef-sms?',
  'ef-smsp?',
  'ef-smss?',
  'ef-spn',
  'ef-est',
  'ef-start-hfn?',
  'ef-threshold?',
  'ef-psloci?',
  'ef-acc',
  'ef-fplmn?',
  'ef-loci?',
  'ef-ad?',
  'ef-ecc',
  'ef-netpar?',
  'ef-epsloci?',
  'ef-epsnsc?',
]);

// PE-OPT-USIM ::= SEQUENCE { optusim-header PEHeader, templateID OBJECT IDENTIFIER, <files> }
// -- ProfileElement alternative 'opt-usim' [20]
export const PE_OPT_USIM = fileSystemElement(tagOf('context', 20, true), 'optusim-header', [
  'ef-li?',
  'ef-acmax?',
  'ef-acm?',
  'ef-gid1?',
  'ef-gid2?',
  'ef-msisdn?',
  'ef-puct?',
  'ef-cbmi?',
  'ef-cbmid?',
  'ef-sdn?',
  'ef-ext2?',
  'ef-ext3?',
  'ef-cbmir?',
  'ef-plmnwact?',
  'ef-oplmnwact?',
  'ef-hplmnwact?',
  'ef-dck?',
  'ef-cnl?',
  'ef-smsr?',
  'ef-bdn?',
  'ef-ext5?',
  'ef-ccp2?',
  'ef-ext4?',
  'ef-acl?',
  'ef-cmi?',
  'ef-ici?',
  'ef-oci?',
  'ef-ict?',
  'ef-oct?',
  'ef-vgcs?',
  'ef-vgcss?',
  'ef-vbs?',
  'ef-vbss?',
  'ef-emlpp?',
  'ef-aaem?',
  'ef-hiddenkey?',
  'ef-pnn?',
  'ef-opl?',
  'ef-mbdn?',
  'ef-ext6?',
  'ef-mbi?',
  'ef-mwis?',
  'ef-cfis?',
  'ef-ext7?',
  'ef-spdi?',
  'ef-mmsn?',
  'ef-ext8?',
  'ef-mmsicp?',
  'ef-mmsup?',
  'ef-mmsucp?',
  'ef-nia?',
  'ef-vgcsca?',
  'ef-vbsca?',
  'ef-gbabp?',
  'ef-msk?',
  'ef-muk?',
  'ef-ehplmn?',
  'ef-gbanl?',
  'ef-ehplmnpi?',
  'ef-lrplmnsi?',
  'ef-nafkca?',
  'ef-spni?',
  'ef-pnni?',
  'ef-ncp-ip?',
  'ef-ufc?',
  'ef-nasconfig?',
  'ef-uicciari?',
  'ef-pws?',
  'ef-fdnuri?',
  'ef-bdnuri?',
  'ef-sdnuri?',
  'ef-ial?',
  'ef-ips?',
  'ef-ipd?',
  'ef-epdgid?',
  'ef-epdgselection?',
  'ef-epdgidem?',
  'ef-epdgselectionem?',
  'ef-frompreferred?',
  'ef-imsconfigdata?',
  'ef-3gpppsdataoff?',
  'ef-3gpppsdataoffservicelist?',
  'ef-xcapconfigdata?',
  'ef-earfcnlist?',
  'ef-mudmidconfigdata?',
  'ef-eaka?',
]);

// PE-ISIM ::= SEQUENCE { isim-header PEHeader, templateID OBJECT IDENTIFIER, <files> }
// -- ProfileElement alternative 'isim' [21]
export const PE_ISIM = fileSystemElement(tagOf('context', 21, true), 'isim-header', [
  'adf-isim',
  'ef-impi',
  'ef-impu',
  'ef-domain',
  'ef-ist',
  'ef-ad?',
  'ef-arr',
]);

// PE-OPT-ISIM ::= SEQUENCE { optisim-header PEHeader, templateID OBJECT IDENTIFIER, <files> }
// -- ProfileElement alternative 'opt-isim' [22]
export const PE_OPT_ISIM = fileSystemElement(tagOf('context', 22, true), 'optisim-header', [
  'ef-pcscf?',
  'ef-sms?',
  'ef-smsp?',
  'ef-smss?',
  'ef-smsr?',
  'ef-gbabp?',
  'ef-gbanl?',
  'ef-nafkca?',
  'ef-uicciari?',
  'ef-frompreferred?',
  'ef-imsconfigdata?',
  'ef-xcapconfigdata?',
  'ef-webrtcuri?',
  'ef-mudmidconfigdata?',
]);

// PE-PHONEBOOK ::= SEQUENCE { phonebook-header PEHeader, templateID OBJECT IDENTIFIER, <files> }
// -- ProfileElement alternative 'phonebook' [23]
export const PE_PHONEBOOK = fileSystemElement(tagOf('context', 23, true), 'phonebook-header', [
  'df-phonebook',
  'ef-pbr?',
  'ef-ext1?',
  'ef-aas?',
  'ef-gas?',
  'ef-psc?',
  'ef-cc?',
  'ef-puid?',
  'ef-iap?',
  'ef-adn?',
  'ef-pbc?',
  'ef-anr?',
  'ef-puri?',
  'ef-email?',
  'ef-sne?',
  'ef-uid?',
  'ef-grp?',
  'ef-ccp1?',
]);

// PE-GSM-ACCESS ::= SEQUENCE { gsm-access-header PEHeader, templateID OBJECT IDENTIFIER, <files> }
// -- ProfileElement alternative 'gsm-access' [24]
export const PE_GSM_ACCESS = fileSystemElement(tagOf('context', 24, true), 'gsm-access-header', [
  'df-gsm-access',
  'ef-kc?',
  'ef-kcgprs?',
  'ef-cpbcch?',
  'ef-invscan?',
]);

// PE-CSIM ::= SEQUENCE { csim-header PEHeader, templateID OBJECT IDENTIFIER, <files> }
// -- ProfileElement alternative 'csim' [25]
export const PE_CSIM = fileSystemElement(tagOf('context', 25, true), 'csim-header', [
  'adf-csim',
  'ef-arr',
  'ef-call-count',
  'ef-imsi-m',
  'ef-imsi-t',
  'ef-tmsi',
  'ef-ah',
  'ef-aop',
  'ef-aloc',
  'ef-cdmahome',
  'ef-znregi',
  'ef-snregi',
  'ef-distregi',
  'ef-accolc',
  'ef-term',
  'ef-acp',
  'ef-prl',
  'ef-ruimid',
  'ef-csim-st',
  'ef-spc',
  'ef-otapaspc',
  'ef-namlock',
  'ef-ota',
  'ef-sp',
  'ef-esn-meid-me',
  'ef-li',
  'ef-usgind',
  'ef-ad',
  'ef-max-prl',
  'ef-spcs',
  'ef-mecrp',
  'ef-home-tag',
  'ef-group-tag',
  'ef-specific-tag',
  'ef-call-prompt',
]);

// PE-OPT-CSIM ::= SEQUENCE { optcsim-header PEHeader, templateID OBJECT IDENTIFIER, <files> }
// -- ProfileElement alternative 'opt-csim' [26]
export const PE_OPT_CSIM = fileSystemElement(tagOf('context', 26, true), 'optcsim-header', [
  'ef-ssci?',
  'ef-fdn?',
  'ef-sms?',
  'ef-smsp?',
  'ef-smss?',
  'ef-ssfc?',
  'ef-spn?',
  'ef-mdn?',
  'ef-ecc?',
  'ef-me3gpdopc?',
  'ef-3gpdopm?',
  'ef-sipcap?',
  'ef-mipcap?',
  'ef-sipupp?',
  'ef-mipupp?',
  'ef-sipsp?',
  'ef-mipsp?',
  'ef-sippapss?',
  'ef-puzl?',
  'ef-maxpuzl?',
  'ef-hrpdcap?',
  'ef-hrpdupp?',
  'ef-csspr?',
  'ef-atc?',
  'ef-eprl?',
  'ef-bcsmscfg?',
  'ef-bcsmspref?',
  'ef-bcsmstable?',
  'ef-bcsmsp?',
  'ef-bakpara?',
  'ef-upbakpara?',
  'ef-mmsn?',
  'ef-ext8?',
  'ef-mmsicp?',
  'ef-mmsup?',
  'ef-mmsucp?',
  'ef-auth-capability?',
  'ef-3gcik?',
  'ef-dck?',
  'ef-gid1?',
  'ef-gid2?',
  'ef-cdmacnl?',
  'ef-sf-euimid?',
  'ef-est?',
  'ef-hidden-key?',
  'ef-lcsver?',
  'ef-lcscp?',
  'ef-sdn?',
  'ef-ext2?',
  'ef-ext3?',
  'ef-ici?',
  'ef-oci?',
  'ef-ext5?',
  'ef-ccp2?',
  'ef-applabels?',
  'ef-model?',
  'ef-rc?',
  'ef-smscap?',
  'ef-mipflags?',
  'ef-3gpduppext?',
  'ef-ipv6cap?',
  'ef-tcpconfig?',
  'ef-dgc?',
  'ef-wapbrowsercp?',
  'ef-wapbrowserbm?',
  'ef-mmsconfig?',
  'ef-jdl?',
]);

// PE-EAP ::= SEQUENCE { eap-header PEHeader, templateID OBJECT IDENTIFIER, <files> }
// -- ProfileElement alternative 'eap' [27]
export const PE_EAP = fileSystemElement(tagOf('context', 27, true), 'eap-header', [
  'df-eap',
  'ef-eapkeys?',
  'ef-eapstatus',
  'ef-puid?',
  'ef-ps?',
  'ef-curid?',
  'ef-reid?',
  'ef-realm?',
]);

// PE-DF-5GS ::= SEQUENCE { df-5gs-header PEHeader, templateID OBJECT IDENTIFIER, <files> }
// -- ProfileElement alternative 'df-5gs' [28]
export const PE_DF_5GS = fileSystemElement(tagOf('context', 28, true), 'df-5gs-header', [
  'df-df-5gs',
  'ef-5gs3gpploci?',
  'ef-5gsn3gpploci?',
  'ef-5gs3gppnsc?',
  'ef-5gsn3gppnsc?',
  'ef-5gauthkeys?',
  'ef-uac-aic?',
  'ef-suci-calc-info?',
  'ef-opl5g?',
  'ef-supinai?',
  'ef-routing-indicator?',
  'ef-ursp?',
  'ef-tn3gppsnn?',
  'ef-cag?',
  'ef-sor-cmci?',
  'ef-dri?',
  'ef-5gsedrx?',
  'ef-5gnswo-conf?',
  'ef-mchpplmn?',
  'ef-kausf-derivation?',
]);

// PE-DF-SAIP ::= SEQUENCE { df-saip-header PEHeader, templateID OBJECT IDENTIFIER, <files> }
// -- ProfileElement alternative 'df-saip' [29]
export const PE_DF_SAIP = fileSystemElement(tagOf('context', 29, true), 'df-saip-header', [
  'df-df-saip',
  'ef-suci-calc-info-usim?',
]);

// PE-DF-SNPN ::= SEQUENCE { df-snpn-header PEHeader, templateID OBJECT IDENTIFIER, <files> }
// -- ProfileElement alternative 'df-snpn' [30]
export const PE_DF_SNPN = fileSystemElement(tagOf('context', 30, true), 'df-snpn-header', [
  'df-df-snpn',
  'ef-pws-snpn?',
]);

// PE-DF-5GPROSE ::= SEQUENCE { df-5g-prose-header PEHeader, templateID OBJECT IDENTIFIER, <files> }
// -- ProfileElement alternative 'df-5gprose' [31]
export const PE_DF_5GPROSE = fileSystemElement(tagOf('context', 31, true), 'df-5g-prose-header', [
  'df-df-5g-prose',
  'ef-5g-prose-st?',
  'ef-5g-prose-dd?',
  'ef-5g-prose-dc?',
  'ef-5g-prose-u2nru?',
  'ef-5g-prose-ru?',
  'ef-5g-prose-uir?',
]);

// PE-IoT ::= SEQUENCE { iot-header PEHeader, templateID OBJECT IDENTIFIER, <files> }
// -- ProfileElement alternative 'iot' [32]
export const PE_IoT = fileSystemElement(tagOf('context', 32, true), 'iot-header', [
  'mf?',
  'ef-pl?',
  'ef-iccid?',
  'ef-dir?',
  'ef-arr?',
  'ef-umpc?',
  'adf-usim?',
  'ef-imsi',
  'ef-arr-usim?',
  'ef-keys?',
  'ef-keysPS?',
  'ef-hpplmn?',
  'ef-ust?',
  'ef-start-hfn?',
  'ef-threshold?',
  'ef-psloci?',
  'ef-acc',
  'ef-fplmn?',
  'ef-loci?',
  'ef-ad?',
  'ef-ecc?',
  'ef-netpar?',
]);

// PE-OPT-IoT ::= SEQUENCE { optiot-header PEHeader, templateID OBJECT IDENTIFIER, <files> }
// -- ProfileElement alternative 'opt-iot' [33]
export const PE_OPT_IoT = fileSystemElement(tagOf('context', 33, true), 'optiot-header', [
  'ef-fdn?',
  'ef-sms?',
  'ef-smsp?',
  'ef-smss?',
  'ef-spn?',
  'ef-est?',
  'ef-oplmnwact?',
  'ef-hplmnwact?',
  'ef-ehplmn?',
  'ef-epsloci?',
  'ef-epsnsc?',
  'df-df-5gs?',
  'ef-5gs3gpploci?',
  'ef-5gsn3gpploci?',
  'ef-5gs3gppnsc?',
  'ef-5gsn3gppnsc?',
  'ef-5gauthkeys?',
  'ef-uac-aic?',
  'ef-suci-calc-info?',
  'ef-opl5g?',
  'ef-supi-nai?',
  'ef-routing-indicator?',
  'ef-ursp?',
  'ef-tn3gppsnn?',
  'df-df-saip?',
  'ef-suci-calc-info-usim?',
]);
