import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readInputFileSync } from '../config/input-file.ts';
import { type ParsedCertificate, parseCertificate } from './certificate.ts';
import { CURVES, type Curve } from './curves.ts';
import { CertificateParseError, PkiConfigurationError } from './errors.ts';
import { isKeyPair, privateKeyFromPem } from './keys.ts';
import { entityFiles, type PkiEntity } from './layout.ts';
import { pemToDer } from './pem.ts';
import { isSignedBy } from './signature.ts';
import { type CiCertificate, findCi, toTrustedCi } from './trusted-ci.ts';

/**
 * A PKI folder (layout.ts) loaded into memory: per curve the CI certificate (a trust anchor, and its key when
 * the folder has it — the SGP.26 test CI's key is public), the EUM, a sample eUICC, and the SM-DP+'s
 * DPauth / DPpb / DPtls certificates with their keys. The SM-DP+ signs with the DPauth/DPpb of the curve
 * whose CI the eUICC names (SGP.22 5.6.1: euiccCiPKIdToBeUsed), so everything is grouped by CI.
 */
export interface Credential {
  readonly certificate: ParsedCertificate;
  readonly privateKey: KeyObject;
}

export interface CurvePki {
  readonly curve: Curve;
  readonly ci: CiCertificate;
  /** Present when the folder holds SK_CI_* (test and generated hierarchies). */
  readonly ciKey: KeyObject | undefined;
  readonly eum: Credential | undefined;
  readonly euicc: Credential | undefined;
  readonly dpAuth: Credential | undefined;
  readonly dpPb: Credential | undefined;
  readonly dpTls: Credential | undefined;
  /** The SM-DS's (generated hierarchies; the SM-DS issues one from the CI key when absent). */
  readonly dsAuth: Credential | undefined;
  readonly dsTls: Credential | undefined;
}

export interface PkiStore {
  readonly dir: string;
  /** Every CI of the folder: the trust anchors, identified by SubjectKeyIdentifier. */
  readonly trustedCis: readonly CiCertificate[];
  readonly curves: ReadonlyMap<Curve, CurvePki>;
}

/** certs/sgp26: the bundled GSMA SGP.26 test PKI, both curves. */
export const DEFAULT_PKI_DIR = fileURLToPath(new URL('../../certs/sgp26/', import.meta.url));

export function loadDefaultPki(): PkiStore {
  return loadPki(DEFAULT_PKI_DIR);
}

/** Loads every curve present in `dir` (a curve is present when its CI certificate is). */
export function loadPki(dir: string): PkiStore {
  const root = resolve(dir);
  if (!existsSync(root)) throw new PkiConfigurationError(`PKI folder ${root} does not exist`);
  const curves = new Map<Curve, CurvePki>();
  for (const curve of CURVES) {
    const loaded = loadCurve(root, curve);
    if (loaded) curves.set(curve, loaded);
  }
  if (curves.size === 0) {
    throw new PkiConfigurationError(
      `PKI folder ${root} has no CI certificate (CertificateIssuer/CERT_CI_ECDSA_*.der)`,
    );
  }
  return { dir: root, trustedCis: [...curves.values()].map((pki) => pki.ci), curves };
}

/** The curve's PKI whose CI has this SubjectKeyIdentifier (a CI PKId). */
export function pkiForCi(store: PkiStore, ciPkId: Uint8Array): CurvePki | undefined {
  const ci = findCi(store.trustedCis, ciPkId);
  return ci ? [...store.curves.values()].find((pki) => pki.ci === ci) : undefined;
}

function loadCurve(dir: string, curve: Curve): CurvePki | undefined {
  const ciFiles = entityFiles(dir, 'ci', curve);
  const ciCert = readCertificate(ciFiles.certificateDer, ciFiles.certificatePem);
  if (!ciCert) return undefined;
  let ci: CiCertificate;
  try {
    ci = toTrustedCi(ciCert);
  } catch (error) {
    throw new PkiConfigurationError(`${ciFiles.certificateDer}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (ci.curve !== curve)
    throw new PkiConfigurationError(`${ciFiles.certificateDer} is not a ${curve} certificate`);
  const ciKey = existsSync(ciFiles.privateKey) ? readKey(ciFiles.privateKey, ci) : undefined;

  const eum = loadCredential(dir, 'eum', curve, ci);
  return {
    curve,
    ci,
    ciKey,
    eum,
    euicc: eum ? loadCredential(dir, 'euicc', curve, eum.certificate) : undefined,
    dpAuth: loadCredential(dir, 'dpAuth', curve, ci),
    dpPb: loadCredential(dir, 'dpPb', curve, ci),
    dpTls: loadCredential(dir, 'dpTls', curve, ci),
    dsAuth: loadCredential(dir, 'dsAuth', curve, ci),
    dsTls: loadCredential(dir, 'dsTls', curve, ci),
  };
}

/**
 * An entity's certificate and key, or undefined when the folder does not have both. The certificate must be
 * signed by `issuer` and the key must match it; expiry is not checked here (SGP.26's DPtls has expired and
 * is still worth loading: see tls-certificate.ts).
 */
function loadCredential(
  dir: string,
  entity: PkiEntity,
  curve: Curve,
  issuer: ParsedCertificate,
): Credential | undefined {
  const files = entityFiles(dir, entity, curve);
  const certificate = readCertificate(files.certificateDer, files.certificatePem);
  if (!certificate || !existsSync(files.privateKey)) return undefined;
  if (!isSignedBy(certificate, issuer.publicKey)) {
    throw new PkiConfigurationError(`${files.certificateDer} is not signed by ${issuer.subject}`);
  }
  return { certificate, privateKey: readKey(files.privateKey, certificate) };
}

function readCertificate(derPath: string, pemPath: string): ParsedCertificate | undefined {
  const path = existsSync(derPath) ? derPath : existsSync(pemPath) ? pemPath : undefined;
  if (!path) return undefined;
  try {
    const bytes = readInputFileSync(path, 'small');
    return parseCertificate(path === derPath ? bytes : pemToDer(bytes.toString('latin1')));
  } catch (error) {
    const reason = error instanceof CertificateParseError ? error.reason : (error as Error).message;
    throw new PkiConfigurationError(`${path}: ${reason}`, { cause: error });
  }
}

function readKey(path: string, certificate: ParsedCertificate): KeyObject {
  let key: KeyObject;
  try {
    key = privateKeyFromPem(readInputFileSync(path, 'small'), path);
  } catch (error) {
    throw new PkiConfigurationError(`${path} is not a usable EC private key`, { cause: error });
  }
  if (!isKeyPair(certificate.publicKey, key)) {
    throw new PkiConfigurationError(`${path} is not the private key of ${certificate.subject}`);
  }
  return key;
}
