/**
 * The eIM's signing identity (SGP.32 2.11.1): its eimId, the private key every eUICC Package is signed with
 * (src/eim/euicc-package.ts) and the public key an eUICC is given to verify them (`eimPublicKeyData`), with
 * the certificate of that key when it has one. P-256 or brainpoolP256r1, as onomondo-eim takes.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { readInputFileSync } from '../../config/input-file.ts';
import { ConfigError } from '../../config/settings.ts';
import { type Curve, curveOfKey } from '../../crypto/curve.ts';
import { parseCertificate } from '../../pki/certificate.ts';
import { SGP26_SUFFIX } from '../../pki/curves.ts';
import { isKeyPair, privateKeyFromPem } from '../../pki/keys.ts';
import { pemToDer } from '../../pki/pem.ts';

export interface EimIdentity {
  readonly eimId: string;
  readonly curve: Curve;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** DER of the eIM's certificate, when it has one (shown to the operator). */
  readonly certificate?: Buffer;
}

/** The bundled test eIM identity of certs/eim (public test keys, scripts/eim-test-certs.ts). */
export function bundledEimFiles(curve: Curve): { key: string; certificate: string } {
  const dir = fileURLToPath(new URL('../../../certs/eim/', import.meta.url));
  const suffix = SGP26_SUFFIX[curve];
  return { key: `${dir}SK_EIM_ECDSA_${suffix}.pem`, certificate: `${dir}CERT_EIM_ECDSA_${suffix}.pem` };
}

/** A certificate file, PEM or DER. */
function readCertificate(path: string): Buffer {
  try {
    const bytes = readInputFileSync(path, 'small');
    const der = bytes.toString('latin1').startsWith('-----') ? pemToDer(bytes.toString('latin1')) : bytes;
    parseCertificate(der);
    return der;
  } catch (error) {
    throw new ConfigError(`eimCertificate ${path}: ${(error as Error).message}`);
  }
}

/** Reads the key (and certificate) the settings name; a wrong file is one ConfigError line. */
export function loadEimIdentity(settings: {
  readonly eimId: string;
  readonly eimKey: string;
  readonly eimCertificate: string;
  readonly eimCurve: string;
}): EimIdentity {
  const bundled = bundledEimFiles(settings.eimCurve === 'brainpoolP256r1' ? 'brainpoolP256r1' : 'P-256');
  const keyFile = settings.eimKey || bundled.key;
  const certificateFile = settings.eimCertificate || (settings.eimKey ? '' : bundled.certificate);
  let privateKey: KeyObject;
  try {
    privateKey = privateKeyFromPem(readInputFileSync(keyFile, 'small'), keyFile);
  } catch (error) {
    throw new ConfigError(`eimKey ${keyFile}: ${(error as Error).message}`);
  }
  const curve = curveOfKey(privateKey);
  if (!curve) throw new ConfigError(`eimKey ${keyFile} is not a P-256 or brainpoolP256r1 key`);
  const publicKey = createPublicKey(privateKey);
  const certificate = certificateFile ? readCertificate(certificateFile) : undefined;
  if (certificate && !isKeyPair(parseCertificate(certificate).publicKey, privateKey))
    throw new ConfigError(`eimCertificate ${certificateFile} is not the certificate of eimKey ${keyFile}`);
  return { eimId: settings.eimId, curve, privateKey, publicKey, ...(certificate ? { certificate } : {}) };
}

/**
 * EimConfigurationData's eimPublicKeyData for this eIM: its SubjectPublicKeyInfo, as onomondo-eim gives it
 * (even when it has a certificate), which every eUICC that takes either form takes.
 */
export function eimPublicKeyData(identity: EimIdentity): { readonly eimPublicKey: Buffer } {
  return { eimPublicKey: identity.publicKey.export({ type: 'spki', format: 'der' }) };
}
