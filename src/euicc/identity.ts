/**
 * A new eUICC's identity: a fresh EID in the EUM's permitted range, a key pair, and CERT.EUICC.ECDSA issued
 * by the EUM of the PKI (by default the SGP.26 test EUM), so it chains to a real test CI (SGP.22 4.5.2).
 */
import type { Curve } from '../crypto/curve.ts';
import { generateEcKeyPair } from '../crypto/curve.ts';
import { randomEid } from '../pki/eid.ts';
import { PkiConfigurationError } from '../pki/errors.ts';
import { issueEuiccCertificate } from '../pki/issue.ts';
import type { PkiStore } from '../pki/pki-store.ts';
import type { EuiccState } from './state.ts';

/** SGP.22 2.2.3 / SGP.29: the default root SM-DS of test devices. */
export const DEFAULT_ROOT_DS = 'testrootsmds.gsma.com';

export function newEuiccState(
  pki: PkiStore,
  curve: Curve,
  defaultDpAddress?: string,
  rootDsAddress: string = DEFAULT_ROOT_DS,
): EuiccState {
  const chain = pki.curves.get(curve);
  if (!chain?.eum) throw new PkiConfigurationError(`the PKI has no EUM certificate and key for ${curve}`);
  const prefix = chain.eum.certificate.permittedEidPrefix ?? '89049032';
  const eid = randomEid(prefix);
  const keys = generateEcKeyPair(curve);
  const issued = issueEuiccCertificate({
    eum: chain.eum.certificate,
    eumKey: chain.eum.privateKey,
    eid,
    publicKey: keys.publicKey,
  });
  return {
    version: 1,
    eid,
    curve,
    privateKeyPem: keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    euiccCertificate: issued.der.toString('base64'),
    eumCertificate: chain.eum.certificate.der.toString('base64'),
    ...(defaultDpAddress ? { defaultDpAddress } : {}),
    rootDsAddress,
    profiles: [],
    notifications: [],
    nextSeqNumber: 1,
    nextIsdpNumber: 1,
  };
}

/**
 * The state of the PKI's sample eUICC (the SGP.26 test eUICC, EID 89049032123451234512345678901235, in
 * certs/sgp26): its own certificate and key, so a test order prepared for that EID can be downloaded.
 */
export function sampleEuiccState(pki: PkiStore, curve: Curve): EuiccState {
  const chain = pki.curves.get(curve);
  const euicc = chain?.euicc;
  const eid = euicc?.certificate.subjectSerialNumber;
  if (!chain?.eum || !euicc || !eid)
    throw new PkiConfigurationError(`the PKI has no sample eUICC certificate and key for ${curve}`);
  return {
    version: 1,
    eid,
    curve,
    privateKeyPem: euicc.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    euiccCertificate: euicc.certificate.der.toString('base64'),
    eumCertificate: chain.eum.certificate.der.toString('base64'),
    rootDsAddress: DEFAULT_ROOT_DS,
    profiles: [],
    notifications: [],
    nextSeqNumber: 1,
    nextIsdpNumber: 1,
  };
}
