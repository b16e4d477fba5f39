/**
 * The SM-DS's view of a PKI folder: one CERT.DSauth.ECDSA identity per CI (SGP.22 3.6, 4.5.2). A folder made
 * by `pki generate` has DSauth certificates; the SGP.26 set has none, so one is issued at start from the
 * CI's key where the folder holds it (as the TLS certificate is), new at each start.
 */
import { generateEcKeyPair } from '../pki/curves.ts';
import { PkiConfigurationError } from '../pki/errors.ts';
import { issueDsAuthCertificate } from '../pki/issue.ts';
import { SGP26_OIDS } from '../pki/oids.ts';
import type { PkiStore } from '../pki/pki-store.ts';
import type { SmdsCredentials, SmdsPki } from './context.ts';

const HOUR = 3_600_000;

export function smdsPkiFrom(store: PkiStore, now: Date): SmdsPki & { readonly smdsOid: string } {
  const credentials: SmdsCredentials[] = [];
  let smdsOid: string | undefined;
  for (const pki of store.curves.values()) {
    const ciPkid = pki.ci.subjectKeyIdentifier;
    if (pki.dsAuth) {
      credentials.push({
        curve: pki.curve,
        ciPkid,
        dsAuth: { certificate: pki.dsAuth.certificate.der, privateKey: pki.dsAuth.privateKey },
      });
      smdsOid ??= pki.dsAuth.certificate.subjectAltName.registeredIds[0];
      continue;
    }
    if (!pki.ciKey) continue;
    const keys = generateEcKeyPair(pki.curve);
    const issued = issueDsAuthCertificate({
      ci: pki.ci,
      ciKey: pki.ciKey,
      publicKey: keys.publicKey,
      notBefore: new Date(now.getTime() - HOUR),
      notAfter: new Date(now.getTime() + 365 * 24 * HOUR),
    });
    credentials.push({
      curve: pki.curve,
      ciPkid,
      dsAuth: { certificate: issued.der, privateKey: keys.privateKey },
    });
  }
  if (credentials.length === 0) {
    throw new PkiConfigurationError(
      `PKI folder ${store.dir} has neither DSauth certificates nor a CI key to issue them with`,
    );
  }
  return { credentials, trustedCis: store.trustedCis, smdsOid: smdsOid ?? SGP26_OIDS.smds };
}
