/**
 * Object identifiers of the SGP.22 certificate profiles (SGP.22 4.5.2.1.0.x) and of the X.509 parts they
 * use. The role OIDs are the `id-rspRole` arc of the RSPDefinitions module; every SGP.26 certificate carries
 * exactly one of them as its certificate policy, which is how a certificate says what it may be used for.
 */

/** id-rspRole = 2.23.146.1.2.1 (SGP.22 RSPDefinitions: id-rsp-cert-objects 1). */
export const RSP_ROLE_OIDS = {
  ci: '2.23.146.1.2.1.0',
  euicc: '2.23.146.1.2.1.1',
  eum: '2.23.146.1.2.1.2',
  'dp-tls': '2.23.146.1.2.1.3',
  'dp-auth': '2.23.146.1.2.1.4',
  'dp-pb': '2.23.146.1.2.1.5',
  'ds-tls': '2.23.146.1.2.1.6',
  'ds-auth': '2.23.146.1.2.1.7',
} as const;

export type RspRole = keyof typeof RSP_ROLE_OIDS;

export function roleFromPolicies(policies: readonly string[]): RspRole | undefined {
  const roles = (Object.keys(RSP_ROLE_OIDS) as RspRole[]).filter((role) =>
    policies.includes(RSP_ROLE_OIDS[role]),
  );
  // A certificate with two role policies has no single role: treat it as none.
  return roles.length === 1 ? roles[0] : undefined;
}

/** ecdsa-with-SHA256 (RFC 5758), the only signature algorithm of the SGP.22 PKI (SGP.22 2.6.5). */
export const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
/** id-ecPublicKey (RFC 5480). */
export const EC_PUBLIC_KEY = '1.2.840.10045.2.1';

export const EXTENSION_OIDS = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
} as const;

/** Extensions this code understands; any other extension marked critical makes a certificate unusable. */
export const KNOWN_EXTENSIONS: ReadonlySet<string> = new Set(Object.values(EXTENSION_OIDS));

export const KEY_PURPOSE_OIDS = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

/** Attribute types of the distinguished names SGP.22 certificates use. */
export const ATTRIBUTE_OIDS = {
  CN: '2.5.4.3',
  serialNumber: '2.5.4.5',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
} as const;

export type AttributeName = keyof typeof ATTRIBUTE_OIDS;

/**
 * The object identifiers SGP.26 puts as registeredID in the subjectAltName of its test certificates
 * (under the 2.999 "example" arc): the CI, the EUM and the SM-DP+ (SGP.22 4.5.2.1.0.x: the CI, EUM and
 * SM-DP+ certificates name their owner's OID this way).
 */
export const SGP26_OIDS = {
  ci: '2.999.1',
  eum: '2.999.5',
  smdp: '2.999.10',
  /** Not in SGP.26 (it has no SM-DS certificates): the OID rspsim's SM-DS certificates carry. */
  smds: '2.999.15',
} as const;
