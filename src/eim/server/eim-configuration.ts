/**
 * This eIM as an eUICC is configured with it (SGP.32 2.11.1, 5.9.4 AddInitialEim, eCO addEim): its eimId,
 * eimFqdn, an initial counterValue of 0, associationToken −1 (the eUICC assigns one, 1 on a fresh eUICC) and
 * its public key, as onomondo-eim's info page gives them, and indirectProfileDownload; ready for
 * ES10b.AddInitialEim (`BF57 …`) and, bare, for an addEim eCO sent by another eIM.
 */
import {
  AddInitialEimRequest,
  type EimConfigurationData,
  eimConfigurationData,
} from '../../asn1/sgp32/index.ts';
import type { EimContext } from './context.ts';
import { eimPublicKeyData } from './eim-identity.ts';

export function eimConfiguration(eim: Pick<EimContext, 'identity' | 'config'>): EimConfigurationData {
  return {
    eimId: eim.identity.eimId,
    eimFqdn: eim.config.address,
    counterValue: 0,
    associationToken: -1,
    eimPublicKeyData: eimPublicKeyData(eim.identity),
    // this eIM relays the download (src/eim/download/), so the IPA downloads through it and the order sees
    // the result
    indirectProfileDownload: null,
  };
}

/** DER of EimConfigurationData, for an addEim / updateEim eCO. */
export const eimConfigurationDataDer = (eim: Pick<EimContext, 'identity' | 'config'>): Buffer =>
  eimConfigurationData().encode(eimConfiguration(eim));

/** DER of AddInitialEimRequest ('BF57'), for ES10b.AddInitialEim. */
export const addInitialEimRequestDer = (eim: Pick<EimContext, 'identity' | 'config'>): Buffer =>
  AddInitialEimRequest.encode({ eimConfigurationDataList: [eimConfiguration(eim)] });
