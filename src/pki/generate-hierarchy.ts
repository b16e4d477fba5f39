import type { KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';
import type { ParsedCertificate } from './certificate.ts';
import { type Curve, type EcKeyPair, generateEcKeyPair, isCurve } from './curves.ts';
import { eidInRange, isEidPrefix, isEidShaped, randomEid } from './eid.ts';
import { PkiConfigurationError } from './errors.ts';
import {
  type IssuedCertificate,
  issueCiCertificate,
  issueDpAuthCertificate,
  issueDpPbCertificate,
  issueDsAuthCertificate,
  issueEuiccCertificate,
  issueEumCertificate,
  issueTlsCertificate,
} from './issue.ts';
import { privateKeyToPem, publicKeyToPem } from './keys.ts';
import { entityFiles, PKI_ENTITIES, type PkiEntity } from './layout.ts';
import { SGP26_OIDS } from './oids.ts';

/** What a certificate issued by the CI is given: the CI, its key and the subject's public key. */
interface UnderCi {
  readonly ci: ParsedCertificate | Uint8Array;
  readonly ciKey: KeyObject;
  readonly publicKey: KeyObject;
}

/**
 * A complete own SGP.22 hierarchy for one curve: a fresh CI (SGP.22 4.5.2.1.0.1), an EUM with a permitted
 * EID range (.0.2), a sample eUICC in that range (.0.3), the SM-DP+'s DPauth, DPpb (.0.4) and DPtls
 * (.0.5) certificates, and the SM-DS's DSauth and DStls. It is written with the SGP.26 file layout (layout.ts: certificates as .der and .pem,
 * private keys as PKCS#8 PEM, public keys as PEM), so loadPki() reads it like certs/sgp26. The DPtls key is
 * on the hierarchy's curve, as in SGP.26 (ensureTlsCertificate makes the P-256 one servers use).
 */
export interface GenerateHierarchyOptions {
  readonly curve: Curve;
  readonly outDir: string;
  /** Host name (or IP address) of the SM-DP+, for the DPtls certificate; "localhost" by default. */
  readonly smdpHost?: string;
  /** The EUM's EID range; SGP.26's 89049032 by default, so the usual test EIDs fit. */
  readonly eumEidPrefix?: string;
  /** The sample eUICC's EID; a random one in the range by default. */
  readonly sampleEid?: string;
  /** Organisation name in the subjects. */
  readonly organisation?: string;
  /** SM-DP+ OID for the DP certificates' subjectAltName (SGP.26: 2.999.10). */
  readonly smdpOid?: string;
  /** SM-DS OID for the DS certificates' subjectAltName (rspsim's 2.999.15). */
  readonly smdsOid?: string;
  /** Overwrite files of an earlier hierarchy of the same curve. */
  readonly force?: boolean;
}

export interface GeneratedHierarchy {
  readonly curve: Curve;
  readonly outDir: string;
  /** Every file written, in writing order. */
  readonly files: readonly string[];
  /** The new CI's SubjectKeyIdentifier (its CI PKId), hex. */
  readonly ciPkId: string;
  readonly eid: string;
  readonly eidPrefix: string;
}

export function generateHierarchy(options: GenerateHierarchyOptions): GeneratedHierarchy {
  const { curve } = options;
  if (!isCurve(curve)) {
    throw new PkiConfigurationError(`unsupported curve "${String(curve)}" (P-256 or brainpoolP256r1)`);
  }
  const eidPrefix = options.eumEidPrefix ?? '89049032';
  if (!isEidPrefix(eidPrefix)) {
    throw new PkiConfigurationError(`EUM EID prefix must be 1 to 30 digits, got "${eidPrefix}"`);
  }
  const host = (options.smdpHost ?? 'localhost').trim();
  if (!isHostName(host)) throw new PkiConfigurationError(`"${host}" is not a host name or IP address`);
  const eid = options.sampleEid ?? randomEid(eidPrefix);
  if (!isEidShaped(eid) || !eidInRange(eid, eidPrefix)) {
    throw new PkiConfigurationError(`sample EID ${eid} is not 32 digits starting with ${eidPrefix}`);
  }
  const outDir = resolve(options.outDir);
  const organisation = options.organisation ?? 'rspsim';

  const existing = PKI_ENTITIES.flatMap((entity) => Object.values(entityFiles(outDir, entity, curve))).filter(
    (path) => existsSync(path),
  );
  if (existing.length > 0 && !options.force) {
    throw new PkiConfigurationError(
      `${outDir} already holds a ${curve} hierarchy (${existing[0]}); use another folder or --force`,
    );
  }

  // Each certificate is written as it is issued, with its key pair, in the SGP.26 layout.
  const files: string[] = [];
  const written = (entity: PkiEntity, keys: EcKeyPair, issued: IssuedCertificate) => {
    const paths = entityFiles(outDir, entity, curve);
    mkdirSync(dirname(paths.certificateDer), { recursive: true });
    writeFileSync(paths.certificateDer, issued.der);
    writeFileSync(paths.certificatePem, issued.pem);
    writeFileSync(paths.privateKey, privateKeyToPem(keys.privateKey), { mode: 0o600 });
    writeFileSync(paths.publicKey, publicKeyToPem(keys.publicKey));
    files.push(paths.certificateDer, paths.certificatePem, paths.privateKey, paths.publicKey);
    return issued;
  };
  const ciKeys = generateEcKeyPair(curve);
  const ci = written(
    'ci',
    ciKeys,
    issueCiCertificate({
      privateKey: ciKeys.privateKey,
      subject: [
        ['CN', `${organisation} Test CI`],
        ['OU', 'TESTCERT'],
        ['O', organisation],
        ['C', 'XX'],
      ],
    }),
  );
  // A fresh key pair on the hierarchy's curve, its certificate issued by the CI.
  const underCi = <O extends UnderCi>(
    entity: PkiEntity,
    issue: (options: O) => IssuedCertificate,
    options: Omit<O, keyof UnderCi>,
  ) => {
    const keys = generateEcKeyPair(curve);
    const underThisCi = { ci: ci.certificate, ciKey: ciKeys.privateKey, publicKey: keys.publicKey };
    return { keys, issued: written(entity, keys, issue({ ...options, ...underThisCi } as O)) };
  };
  const eum = underCi('eum', issueEumCertificate, {
    eidPrefix,
    subject: [
      ['C', 'XX'],
      ['O', `${organisation} Test EUM`],
      ['CN', `${organisation} EUM`],
    ],
  });
  const euiccKeys = generateEcKeyPair(curve);
  written(
    'euicc',
    euiccKeys,
    issueEuiccCertificate({
      eum: eum.issued.certificate,
      eumKey: eum.keys.privateKey,
      publicKey: euiccKeys.publicKey,
      eid,
    }),
  );
  const dpSubject = [
    ['O', organisation],
    ['CN', `${organisation} SM-DP+`],
  ] as const;
  const smdpOid = options.smdpOid ?? SGP26_OIDS.smdp;
  const hostNames = [...new Set([host, 'localhost', '127.0.0.1'])];
  underCi('dpAuth', issueDpAuthCertificate, { subject: dpSubject, smdpOid });
  underCi('dpPb', issueDpPbCertificate, { subject: dpSubject, smdpOid });
  underCi('dpTls', issueTlsCertificate, { hostNames, smdpOid });

  // The SM-DS (SGP.22 3.6): DSauth signs in ES11 as DPauth does in ES9+; DStls is its TLS server certificate.
  const smdsOid = options.smdsOid ?? SGP26_OIDS.smds;
  underCi('dsAuth', issueDsAuthCertificate, {
    subject: [
      ['O', organisation],
      ['CN', `${organisation} SM-DS`],
    ],
    smdsOid,
  });
  underCi('dsTls', issueTlsCertificate, { hostNames, smdpOid: smdsOid, role: 'ds-tls' });

  return {
    curve,
    outDir,
    files,
    ciPkId: ci.certificate.subjectKeyIdentifier?.toString('hex') ?? '',
    eid,
    eidPrefix,
  };
}

/** A DNS name (letters, digits, hyphens, dots; labels of 1..63) or an IP address literal. */
export function isHostName(host: string): boolean {
  if (isIP(host) !== 0) return true;
  if (host.length === 0 || host.length > 253) return false;
  return host
    .replace(/\.$/, '')
    .split('.')
    .every((label) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label));
}
