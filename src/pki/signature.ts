import type { KeyObject } from 'node:crypto';
import { ecdsaSign, ecdsaVerify } from '../crypto/ecdsa.ts';
import type { ParsedCertificate } from './certificate.ts';
import { ECDSA_WITH_SHA256 } from './oids.ts';

/**
 * Certificate signatures: ECDSA with SHA-256 (SGP.22 2.6.5, 4.5.2), the signatureValue being a DER
 * Ecdsa-Sig-Value. Done by OpenSSL through node:crypto, not by pkijs (whose sign/verify use WebCrypto, which
 * has no brainpoolP256r1).
 */

/** Signs the DER of a tbsCertificate. */
export function signTbs(tbs: Uint8Array, issuerPrivateKey: KeyObject): Buffer {
  return ecdsaSign(issuerPrivateKey, tbs, 'der');
}

/**
 * True if `cert` is signed with ecdsa-with-SHA256 by the holder of `issuerPublicKey`. The signature is
 * checked over the tbsCertificate bytes exactly as received, never over a re-encoding of them.
 */
export function isSignedBy(cert: ParsedCertificate, issuerPublicKey: KeyObject): boolean {
  if (cert.signatureAlgorithm !== ECDSA_WITH_SHA256) return false;
  return ecdsaVerify(issuerPublicKey, cert.tbs, cert.signature, 'der');
}
