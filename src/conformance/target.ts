/**
 * The SM-DP+ under test as a campaign sees it: its address (as activation codes name it), the CI
 * certificate(s) its answers must chain to, the identity the emulated eUICC presents, and where test orders
 * come from (orders.ts).
 */
import { readFileSync } from 'node:fs';
import type { Curve } from '../crypto/curve.ts';
import { pemBlocks } from '../pki/pem.ts';
import { type CiCertificate, toTrustedCi } from '../pki/trusted-ci.ts';
import type { TlsTrust } from './exchange.ts';
import type { Es2Orders, OrderSource } from './orders.ts';

export interface SmdpTarget {
  /** host[:port], as in an activation code and in serverSigned1.serverAddress. */
  readonly address: string;
  readonly tls: TlsTrust;
  /** The CIs the SM-DP+'s DPauth/DPpb certificates must chain to. */
  readonly trustedCis: readonly CiCertificate[];
  /** The PKI whose EUM issues generated eUICCs (and whose CIs the eUICC trusts); default certs/sgp26. */
  readonly euiccPkiDir?: string;
  /** 'sgp26': the PKI's sample eUICC (fixed EID); 'generated': a fresh EID per device. */
  readonly euiccIdentity: 'generated' | 'sgp26';
  /** The curves the SM-DP+ serves (cases of another curve are inconclusive). */
  readonly curves: readonly Curve[];
  /** Curves left out and why (`--curves auto` found the target does not serve them): their cases say so. */
  readonly curvesLeftOut?: ReadonlyMap<Curve, string>;
  readonly orders: OrderSource;
  /** Set when orders come through ES2+: the ES2+ cases use it. */
  readonly es2?: Es2Orders;
}

/** CI certificates from files (PEM, possibly several, or DER). */
export function loadCiCertificates(files: readonly string[]): CiCertificate[] {
  return files.flatMap((file) => {
    let content: Buffer;
    try {
      content = readFileSync(file);
    } catch {
      throw new Error(`cannot read CI certificate ${file}`);
    }
    const text = content.toString('latin1');
    const ders = text.includes('-----BEGIN') ? pemBlocks(text) : [content];
    if (ders.length === 0) throw new Error(`${file} holds no certificate`);
    return ders.map((der) => toTrustedCi(der));
  });
}
