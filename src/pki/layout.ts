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

interface EntityLayout {
  readonly folder: string;
  /** Base name of the certificate file, without extension. */
  readonly certificate: (suffix: string) => string;
  readonly privateKey: (suffix: string) => string;
  readonly publicKey: (suffix: string) => string;
}

const LAYOUT: Readonly<Record<PkiEntity, EntityLayout>> = {
  ci: {
    folder: 'CertificateIssuer',
    certificate: (s) => `CERT_CI_ECDSA_${s}`,
    privateKey: (s) => `SK_CI_ECDSA_${s}.pem`,
    publicKey: (s) => `PK_CI_ECDSA_${s}.pem`,
  },
  eum: {
    folder: 'EUM',
    certificate: (s) => `CERT_EUM_ECDSA_${s}`,
    privateKey: (s) => `SK_EUM_ECDSA_${s}.pem`,
    publicKey: (s) => `PK_EUM_ECDSA_${s}.pem`,
  },
  euicc: {
    folder: 'eUICC',
    certificate: (s) => `CERT_EUICC_ECDSA_${s}`,
    privateKey: (s) => `SK_EUICC_ECDSA_${s}.pem`,
    publicKey: (s) => `PK_EUICC_ECDSA_${s}.pem`,
  },
  dpAuth: {
    folder: 'DPauth',
    certificate: (s) => `CERT_S_SM_DPauth_ECDSA_${s}`,
    privateKey: (s) => `SK_S_SM_DPauth_ECDSA_${s}.pem`,
    publicKey: (s) => `PK_S_SM_DPauth_ECDSA_${s}.pem`,
  },
  dpPb: {
    folder: 'DPpb',
    certificate: (s) => `CERT_S_SM_DPpb_ECDSA_${s}`,
    privateKey: (s) => `SK_S_SM_DPpb_ECDSA_${s}.pem`,
    publicKey: (s) => `PK_S_SM_DPpb_ECDSA_${s}.pem`,
  },
  dpTls: {
    folder: 'DPtls',
    certificate: (s) => `CERT_S_SM_DP_TLS_${s}`,
    privateKey: (s) => `SK_S_SM_DP_TLS_${s}.pem`,
    publicKey: (s) => `PK_S_SM_DP_TLS_${s}.pem`,
  },
  // The SM-DS (SGP.26 ships none; `pki generate` writes them in the same naming).
  dsAuth: {
    folder: 'DSauth',
    certificate: (s) => `CERT_S_SM_DSauth_ECDSA_${s}`,
    privateKey: (s) => `SK_S_SM_DSauth_ECDSA_${s}.pem`,
    publicKey: (s) => `PK_S_SM_DSauth_ECDSA_${s}.pem`,
  },
  dsTls: {
    folder: 'DStls',
    certificate: (s) => `CERT_S_SM_DS_TLS_${s}`,
    privateKey: (s) => `SK_S_SM_DS_TLS_${s}.pem`,
    publicKey: (s) => `PK_S_SM_DS_TLS_${s}.pem`,
  },
};

export interface EntityFiles {
  readonly certificateDer: string;
  readonly certificatePem: string;
  readonly privateKey: string;
  readonly publicKey: string;
}

/** The paths of an entity's files for a curve inside a PKI folder. */
export function entityFiles(dir: string, entity: PkiEntity, curve: Curve): EntityFiles {
  const layout = LAYOUT[entity];
  const suffix = SGP26_SUFFIX[curve];
  const folder = join(dir, layout.folder);
  return {
    certificateDer: join(folder, `${layout.certificate(suffix)}.der`),
    certificatePem: join(folder, `${layout.certificate(suffix)}.pem`),
    privateKey: join(folder, layout.privateKey(suffix)),
    publicKey: join(folder, layout.publicKey(suffix)),
  };
}
