/**
 * Writes the bundled test eIM identity, certs/eim/: per curve a signing key (SK_EIM_ECDSA_{NIST,BRP}.pem,
 * PKCS#8) and its certificate (CERT_EIM_ECDSA_*.der/.pem) issued under the bundled SGP.26 test CI of the same
 * curve (src/pki/issue.ts, issueEimCertificate). Run once, with `npx tsx scripts/eim-test-certs.ts`; the
 * files are committed so that `rspsim eim start` works with no arguments. The keys are public test keys.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateEcKeyPair } from '../src/crypto/curve.ts';
import { SGP26_SUFFIX } from '../src/pki/curves.ts';
import { issueEimCertificate } from '../src/pki/issue.ts';
import { privateKeyToPem } from '../src/pki/keys.ts';
import { loadDefaultPki } from '../src/pki/pki-store.ts';

const out = fileURLToPath(new URL('../certs/eim/', import.meta.url));
mkdirSync(out, { recursive: true });
for (const [curve, pki] of loadDefaultPki().curves) {
  if (!pki.ciKey) throw new Error(`the bundled ${curve} CI has no key`);
  const { publicKey, privateKey } = generateEcKeyPair(curve);
  const issued = issueEimCertificate({
    ci: pki.ci,
    ciKey: pki.ciKey,
    publicKey,
    notBefore: new Date(Date.UTC(2026, 0, 1)),
    notAfter: new Date(Date.UTC(2049, 11, 31, 23, 59, 59)),
  });
  const suffix = SGP26_SUFFIX[curve];
  writeFileSync(join(out, `SK_EIM_ECDSA_${suffix}.pem`), privateKeyToPem(privateKey));
  writeFileSync(join(out, `CERT_EIM_ECDSA_${suffix}.der`), issued.der);
  writeFileSync(join(out, `CERT_EIM_ECDSA_${suffix}.pem`), issued.pem);
  process.stdout.write(`certs/eim: ${curve} eIM key and certificate written\n`);
}
