/**
 * A new eUICC's identity: a fresh EID in the EUM's permitted range, a key pair, and CERT.EUICC.ECDSA issued
 * by the EUM of the PKI (by default the SGP.26 test EUM), so it chains to a real test CI (SGP.22 4.5.2).
 */
import type { KeyObject } from 'node:crypto';
import type { Curve } from '../crypto/curve.ts';
import { generateEcKeyPair } from '../crypto/curve.ts';
import { randomEid } from '../pki/eid.ts';
import { PkiConfigurationError } from '../pki/errors.ts';
import { issueEuiccCertificate } from '../pki/issue.ts';
import type { PkiStore } from '../pki/pki-store.ts';
import type { EuiccState } from './state.ts';

/** SGP.22 2.2.3 / SGP.29: the default root SM-DS of test devices. */
const DEFAULT_ROOT_DS = 'testrootsmds.gsma.com';

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
  return emptyCard(eid, curve, keys.privateKey, issued.der, chain.eum.certificate.der, {
    ...(defaultDpAddress ? { defaultDpAddress } : {}),
    rootDsAddress,
  });
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
  return emptyCard(eid, curve, euicc.privateKey, euicc.certificate.der, chain.eum.certificate.der, {
    rootDsAddress: DEFAULT_ROOT_DS,
  });
}

/** A card with this identity and nothing on it yet: no profile, no notification, counters at their start. */
function emptyCard(
  eid: string,
  curve: Curve,
  privateKey: KeyObject,
  euiccCertificate: Buffer,
  eumCertificate: Buffer,
  addresses: Pick<EuiccState, 'defaultDpAddress' | 'rootDsAddress'>,
): EuiccState {
  return {
    version: 1,
    eid,
    curve,
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    euiccCertificate: euiccCertificate.toString('base64'),
    eumCertificate: eumCertificate.toString('base64'),
    ...addresses,
    profiles: [],
    notifications: [],
    nextSeqNumber: 1,
    nextIsdpNumber: 1,
  };
}
