/**
 * A test operator PKI for ES2+'s mutual TLS: the operator's CA (what the SM-DP+'s `operatorCa` names) and
 * a client certificate under it with its key (what the operator's ES2+ client presents). certs/operator/
 * bundles one, written by this code (`rspsim pki operator`), so a lab sets up ES2+ over mutual TLS without
 * a CA of its own. P-256 keys: SGP.22 2.6.6's ECDHE-ECDSA suites need an EC key on a curve TLS offers.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateEcKeyPair } from './curves.ts';
import { PkiConfigurationError } from './errors.ts';
import { issueOperatorCaCertificate, issueOperatorClientCertificate } from './issue.ts';
import { privateKeyToPem } from './keys.ts';

/** The files of an operator PKI folder (PEM), named like the SGP.26 set's: CERT_* certificates, SK_* keys. */
export const OPERATOR_PKI_FILES = {
  caCertificate: 'CERT_OPERATOR_CA.pem',
  caKey: 'SK_OPERATOR_CA.pem',
  clientCertificate: 'CERT_OPERATOR_CLIENT.pem',
  clientKey: 'SK_OPERATOR_CLIENT.pem',
} as const;

export interface GenerateOperatorPkiOptions {
  readonly outDir: string;
  /** The operator's name in the client certificate (CN, and dNSName when a host name). */
  readonly name?: string;
  /** Overwrite an earlier operator PKI in that folder. */
  readonly force?: boolean;
}

/** Writes a fresh operator CA and client certificate; the paths written, in the order of OPERATOR_PKI_FILES. */
export function generateOperatorPki(options: GenerateOperatorPkiOptions): string[] {
  const outDir = resolve(options.outDir);
  const paths = Object.values(OPERATOR_PKI_FILES).map((file) => join(outDir, file));
  const existing = paths.find((path) => existsSync(path));
  if (existing && !options.force)
    throw new PkiConfigurationError(
      `${outDir} already holds an operator PKI (${existing}); use another folder or --force`,
    );
  const name = options.name ?? 'operator.rspsim.test';
  const caKeys = generateEcKeyPair('P-256');
  const ca = issueOperatorCaCertificate({ privateKey: caKeys.privateKey });
  const clientKeys = generateEcKeyPair('P-256');
  const client = issueOperatorClientCertificate({
    ca: ca.certificate,
    caKey: caKeys.privateKey,
    publicKey: clientKeys.publicKey,
    name,
  });
  mkdirSync(outDir, { recursive: true });
  const [caCertificate, caKey, clientCertificate, clientKey] = paths as [string, string, string, string];
  writeFileSync(caCertificate, ca.pem);
  writeFileSync(caKey, privateKeyToPem(caKeys.privateKey), { mode: 0o600 });
  writeFileSync(clientCertificate, client.pem);
  writeFileSync(clientKey, privateKeyToPem(clientKeys.privateKey), { mode: 0o600 });
  return paths;
}
