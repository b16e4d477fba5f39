/**
 * What the SM-DP+ offers in TLS on ES9+ (and the other routes of its port). SGP.22 2.6.6: TLS 1.2 with
 * TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 or TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 (RFC 5289), on the
 * curves SGP.22 names for ECDHE — NIST P-256 (secp256r1) and brainpoolP256r1 (RFC 7027). No SHA-1 CBC suites,
 * no AES-256, nothing RSA, no TLS 1.3 unless asked for.
 *
 * Two settings widen it, for tests of LPAs that need more: `tlsMaxVersion` 1.3 also offers TLS 1.3
 * (TLS_AES_128_GCM_SHA256 on P-256: OpenSSL 3.0 has no brainpool group for TLS 1.3), and `tlsCipherSuites`
 * `wide` offers Node's default suites and groups.
 */
import { DEFAULT_CIPHERS, type SecureContextOptions } from 'node:tls';

export const TLS_MAX_VERSIONS = ['1.2', '1.3'] as const;
export const TLS_CIPHER_SUITE_SETS = ['sgp22', 'wide'] as const;

export interface TlsPolicy {
  readonly tlsMaxVersion: string;
  readonly tlsCipherSuites: string;
}

/** OpenSSL's names of the two SGP.22 2.6.6 suites, the preferred one first. */
const SGP22_TLS12_SUITES = ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES128-SHA256'];
const SGP22_TLS13_SUITES = ['TLS_AES_128_GCM_SHA256'];
const SGP22_GROUPS = 'P-256:brainpoolP256r1';

export function tlsServerOptions(policy: TlsPolicy): SecureContextOptions {
  const wide = policy.tlsCipherSuites === 'wide';
  return {
    minVersion: 'TLSv1.2',
    maxVersion: policy.tlsMaxVersion === '1.3' ? 'TLSv1.3' : 'TLSv1.2',
    ciphers: wide ? DEFAULT_CIPHERS : [...SGP22_TLS13_SUITES, ...SGP22_TLS12_SUITES].join(':'),
    ecdhCurve: wide ? 'auto' : SGP22_GROUPS,
    honorCipherOrder: true,
  };
}
