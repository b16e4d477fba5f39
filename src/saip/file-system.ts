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
import { type AnySchema, type Infer, type Optional, objectIdentifier, optional } from '../asn1/schema.ts';
import { tagOf } from '../asn1/tlv.ts';
import { type File, file, type PEHeader, peHeader, peSequence } from './common.ts';

export interface FileSystemElement {
  readonly header: PEHeader;
  readonly templateID: string;
  readonly files: Readonly<Record<string, File>>;
}

/** Declares a file-system PE from the module's list of its fields. */
function fileSystemElement(tag: number, headerName: string, fileNames: readonly string[]) {
  const fields: Record<string, AnySchema | Optional<unknown>> = {
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

/**
 * ```asn
 * PE-MF ::= SEQUENCE {
 * mf-header PEHeader,
 * templateID OBJECT IDENTIFIER,
 * mf File,
 * ef-pl File OPTIONAL,
 * ef-iccid File,
 * ef-dir File,
 * ef-arr File,
 * ef-umpc File OPTIONAL
 * }
 * ```
 * ProfileElement alternative 'mf' [16]
 */
export const PE_MF = fileSystemElement(tagOf('context', 16, true), 'mf-header', [
  'mf',
  'ef-pl?',
  'ef-iccid',
  'ef-dir',
  'ef-arr',
  'ef-umpc?',
]);

/**
 * ```asn
 * PE-CD ::= SEQUENCE {
 * cd-header PEHeader,
 * templateID OBJECT IDENTIFIER,
 * df-cd File,
 * ef-launchpad File OPTIONAL,
 * ef-icon File OPTIONAL
 * }
 * ```
 * ProfileElement alternative 'cd' [17]
 */
export const PE_CD = fileSystemElement(tagOf('context', 17, true), 'cd-header', [
  'df-cd',
  'ef-launchpad?',
  'ef-icon?',
]);

/**
 * ```asn
 * PE-TELECOM ::= SEQUENCE {
 * telecom-header PEHeader,
 * templateID OBJECT IDENTIFIER,
 * df-telecom File,
 * ef-arr File OPTIONAL,
 * ef-rma File OPTIONAL,
 * ef-sume File OPTIONAL,
 * ef-ice-dn File OPTIONAL,
 * ef-ice-ff File OPTIONAL,
 * ef-psismsc File OPTIONAL,
 * df-graphics File OPTIONAL,
 *   ef-img File OPTIONAL,
 *   ef-iidf File OPTIONAL,
 *   ef-ice-graphics File OPTIONAL,
 *   ef-launch-scws File OPTIONAL,
 *   ef-icon File OPTIONAL,
 * df-phonebook File OPTIONAL,
 *   ef-pbr File OPTIONAL,
 *   ef-ext1 File OPTIONAL,
 *   ef-aas File OPTIONAL,
 *   ef-gas File OPTIONAL,
 *   ef-psc File OPTIONAL,
 *   ef-cc File OPTIONAL,
 *   ef-puid File OPTIONAL,
 *   ef-iap File OPTIONAL,
 *   ef-adn File OPTIONAL,
 *   ef-pbc File OPTIONAL,
 *   ef-anr File OPTIONAL,
 *   ef-puri File OPTIONAL,
 *   ef-email File OPTIONAL,
 *   ef-sne File OPTIONAL,
 *   ef-uid File OPTIONAL,
 *   ef-grp File OPTIONAL,
 *   ef-ccp1 File OPTIONAL,
 * df-multimedia File OPTIONAL,
 *   ef-mml File OPTIONAL,
 *   ef-mmdf File OPTIONAL,
 * df-mmss File OPTIONAL,
 *   ef-mlpl File OPTIONAL,
 *   ef-mspl File OPTIONAL,
 *   ef-mmssmode File OPTIONAL,
 * df-mcs File OPTIONAL,
 *   ef-mst File OPTIONAL,
 *   ef-mcs-config File OPTIONAL,
 * df-v2x File OPTIONAL,
 *   ef-vst File OPTIONAL,
 *   ef-v2x-config File OPTIONAL,
 *   ef-v2xp-pc5 File OPTIONAL,
 *   ef-v2xp-Uu File OPTIONAL
 * }
 * ```
 * ProfileElement alternative 'telecom' [18]
 */
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

/**
 * ```asn
 * PE-USIM ::= SEQUENCE {
 * usim-header PEHeader,
 * templateID OBJECT IDENTIFIER,
 * adf-usim File,
 * ef-imsi File,
 * ef-arr File,
 * ef-keys File OPTIONAL,
 * ef-keysPS File OPTIONAL,
 * ef-hpplmn File OPTIONAL,
 * ef-ust File,
 * ef-fdn File OPTIONAL,
 * ef-sms File OPTIONAL,
 * ef-smsp File OPTIONAL,
 * ef-smss File OPTIONAL,
 * ef-spn File,
 * ef-est File,
 * ef-start-hfn File OPTIONAL,
 * ef-threshold File OPTIONAL,
 * ef-psloci File OPTIONAL,
 * ef-acc File,
 * ef-fplmn File OPTIONAL,
 * ef-loci File OPTIONAL,
 * ef-ad File OPTIONAL,
 * ef-ecc File,
 * ef-netpar File OPTIONAL,
 * ef-epsloci File OPTIONAL,
 * ef-epsnsc File OPTIONAL
 * }
 * ```
 * ProfileElement alternative 'usim' [19]
 */
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

/**
 * ```asn
 * PE-OPT-USIM ::= SEQUENCE {
 * optusim-header PEHeader,
 * templateID OBJECT IDENTIFIER,
 * ef-li File OPTIONAL,
 * ef-acmax File OPTIONAL,
 * ef-acm File OPTIONAL,
 * ef-gid1 File OPTIONAL,
 * ef-gid2 File OPTIONAL,
 * ef-msisdn File OPTIONAL,
 * ef-puct File OPTIONAL,
 * ef-cbmi File OPTIONAL,
 * ef-cbmid File OPTIONAL,
 * ef-sdn File OPTIONAL,
 * ef-ext2 File OPTIONAL,
 * ef-ext3 File OPTIONAL,
 * ef-cbmir File OPTIONAL,
 * ef-plmnwact File OPTIONAL,
 * ef-oplmnwact File OPTIONAL,
 * ef-hplmnwact File OPTIONAL,
 * ef-dck File OPTIONAL,
 * ef-cnl File OPTIONAL,
 * ef-smsr File OPTIONAL,
 * ef-bdn File OPTIONAL,
 * ef-ext5 File OPTIONAL,
 * ef-ccp2 File OPTIONAL,
 * ef-ext4 File OPTIONAL,
 * ef-acl File OPTIONAL,
 * ef-cmi File OPTIONAL,
 * ef-ici File OPTIONAL,
 * ef-oci File OPTIONAL,
 * ef-ict File OPTIONAL,
 * ef-oct File OPTIONAL,
 * ef-vgcs File OPTIONAL,
 * ef-vgcss File OPTIONAL,
 * ef-vbs File OPTIONAL,
 * ef-vbss File OPTIONAL,
 * ef-emlpp File OPTIONAL,
 * ef-aaem File OPTIONAL,
 * ef-hiddenkey File OPTIONAL,
 * ef-pnn File OPTIONAL,
 * ef-opl File OPTIONAL,
 * ef-mbdn File OPTIONAL,
 * ef-ext6 File OPTIONAL,
 * ef-mbi File OPTIONAL,
 * ef-mwis File OPTIONAL,
 * ef-cfis File OPTIONAL,
 * ef-ext7 File OPTIONAL,
 * ef-spdi File OPTIONAL,
 * ef-mmsn File OPTIONAL,
 * ef-ext8 File OPTIONAL,
 * ef-mmsicp File OPTIONAL,
 * ef-mmsup File OPTIONAL,
 * ef-mmsucp File OPTIONAL,
 * ef-nia File OPTIONAL,
 * ef-vgcsca File OPTIONAL,
 * ef-vbsca File OPTIONAL,
 * ef-gbabp File OPTIONAL,
 * ef-msk File OPTIONAL,
 * ef-muk File OPTIONAL,
 * ef-ehplmn File OPTIONAL,
 * ef-gbanl File OPTIONAL,
 * ef-ehplmnpi File OPTIONAL,
 * ef-lrplmnsi File OPTIONAL,
 * ef-nafkca File OPTIONAL,
 * ef-spni File OPTIONAL,
 * ef-pnni File OPTIONAL,
 * ef-ncp-ip File OPTIONAL,
 * ef-ufc File OPTIONAL,
 * ef-nasconfig File OPTIONAL,
 * ef-uicciari File OPTIONAL,
 * ef-pws File OPTIONAL,
 * ef-fdnuri File OPTIONAL,
 * ef-bdnuri File OPTIONAL,
 * ef-sdnuri File OPTIONAL,
 * ef-ial File OPTIONAL,    -- This file was known as ef-iwl in Version 3.2 and earlier of this specification
 * ef-ips File OPTIONAL,
 * ef-ipd File OPTIONAL,
 * ef-epdgid File OPTIONAL,
 * ef-epdgselection File OPTIONAL,
 * ef-epdgidem File OPTIONAL,
 * ef-epdgselectionem File OPTIONAL,
 * ef-frompreferred File OPTIONAL,
 * ef-imsconfigdata File OPTIONAL,
 * ef-3gpppsdataoff File OPTIONAL,
 * ef-3gpppsdataoffservicelist File OPTIONAL,
 * ef-xcapconfigdata File OPTIONAL,
 * ef-earfcnlist File OPTIONAL,
 * ef-mudmidconfigdata File OPTIONAL,
 * ef-eaka File OPTIONAL
 * }
 * ```
 * ProfileElement alternative 'opt-usim' [20]
 */
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

/**
 * ```asn
 * PE-ISIM ::= SEQUENCE {
 * isim-header PEHeader,
 * templateID OBJECT IDENTIFIER,
 * adf-isim File,
 * ef-impi File,
 * ef-impu File,
 * ef-domain File,
 * ef-ist File,
 * ef-ad File OPTIONAL,
 * ef-arr File
 * }
 * ```
 * ProfileElement alternative 'isim' [21]
 */
export const PE_ISIM = fileSystemElement(tagOf('context', 21, true), 'isim-header', [
  'adf-isim',
  'ef-impi',
  'ef-impu',
  'ef-domain',
  'ef-ist',
  'ef-ad?',
  'ef-arr',
]);

/**
 * ```asn
 * PE-OPT-ISIM ::= SEQUENCE {
 * optisim-header PEHeader,
 * templateID OBJECT IDENTIFIER,
 * ef-pcscf File OPTIONAL,
 * ef-sms File OPTIONAL,
 * ef-smsp File OPTIONAL,
 * ef-smss File OPTIONAL,
 * ef-smsr File OPTIONAL,
 * ef-gbabp File OPTIONAL,
 * ef-gbanl File OPTIONAL,
 * ef-nafkca File OPTIONAL,
 * ef-uicciari File OPTIONAL,
 * ef-frompreferred File OPTIONAL,
 * ef-imsconfigdata File OPTIONAL,
 * ef-xcapconfigdata File OPTIONAL,
 * ef-webrtcuri File OPTIONAL,
 * ef-mudmidconfigdata File OPTIONAL
 * }
 * ```
 * ProfileElement alternative 'opt-isim' [22]
 */
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

/**
 * ```asn
 * PE-PHONEBOOK ::= SEQUENCE {
 * phonebook-header PEHeader,
 * templateID OBJECT IDENTIFIER,
 * df-phonebook File,
 * ef-pbr File OPTIONAL,
 * ef-ext1 File OPTIONAL,
 * ef-aas File OPTIONAL,
 * ef-gas File OPTIONAL,
 * ef-psc File OPTIONAL,
 * ef-cc File OPTIONAL,
 * ef-puid File OPTIONAL,
 * ef-iap File OPTIONAL,
 * ef-adn File OPTIONAL,
 * ef-pbc File OPTIONAL,
 * ef-anr File OPTIONAL,
 * ef-puri File OPTIONAL,
 * ef-email File OPTIONAL,
 * ef-sne File OPTIONAL,
 * ef-uid File OPTIONAL,
 * ef-grp File OPTIONAL,
 * ef-ccp1 File OPTIONAL
 * }
 * ```
 * ProfileElement alternative 'phonebook' [23]
 */
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

/**
 * ```asn
 * PE-GSM-ACCESS ::= SEQUENCE {
 * gsm-access-header PEHeader,
 * templateID OBJECT IDENTIFIER,
 * df-gsm-access File,
 * ef-kc File OPTIONAL,
 * ef-kcgprs File OPTIONAL,
 * ef-cpbcch File OPTIONAL,
 * ef-invscan File OPTIONAL
 * }
 * ```
 * ProfileElement alternative 'gsm-access' [24]
 */
export const PE_GSM_ACCESS = fileSystemElement(tagOf('context', 24, true), 'gsm-access-header', [
  'df-gsm-access',
  'ef-kc?',
  'ef-kcgprs?',
  'ef-cpbcch?',
  'ef-invscan?',
]);

/**
 * ```asn
 * PE-CSIM ::= SEQUENCE {
 * csim-header PEHeader,
 * templateID OBJECT IDENTIFIER,
 * adf-csim File,
 * ef-arr File,
 * ef-call-count File,
 * ef-imsi-m File,
 * ef-imsi-t File,
 * ef-tmsi File,
 * ef-ah File,
 * ef-aop File,
 * ef-aloc File,
 * ef-cdmahome File,
 * ef-znregi File,
 * ef-snregi File,
 * ef-distregi File,
 * ef-accolc File,
 * ef-term File,
 * ef-acp File,
 * ef-prl File,
 * ef-ruimid File,
 * ef-csim-st File,
 * ef-spc File,
 * ef-otapaspc File,
 * ef-namlock File,
 * ef-ota File,
 * ef-sp File,
 * ef-esn-meid-me File,
 * ef-li File,
 * ef-usgind File,
 * ef-ad File,
 * ef-max-prl File,
 * ef-spcs File,
 * ef-mecrp File,
 * ef-home-tag File,
 * ef-group-tag File,
 * ef-specific-tag File,
 * ef-call-prompt File
 * }
 * ```
 * ProfileElement alternative 'csim' [25]
 */
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

/**
 * ```asn
 * PE-OPT-CSIM ::= SEQUENCE {
 * optcsim-header PEHeader,
 * templateID OBJECT IDENTIFIER,
 * ef-ssci File OPTIONAL,
 * ef-fdn File OPTIONAL,
 * ef-sms File OPTIONAL,
 * ef-smsp File OPTIONAL,
 * ef-smss File OPTIONAL,
 * ef-ssfc File OPTIONAL,
 * ef-spn File OPTIONAL,
 * ef-mdn File OPTIONAL,
 * ef-ecc File OPTIONAL,
 * ef-me3gpdopc File OPTIONAL,
 * ef-3gpdopm File OPTIONAL,
 * ef-sipcap File OPTIONAL,
 * ef-mipcap File OPTIONAL,
 * ef-sipupp File OPTIONAL,
 * ef-mipupp File OPTIONAL,
 * ef-sipsp File OPTIONAL,
 * ef-mipsp File OPTIONAL,
 * ef-sippapss File OPTIONAL,
 * ef-puzl File OPTIONAL,
 * ef-maxpuzl File OPTIONAL,
 * ef-hrpdcap File OPTIONAL,
 * ef-hrpdupp File OPTIONAL,
 * ef-csspr File OPTIONAL,
 * ef-atc File OPTIONAL,
 * ef-eprl File OPTIONAL,
 * ef-bcsmscfg File OPTIONAL,
 * ef-bcsmspref File OPTIONAL,
 * ef-bcsmstable File OPTIONAL,
 * ef-bcsmsp File OPTIONAL,
 * ef-bakpara File OPTIONAL,
 * ef-upbakpara File OPTIONAL,
 * ef-mmsn File OPTIONAL,
 * ef-ext8 File OPTIONAL,
 * ef-mmsicp File OPTIONAL,
 * ef-mmsup File OPTIONAL,
 * ef-mmsucp File OPTIONAL,
 * ef-auth-capability File OPTIONAL,
 * ef-3gcik File OPTIONAL,
 * ef-dck File OPTIONAL,
 * ef-gid1 File OPTIONAL,
 * ef-gid2 File OPTIONAL,
 * ef-cdmacnl File OPTIONAL,
 * ef-sf-euimid File OPTIONAL,
 * ef-est File OPTIONAL,
 * ef-hidden-key File OPTIONAL,
 * ef-lcsver File OPTIONAL,
 * ef-lcscp File OPTIONAL,
 * ef-sdn File OPTIONAL,
 * ef-ext2 File OPTIONAL,
 * ef-ext3 File OPTIONAL,
 * ef-ici File OPTIONAL,
 * ef-oci File OPTIONAL,
 * ef-ext5 File OPTIONAL,
 * ef-ccp2 File OPTIONAL,
 * ef-applabels File OPTIONAL,
 * ef-model File OPTIONAL,
 * ef-rc File OPTIONAL,
 * ef-smscap File OPTIONAL,
 * ef-mipflags File OPTIONAL,
 * ef-3gpduppext File OPTIONAL,
 * ef-ipv6cap File OPTIONAL,
 * ef-tcpconfig File OPTIONAL,
 * ef-dgc File OPTIONAL,
 * ef-wapbrowsercp File OPTIONAL,
 * ef-wapbrowserbm File OPTIONAL,
 * ef-mmsconfig File OPTIONAL,
 * ef-jdl File OPTIONAL
 * }
 * ```
 * ProfileElement alternative 'opt-csim' [26]
 */
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

/**
 * ```asn
 * PE-EAP ::= SEQUENCE {
 * eap-header PEHeader,
 * templateID OBJECT IDENTIFIER,
 * df-eap File,
 * ef-eapkeys File OPTIONAL,
 * ef-eapstatus File,
 * ef-puid File OPTIONAL,
 * ef-ps File OPTIONAL,
 * ef-curid File OPTIONAL,
 * ef-reid File OPTIONAL,
 * ef-realm File OPTIONAL
 * }
 * ```
 * ProfileElement alternative 'eap' [27]
 */
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

/**
 * ```asn
 * PE-DF-5GS ::= SEQUENCE {
 * df-5gs-header PEHeader,
 * templateID OBJECT IDENTIFIER,
 * df-df-5gs File,
 * ef-5gs3gpploci File OPTIONAL,
 * ef-5gsn3gpploci File OPTIONAL,
 * ef-5gs3gppnsc File OPTIONAL,
 * ef-5gsn3gppnsc File OPTIONAL,
 * ef-5gauthkeys File OPTIONAL,
 * ef-uac-aic File OPTIONAL,
 * ef-suci-calc-info File OPTIONAL,
 * ef-opl5g File OPTIONAL,
 * ef-supinai File OPTIONAL,
 * ef-routing-indicator File OPTIONAL,
 * ef-ursp File OPTIONAL,
 * ef-tn3gppsnn File OPTIONAL,
 * ef-cag File OPTIONAL,
 * ef-sor-cmci File OPTIONAL,
 * ef-dri File OPTIONAL,
 * ef-5gsedrx File OPTIONAL,
 * ef-5gnswo-conf File OPTIONAL,
 * ef-mchpplmn File OPTIONAL,
 * ef-kausf-derivation File OPTIONAL
 * }
 * ```
 * ProfileElement alternative 'df-5gs' [28]
 */
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

/**
 * ```asn
 * PE-DF-SAIP ::= SEQUENCE {
 * df-saip-header PEHeader,
 * templateID OBJECT IDENTIFIER,
 * df-df-saip File,
 * ef-suci-calc-info-usim File OPTIONAL
 * }
 * ```
 * ProfileElement alternative 'df-saip' [29]
 */
export const PE_DF_SAIP = fileSystemElement(tagOf('context', 29, true), 'df-saip-header', [
  'df-df-saip',
  'ef-suci-calc-info-usim?',
]);

/**
 * ```asn
 * PE-DF-SNPN ::= SEQUENCE {
 * df-snpn-header PEHeader,
 * templateID OBJECT IDENTIFIER,
 * df-df-snpn File,
 * ef-pws-snpn File OPTIONAL
 * }
 * ```
 * ProfileElement alternative 'df-snpn' [30]
 */
export const PE_DF_SNPN = fileSystemElement(tagOf('context', 30, true), 'df-snpn-header', [
  'df-df-snpn',
  'ef-pws-snpn?',
]);

/**
 * ```asn
 * PE-DF-5GPROSE ::= SEQUENCE {
 * df-5g-prose-header PEHeader,
 * templateID OBJECT IDENTIFIER,
 * df-df-5g-prose File,
 * ef-5g-prose-st File OPTIONAL,
 * ef-5g-prose-dd File OPTIONAL,
 * ef-5g-prose-dc File OPTIONAL,
 * ef-5g-prose-u2nru File OPTIONAL,
 * ef-5g-prose-ru File OPTIONAL,
 * ef-5g-prose-uir File OPTIONAL
 * }
 * ```
 * ProfileElement alternative 'df-5gprose' [31]
 */
export const PE_DF_5GPROSE = fileSystemElement(tagOf('context', 31, true), 'df-5g-prose-header', [
  'df-df-5g-prose',
  'ef-5g-prose-st?',
  'ef-5g-prose-dd?',
  'ef-5g-prose-dc?',
  'ef-5g-prose-u2nru?',
  'ef-5g-prose-ru?',
  'ef-5g-prose-uir?',
]);

/**
 * ```asn
 * PE-IoT ::= SEQUENCE {
 * iot-header PEHeader,
 * templateID OBJECT IDENTIFIER,
 * mf File OPTIONAL,
 * ef-pl File OPTIONAL,
 * ef-iccid File OPTIONAL,
 * ef-dir File OPTIONAL,
 * ef-arr File OPTIONAL,
 * ef-umpc File OPTIONAL,
 * adf-usim File OPTIONAL,
 * ef-imsi File,
 * ef-arr-usim File OPTIONAL,
 * ef-keys File OPTIONAL,
 * ef-keysPS File OPTIONAL,
 * ef-hpplmn File OPTIONAL,
 * ef-ust File OPTIONAL,
 * ef-start-hfn File OPTIONAL,
 * ef-threshold File OPTIONAL,
 * ef-psloci File OPTIONAL,
 * ef-acc File,
 * ef-fplmn File OPTIONAL,
 * ef-loci File OPTIONAL,
 * ef-ad File OPTIONAL,
 * ef-ecc File OPTIONAL,
 * ef-netpar File OPTIONAL
 * }
 * ```
 * ProfileElement alternative 'iot' [32]
 */
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

/**
 * ```asn
 * PE-OPT-IoT ::= SEQUENCE {
 * optiot-header PEHeader,
 * templateID OBJECT IDENTIFIER,
 * ef-fdn File OPTIONAL,
 * ef-sms File OPTIONAL,
 * ef-smsp File OPTIONAL,
 * ef-smss File OPTIONAL,
 * ef-spn File OPTIONAL,
 * ef-est File OPTIONAL,
 * ef-oplmnwact File OPTIONAL,
 * ef-hplmnwact File OPTIONAL,
 * ef-ehplmn File OPTIONAL,
 * ef-epsloci File OPTIONAL,
 * ef-epsnsc File OPTIONAL,
 * df-df-5gs File OPTIONAL,
 * ef-5gs3gpploci File OPTIONAL,
 * ef-5gsn3gpploci File OPTIONAL,
 * ef-5gs3gppnsc File OPTIONAL,
 * ef-5gsn3gppnsc File OPTIONAL,
 * ef-5gauthkeys File OPTIONAL,
 * ef-uac-aic File OPTIONAL,
 * ef-suci-calc-info File OPTIONAL,
 * ef-opl5g File OPTIONAL,
 * ef-supi-nai File OPTIONAL,
 * ef-routing-indicator File OPTIONAL,
 * ef-ursp File OPTIONAL,
 * ef-tn3gppsnn File OPTIONAL,
 * df-df-saip File OPTIONAL,
 * ef-suci-calc-info-usim File OPTIONAL
 * }
 * ```
 * ProfileElement alternative 'opt-iot' [33]
 */
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
