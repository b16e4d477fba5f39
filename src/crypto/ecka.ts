/**
 * ECKA-DH with one-time keys (BSI TR-03111 4.3.1; SGP.22 2.6.6.1): the shared secret is the x coordinate
 * of the agreed point. Public keys travel as uncompressed points ('04' || X || Y) in '5F49' fields.
 */
import { createPublicKey, diffieHellman, type KeyObject } from 'node:crypto';
import { encodeOid } from '../asn1/schema.ts';
import { encodeTlv } from '../asn1/tlv.ts';
import { BspError } from './bsp-error.ts';
import { CURVE_OIDS, type Curve, generateEcKeyPair } from './curve.ts';

export interface EphemeralKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The public key as an uncompressed point, 65 bytes. */
  readonly publicPoint: Buffer;
}

const ID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';

export function generateEphemeralKeyPair(curve: Curve): EphemeralKeyPair {
  const { privateKey, publicKey } = generateEcKeyPair(curve);
  return { privateKey, publicKey, publicPoint: uncompressedPoint(publicKey) };
}

/** The uncompressed point of an EC public key: the BIT STRING contents of its SubjectPublicKeyInfo. */
export function uncompressedPoint(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return spki.subarray(spki.length - 65);
}

/** A public key from an uncompressed point; a point of the wrong size or off the curve is refused. */
export function importUncompressedPoint(curve: Curve, point: Buffer): KeyObject {
  if (point.length !== 65 || point[0] !== 0x04)
    throw new BspError('invalidPoint', 'not an uncompressed 256-bit point');
  const algorithm = encodeTlv(
    0x30,
    encodeTlv(0x06, encodeOid(ID_EC_PUBLIC_KEY)),
    encodeTlv(0x06, encodeOid(CURVE_OIDS[curve])),
  );
  const spki = encodeTlv(0x30, algorithm, encodeTlv(0x03, Buffer.from([0]), point));
  try {
    return createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch {
    throw new BspError('invalidPoint', `the point is not on ${curve}`);
  }
}

export function eckaSharedSecret(privateKey: KeyObject, publicKey: KeyObject): Buffer {
  return diffieHellman({ privateKey, publicKey });
}
