import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readInputFileSync } from '../config/input-file.ts';
import { type ParsedCertificate, parseCertificatePem } from './certificate.ts';
import { generateEcKeyPair } from './curves.ts';
import { PkiConfigurationError } from './errors.ts';
import { issueTlsCertificate } from './issue.ts';
import { isKeyPair, privateKeyFromPem, privateKeyToPem } from './keys.ts';
import { derToPem } from './pem.ts';
import { type CurvePki, loadDefaultPki, type PkiStore } from './pki-store.ts';
import { isSignedBy } from './signature.ts';

/**
 * A usable TLS server certificate for the SM-DP+ (CERT.DP.TLS, SGP.22 4.5.2.1.0.5; ES9+ runs over HTTPS,
 * SGP.22 2.6.6). SGP.26's CERT_S_SM_DP_TLS_* names testsmdpplus1.example.com and expired on 2026-08-02, so
 * a fresh one is issued from the CI key of the PKI folder — the P-256 CI when there is one, because TLS
 * clients (curl, browsers, OpenSSL's TLS 1.3) do not all accept brainpool — for "localhost", "127.0.0.1"
 * and the configured host. It is cached in memory and, given a data folder, on disk, and reissued when it
 * no longer fits (another CI, other names, or less than a day left).
 */
export interface TlsMaterial {
  /** The server certificate. */
  readonly certPem: string;
  /** Its private key (PKCS#8). */
  readonly keyPem: string;
  /** Server certificate followed by the CI certificate: what a server sends. */
  readonly chainPem: string;
  /** The CI certificate: what a client trusts. */
  readonly caPem: string;
  readonly hostNames: readonly string[];
  readonly certificate: ParsedCertificate;
}

export interface TlsCertificateOptions {
  /** Default: the bundled SGP.26 PKI. */
  readonly pki?: PkiStore;
  /** Folder to keep the certificate in across restarts (a `tls/` subfolder is used). */
  readonly dataDir?: string;
  readonly now?: Date;
  /** The SM-DP+ OID for the subjectAltName registeredID (default: SGP.26's 2.999.10). */
  readonly smdpOid?: string;
  /** dp-tls for the SM-DP+ (default), ds-tls for the SM-DS (SGP.22 3.6). */
  readonly role?: 'dp-tls' | 'ds-tls';
}

type TlsRole = NonNullable<TlsCertificateOptions['role']>;

const DAY = 86_400_000;
const cache = new Map<string, TlsMaterial>();

export function ensureTlsCertificate(host = 'localhost', options: TlsCertificateOptions = {}): TlsMaterial {
  const pki = options.pki ?? loadDefaultPki();
  const now = options.now ?? new Date();
  const issuer = tlsIssuer(pki);
  const hostNames = [...new Set(['localhost', '127.0.0.1', host.trim()].filter((name) => name.length > 0))];
  const role = options.role ?? 'dp-tls';
  const cacheKey = `${role}|${issuer.ci.subjectKeyIdentifier.toString('hex')}|${hostNames.join(',')}|${options.dataDir ?? ''}`;

  const cached = cache.get(cacheKey);
  if (cached && fits(cached, issuer, hostNames, now, role)) return cached;

  const files = options.dataDir ? tlsFiles(options.dataDir, host, role) : undefined;
  const stored = files ? readStored(files, issuer, hostNames, now, role) : undefined;
  if (stored) {
    cache.set(cacheKey, stored);
    return stored;
  }

  const { publicKey, privateKey } = generateEcKeyPair('P-256');
  const issued = issueTlsCertificate({
    ci: issuer.ci,
    ciKey: issuer.ciKey,
    hostNames,
    publicKey,
    smdpOid: options.smdpOid,
    role,
    notBefore: new Date(now.getTime() - 3_600_000),
    notAfter: new Date(now.getTime() + 365 * DAY),
  });
  const material = toMaterial(issued.certificate, privateKeyToPem(privateKey), issuer, hostNames);
  if (files) {
    mkdirSync(files.dir, { recursive: true });
    writeFileSync(files.cert, material.certPem);
    writeFileSync(files.key, material.keyPem, { mode: 0o600 });
    chmodSync(files.key, 0o600);
  }
  cache.set(cacheKey, material);
  return material;
}

type TlsIssuer = CurvePki & { readonly ciKey: NonNullable<CurvePki['ciKey']> };

function tlsIssuer(pki: PkiStore): TlsIssuer {
  const candidates = [pki.curves.get('P-256'), pki.curves.get('brainpoolP256r1')];
  const issuer = candidates.find((curve): curve is TlsIssuer => curve?.ciKey !== undefined);
  if (!issuer) {
    throw new PkiConfigurationError(
      `PKI folder ${pki.dir} has no CI private key to issue a TLS certificate with`,
    );
  }
  return issuer;
}

function toMaterial(
  certificate: ParsedCertificate,
  keyPem: string,
  issuer: TlsIssuer,
  hostNames: readonly string[],
): TlsMaterial {
  const certPem = derToPem(certificate.der);
  const caPem = derToPem(issuer.ci.der);
  return { certPem, keyPem, chainPem: certPem + caPem, caPem, hostNames, certificate };
}

/** Issued by this CI, for all these names, and good for at least another day. */
function fits(
  material: TlsMaterial,
  issuer: TlsIssuer,
  hostNames: readonly string[],
  now: Date,
  role: TlsRole,
): boolean {
  const cert = material.certificate;
  const names = [...cert.subjectAltName.dnsNames, ...cert.subjectAltName.ipAddresses];
  return (
    cert.role === role &&
    cert.authorityKeyIdentifier?.equals(issuer.ci.subjectKeyIdentifier) === true &&
    isSignedBy(cert, issuer.ci.publicKey) &&
    hostNames.every((name) => names.includes(name)) &&
    cert.notBefore <= now &&
    cert.notAfter.getTime() - now.getTime() > DAY
  );
}

interface TlsFiles {
  readonly dir: string;
  readonly cert: string;
  readonly key: string;
}

function tlsFiles(dataDir: string, host: string, role: TlsRole): TlsFiles {
  const dir = join(dataDir, 'tls');
  const name = host.replace(/[^A-Za-z0-9.-]/g, '_') || 'localhost';
  return { dir, cert: join(dir, `${role}-${name}.cert.pem`), key: join(dir, `${role}-${name}.key.pem`) };
}

function readStored(
  files: TlsFiles,
  issuer: TlsIssuer,
  hostNames: readonly string[],
  now: Date,
  role: TlsRole,
): TlsMaterial | undefined {
  if (!existsSync(files.cert) || !existsSync(files.key)) return undefined;
  try {
    const certificate = parseCertificatePem(readInputFileSync(files.cert, 'small').toString('utf8'));
    const keyPem = readInputFileSync(files.key, 'small').toString('utf8');
    if (!isKeyPair(certificate.publicKey, privateKeyFromPem(keyPem, files.key))) return undefined;
    const material = toMaterial(certificate, keyPem, issuer, hostNames);
    return fits(material, issuer, hostNames, now, role) ? material : undefined;
  } catch {
    return undefined; // unreadable or foreign files are simply replaced
  }
}
