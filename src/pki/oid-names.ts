/**
 * Readable names for the object identifiers a person meets in SGP.22 messages and certificates, so decoded
 * trees (CLI, session trace) show `2.23.146.1.2.1.4 (id-rspRole-dp-auth)` rather than bare numbers.
 */
import { CURVE_OIDS } from '../crypto/curve.ts';
import { EC_PUBLIC_KEY, ECDSA_WITH_SHA256, EXTENSION_OIDS, RSP_ROLE_OIDS, SGP26_OIDS } from './oids.ts';

const NAMES: ReadonlyMap<string, string> = new Map([
  [SGP26_OIDS.ci, 'CI OID of the SGP.26 test certificates'],
  [SGP26_OIDS.eum, 'EUM OID of the SGP.26 test certificates'],
  [SGP26_OIDS.smdp, 'SM-DP+ OID of the SGP.26 test certificates'],
  [CURVE_OIDS['P-256'], 'prime256v1 (NIST P-256)'],
  [CURVE_OIDS.brainpoolP256r1, 'brainpoolP256r1'],
  [ECDSA_WITH_SHA256, 'ecdsa-with-SHA256'],
  [EC_PUBLIC_KEY, 'id-ecPublicKey'],
  ...Object.entries(RSP_ROLE_OIDS).map(([role, oid]) => [oid, `id-rspRole-${role}`] as const),
  ...Object.entries(EXTENSION_OIDS).map(([name, oid]) => [oid, name] as const),
]);

/** `oid (name)` for a known OID, the bare OID otherwise. */
export function describeOid(oid: string): string {
  const name = NAMES.get(oid);
  return name ? `${oid} (${name})` : oid;
}
