import { join } from 'node:path';
import { type Curve, SGP26_SUFFIX } from './curves.ts';

/**
 * The file layout of a PKI folder: the one of the GSMA SGP.26 test certificate set (certs/sgp26), which
 * generated hierarchies copy so that one loader reads both. Per entity a folder; per curve a suffix
 * (_NIST for P-256, _BRP for brainpoolP256r1); CERT_* the certificate (.der, and .pem when generated),
 * SK_* the private key PEM, PK_* the public key PEM.
 */
export type PkiEntity = 'ci' | 'eum' | 'euicc' | 'dpAuth' | 'dpPb' | 'dpTls' | 'dsAuth' | 'dsTls';

export const PKI_ENTITIES: readonly PkiEntity[] = [
  'ci',
  'eum',
  'euicc',
  'dpAuth',
  'dpPb',
  'dpTls',
  'dsAuth',
  'dsTls',
];

/** An entity's folder and the stem of its file names: `CERT_<stem>_<suffix>`, `SK_<stem>_<suffix>.pem` ... */
interface EntityLayout {
  readonly folder: string;
  readonly stem: string;
}

const LAYOUT: Readonly<Record<PkiEntity, EntityLayout>> = {
  ci: { folder: 'CertificateIssuer', stem: 'CI_ECDSA' },
  eum: { folder: 'EUM', stem: 'EUM_ECDSA' },
  euicc: { folder: 'eUICC', stem: 'EUICC_ECDSA' },
  dpAuth: { folder: 'DPauth', stem: 'S_SM_DPauth_ECDSA' },
  dpPb: { folder: 'DPpb', stem: 'S_SM_DPpb_ECDSA' },
  dpTls: { folder: 'DPtls', stem: 'S_SM_DP_TLS' },
  // The SM-DS (SGP.26 ships none; `pki generate` writes them in the same naming).
  dsAuth: { folder: 'DSauth', stem: 'S_SM_DSauth_ECDSA' },
  dsTls: { folder: 'DStls', stem: 'S_SM_DS_TLS' },
};

export interface EntityFiles {
  readonly certificateDer: string;
  readonly certificatePem: string;
  readonly privateKey: string;
  readonly publicKey: string;
}

/** The paths of an entity's files for a curve inside a PKI folder. */
export function entityFiles(dir: string, entity: PkiEntity, curve: Curve): EntityFiles {
  const { folder, stem } = LAYOUT[entity];
  const path = (kind: 'CERT' | 'SK' | 'PK', extension: string) =>
    join(dir, folder, `${kind}_${stem}_${SGP26_SUFFIX[curve]}.${extension}`);
  return {
    certificateDer: path('CERT', 'der'),
    certificatePem: path('CERT', 'pem'),
    privateKey: path('SK', 'pem'),
    publicKey: path('PK', 'pem'),
  };
}
