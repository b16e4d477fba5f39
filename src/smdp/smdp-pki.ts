/** The SM-DP+'s view of a PKI folder: one DPauth/DPpb identity per CI, the CIs it trusts, its OID. */

import { PkiConfigurationError } from '../pki/errors.ts';
import type { PkiStore } from '../pki/pki-store.ts';
import type { SmdpCredentials, SmdpPki } from './context.ts';

export function smdpPkiFrom(store: PkiStore): SmdpPki {
  const credentials: SmdpCredentials[] = [];
  for (const pki of store.curves.values()) {
    if (!pki.dpAuth || !pki.dpPb) continue;
    credentials.push({
      curve: pki.curve,
      ciPkid: pki.ci.subjectKeyIdentifier,
      dpAuth: { certificate: pki.dpAuth.certificate.der, privateKey: pki.dpAuth.privateKey },
      dpPb: { certificate: pki.dpPb.certificate.der, privateKey: pki.dpPb.privateKey },
    });
  }
  if (credentials.length === 0) {
    throw new PkiConfigurationError(`PKI folder ${store.dir} has no DPauth and DPpb certificates with keys`);
  }
  // SGP.22 4.5.2.1.0.4: the SM-DP+ OID is the registeredID in the subjectAltName of CERT.DPauth.
  const dpAuth = [...store.curves.values()].find((pki) => pki.dpAuth)?.dpAuth;
  const smdpOid = dpAuth?.certificate.subjectAltName.registeredIds[0];
  if (!smdpOid)
    throw new PkiConfigurationError('CERT.DPauth has no SM-DP+ OID (subjectAltName registeredID)');
  return { credentials, trustedCis: store.trustedCis, smdpOid };
}
