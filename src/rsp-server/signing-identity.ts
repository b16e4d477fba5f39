/** A server's certificate with its private key (CERT.DPauth, CERT.DPpb of the SM-DP+, CERT.DSauth of the SM-DS). */
import type { KeyObject } from 'node:crypto';

export interface SigningIdentity {
  /** DER certificate. */
  readonly certificate: Buffer;
  readonly privateKey: KeyObject;
}
