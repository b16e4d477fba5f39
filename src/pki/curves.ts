/** The curves of the SGP.22 PKI (src/crypto/curve.ts), plus how SGP.26 names their files. */
import type { Curve } from '../crypto/curve.ts';

export * from '../crypto/curve.ts';

/** The file-name suffix SGP.26 uses for each curve (`CERT_CI_ECDSA_NIST.der`, `..._BRP.der`). */
export const SGP26_SUFFIX: Readonly<Record<Curve, 'NIST' | 'BRP'>> = {
  'P-256': 'NIST',
  brainpoolP256r1: 'BRP',
};
