import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { CertificateParseError } from './errors.ts';

/**
 * EC key files. SGP.26 ships private keys as OpenSSL "EC PARAMETERS" + SEC1 "EC PRIVATE KEY" PEM; the
 * generator writes PKCS#8 "PRIVATE KEY" PEM. OpenSSL (node:crypto) reads both, for both curves. Key
 * material never goes into messages or logs: errors name the file, not its contents.
 */
export function privateKeyFromPem(pem: string | Buffer, source = 'private key'): KeyObject {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ec') throw new Error(`not an EC key (${key.asymmetricKeyType})`);
    return key;
  } catch (error) {
    throw new CertificateParseError(`${source} is not a usable EC private key`, { cause: error });
  }
}

/** PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"). */
export function privateKeyToPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----"). */
export function publicKeyToPem(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

/** True if the two keys form a pair (same public key). */
export function isKeyPair(publicKey: KeyObject, privateKey: KeyObject): boolean {
  const derived = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return derived.equals(publicKey.export({ type: 'spki', format: 'der' }));
}
