import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { privateKeyFromPem } from '../../src/pki/keys.ts';
import { type CiCertificate, toTrustedCi } from '../../src/pki/trusted-ci.ts';

/** The project's copy of the SGP.26 test PKI (certs/sgp26); tests never read ../shared. */
export const SGP26_DIR = fileURLToPath(new URL('../../certs/sgp26/', import.meta.url));

/** "Today" for validity checks: the SGP.26 DPtls certificates (expired 2026-08-02) are expired then. */
export const NOW = new Date('2026-11-25T12:00:00Z');

export const SAMPLE_EID = '89049032123451234512345678901235';

export function sgp26(path: string): Buffer {
  return readFileSync(join(SGP26_DIR, path));
}

export function sgp26Key(path: string) {
  return privateKeyFromPem(sgp26(path), path);
}

/** Every CERT_*.der of the set, as paths relative to certs/sgp26. */
export function allSgp26Certificates(): string[] {
  return readdirSync(SGP26_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) =>
      readdirSync(join(SGP26_DIR, dir.name))
        .filter((file) => file.startsWith('CERT_') && file.endsWith('.der'))
        .map((file) => `${dir.name}/${file}`),
    )
    .sort();
}

/** The SGP.26 CIs, NIST first: a pair, so that a test may name either without a check. */
export function sgp26Cis(): [nist: CiCertificate, brp: CiCertificate] {
  return [
    toTrustedCi(sgp26('CertificateIssuer/CERT_CI_ECDSA_NIST.der')),
    toTrustedCi(sgp26('CertificateIssuer/CERT_CI_ECDSA_BRP.der')),
  ];
}
