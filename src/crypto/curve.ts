import { generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * The two elliptic curves of the SGP.22 PKI (SGP.22 2.6.5: NIST P-256 and brainpoolP256r1, both with
 * ECDSA-SHA256). Every key is generated and used through node:crypto (OpenSSL), because WebCrypto has no
 * brainpool curve.
 */
export type Curve = 'P-256' | 'brainpoolP256r1';

export const CURVES: readonly Curve[] = ['P-256', 'brainpoolP256r1'];

/** namedCurve OIDs of the SubjectPublicKeyInfo parameters (RFC 5480, RFC 5639). */
export const CURVE_OIDS: Readonly<Record<Curve, string>> = {
  'P-256': '1.2.840.10045.3.1.7',
  brainpoolP256r1: '1.3.36.3.3.2.8.1.1.7',
};

/** OpenSSL's names, as node:crypto reports them in `asymmetricKeyDetails.namedCurve`. */
export const OPENSSL_NAMES: Readonly<Record<Curve, string>> = {
  'P-256': 'prime256v1',
  brainpoolP256r1: 'brainpoolP256r1',
};

export function isCurve(value: unknown): value is Curve {
  return value === 'P-256' || value === 'brainpoolP256r1';
}

export function curveFromOid(oid: string): Curve | undefined {
  return CURVES.find((curve) => CURVE_OIDS[curve] === oid);
}

/** The curve of an EC key object, or undefined for any other key (another curve, RSA, ...). */
export function curveOfKey(key: KeyObject): Curve | undefined {
  if (key.asymmetricKeyType !== 'ec') return undefined;
  const name = key.asymmetricKeyDetails?.namedCurve;
  return CURVES.find((curve) => OPENSSL_NAMES[curve] === name);
}

export interface EcKeyPair {
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
}

export function generateEcKeyPair(curve: Curve): EcKeyPair {
  return generateKeyPairSync('ec', { namedCurve: OPENSSL_NAMES[curve] });
}
