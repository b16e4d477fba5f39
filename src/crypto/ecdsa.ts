import { type KeyObject, sign, verify } from 'node:crypto';

/**
 * ECDSA with SHA-256 over NIST P-256 or brainpoolP256r1 (SGP.22 2.6.5), done by OpenSSL through node:crypto.
 *
 * SGP.22 carries signatures in two encodings:
 * - inside RSP messages (tag '5F37'): the plain r || s format of BSI TR-03111, 64 bytes for 256-bit curves;
 * - inside X.509 certificates: the DER `Ecdsa-Sig-Value` SEQUENCE { r INTEGER, s INTEGER }.
 */
export type SignatureEncoding = 'raw' | 'der';

const dsaEncoding = (encoding: SignatureEncoding) => (encoding === 'raw' ? 'ieee-p1363' : 'der');

export function ecdsaSign(
  privateKey: KeyObject,
  data: Uint8Array,
  encoding: SignatureEncoding = 'raw',
): Buffer {
  return sign('sha256', data, { key: privateKey, dsaEncoding: dsaEncoding(encoding) });
}

/** Verifies; any malformed signature or key mismatch is `false`, never an exception. */
export function ecdsaVerify(
  publicKey: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
  encoding: SignatureEncoding = 'raw',
): boolean {
  if (encoding === 'raw' && signature.length !== 64) return false;
  try {
    return verify('sha256', data, { key: publicKey, dsaEncoding: dsaEncoding(encoding) }, signature);
  } catch {
    return false;
  }
}
