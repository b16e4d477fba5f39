/**
 * ECKA-DH with one-time keys (BSI TR-03111 4.3.1; SGP.22 2.6.6.1): the shared secret is the x coordinate
 * of the agreed point. One-time public keys travel as uncompressed points ('04' || X || Y) in '5F49'
 * fields, which is what OpenSSL's ECDH takes and gives, so no key objects are built for them.
 */
import { createECDH } from 'node:crypto';
import { BspError } from './bsp-error.ts';
import { type Curve, OPENSSL_NAMES } from './curve.ts';

export interface EphemeralKeyPair {
  readonly curve: Curve;
  /** The public key as an uncompressed point, 65 bytes. */
  readonly publicPoint: Buffer;
  /** The shared secret with the holder of `peerPoint`; a point of the wrong size or off the curve is refused. */
  agree(peerPoint: Buffer): Buffer;
}

export function generateEphemeralKeyPair(curve: Curve): EphemeralKeyPair {
  const ecdh = createECDH(OPENSSL_NAMES[curve]);
  const publicPoint = ecdh.generateKeys();
  return {
    curve,
    publicPoint,
    agree(peerPoint: Buffer): Buffer {
      if (peerPoint.length !== 65 || peerPoint[0] !== 0x04) {
        throw new BspError('invalidPoint', 'not an uncompressed 256-bit point');
      }
      try {
        return ecdh.computeSecret(peerPoint);
      } catch {
        throw new BspError('invalidPoint', `the point is not on ${curve}`);
      }
    },
  };
}
