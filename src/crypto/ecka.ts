/**
 * ECKA-DH with one-time keys (BSI TR-03111 4.3.1; SGP.22 2.6.6.1): the shared secret is the x coordinate
 * of the agreed point. One-time public keys travel as uncompressed points ('04' || X || Y) in '5F49'
 * fields, which is what OpenSSL's ECDH takes and gives, so no key objects are built for them.
 */
import { createECDH, type ECDH } from 'node:crypto';
import { BspError } from './bsp-error.ts';
import { type Curve, OPENSSL_NAMES } from './curve.ts';

export interface EphemeralKeyPair {
  readonly curve: Curve;
  /** The public key as an uncompressed point, 65 bytes. */
  readonly publicPoint: Buffer;
  /** The shared secret with the holder of `peerPoint`; a point of the wrong size or off the curve is refused. */
  agree(peerPoint: Buffer): Buffer;
  /** The private scalar, for a holder that must keep the key beyond this process (an eUICC's state). */
  privateValue(): Buffer;
}

export function generateEphemeralKeyPair(curve: Curve): EphemeralKeyPair {
  const ecdh = createECDH(OPENSSL_NAMES[curve]);
  return keyPair(curve, ecdh, ecdh.generateKeys());
}

/** The one-time key pair of a kept private scalar (SGP.22 5.7.5: the eUICC reuses otSK.EUICC.ECKA on a retry). */
export function ephemeralKeyPairFrom(curve: Curve, privateValue: Buffer): EphemeralKeyPair {
  const ecdh = createECDH(OPENSSL_NAMES[curve]);
  ecdh.setPrivateKey(privateValue);
  return keyPair(curve, ecdh, ecdh.getPublicKey());
}

function keyPair(curve: Curve, ecdh: ECDH, publicPoint: Buffer): EphemeralKeyPair {
  return {
    curve,
    publicPoint,
    privateValue: () => ecdh.getPrivateKey(),
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
