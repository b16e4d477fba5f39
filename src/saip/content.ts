/**
 * What a decoded profile gives the network and the handset: the ICCID (ProfileHeader and EF.ICCID), the
 * IMSI of each USIM (EF.IMSI) and the AKA parameters of each NAA. For the eUICC emulator, which exposes
 * what it installed, and for `profile inspect`.
 */
import { iccidFromProfileHeader, iccidToDigits } from '../profile/iccid.ts';
import { ALGORITHM_IDS } from './access.ts';
import type { File } from './common.ts';
import { decodeImsi, fileContent, writesContent } from './ef-coding.ts';
import type { ProfileElement } from './profile-element.ts';

export interface AkaParameters {
  readonly algorithm: keyof typeof ALGORITHM_IDS | `algorithm ${number}`;
  /** K (Ki), hex. */
  readonly key: string;
  /** OPc (Milenage) or TOPc (TUAK), hex. */
  readonly opc: string;
  readonly algorithmOptions: string;
}

export interface ProfileContent {
  /** ICCID digits, from the ProfileHeader. */
  readonly iccid: string;
  /** ICCID digits in EF.ICCID, when the MF writes it. */
  readonly efIccid?: string;
  /** IMSI of each USIM (of the 'usim' and 'iot' elements), in package order. */
  readonly imsis: readonly string[];
  /** The AKA parameters of each 'akaParameter' element that carries an AlgoParameter, in package order. */
  readonly aka: readonly AkaParameters[];
  readonly profileType?: string;
}

const ALGORITHM_NAMES = Object.fromEntries(Object.entries(ALGORITHM_IDS).map(([n, v]) => [v, n]));

/** The written content of the EF.ICCID of the 'mf' element, as digits. */
export function efIccidOf(elements: readonly ProfileElement[]): string | undefined {
  for (const element of elements) {
    if ('mf' in element && writesContent(element.mf['ef-iccid'] as File)) {
      return iccidToDigits(fileContent(element.mf['ef-iccid'] as File));
    }
  }
  return undefined;
}

export function profileContent(elements: readonly ProfileElement[]): ProfileContent {
  const header = elements.find((element) => 'header' in element);
  if (!header || !('header' in header)) throw new RangeError('the package has no ProfileHeader');
  const imsis: string[] = [];
  const aka: AkaParameters[] = [];
  for (const element of elements) {
    const usim = 'usim' in element ? element.usim : 'iot' in element ? element.iot : undefined;
    const efImsi = usim?.['ef-imsi'] as File | undefined;
    if (efImsi && writesContent(efImsi)) {
      const imsi = decodeImsi(fileContent(efImsi));
      if (imsi) imsis.push(imsi);
    }
    if ('akaParameter' in element && 'algoParameter' in element.akaParameter.algoConfiguration) {
      const p = element.akaParameter.algoConfiguration.algoParameter;
      aka.push({
        algorithm:
          (ALGORITHM_NAMES[p.algorithmID] as AkaParameters['algorithm']) ?? `algorithm ${p.algorithmID}`,
        key: p.key.toString('hex').toUpperCase(),
        opc: p.opc.toString('hex').toUpperCase(),
        algorithmOptions: p.algorithmOptions.toString('hex').toUpperCase(),
      });
    }
  }
  const efIccid = efIccidOf(elements);
  return {
    iccid: iccidFromProfileHeader(header.header.iccid),
    ...(efIccid ? { efIccid } : {}),
    imsis,
    aka,
    ...(header.header.profileType ? { profileType: header.header.profileType } : {}),
  };
}
