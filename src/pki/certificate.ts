import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import {
  AltName,
  BasicConstraints,
  ExtKeyUsage,
  type GeneralName,
  NameConstraints,
  RelativeDistinguishedNames,
} from 'pkijs';
import { decodeOid } from '../asn1/schema.ts';
import {
  type CertificateStructure,
  CertificateStructureError,
  type DerExtension,
  type NameEntry,
  readAuthorityKeyIdentifier,
  readBits,
  readCertificateStructure,
  readName,
  readPolicyIdentifiers,
  readSubjectKeyIdentifier,
} from './certificate-der.ts';
import { type Curve, curveFromOid, curveOfKey } from './curves.ts';
import { findAttribute, formatEntries } from './distinguished-name.ts';
import { CertificateParseError } from './errors.ts';
import {
  ATTRIBUTE_OIDS,
  EC_PUBLIC_KEY,
  EXTENSION_OIDS,
  KNOWN_EXTENSIONS,
  type RspRole,
  roleFromPolicies,
} from './oids.ts';
import { pemToDer } from './pem.ts';

/** KeyUsage bits (RFC 5280 4.2.1.3), in bit order. */
export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

export type KeyUsageName = (typeof KEY_USAGE_BITS)[number];

export interface SubjectAltNames {
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly registeredIds: readonly string[];
}

/**
 * The parts of an X.509 certificate the SGP.22 PKI looks at (SGP.22 4.5.2 certificate profiles), with the
 * exact DER it came from: signatures are always checked over `tbs` as received, never over a re-encoding.
 */
export interface ParsedCertificate {
  /** The whole certificate as received. */
  readonly der: Buffer;
  /** The tbsCertificate bytes exactly as they appear in `der`: what the issuer signed. */
  readonly tbs: Buffer;
  readonly version: number;
  readonly serialNumber: Buffer;
  readonly subject: string;
  readonly issuer: string;
  /** DER of the subject Name (the issuer field of the certificates this one issues). */
  readonly subjectDer: Buffer;
  readonly issuerDer: Buffer;
  /** The subject's serialNumber attribute: the EID in an eUICC certificate (SGP.22 4.5.2.1.0.3). */
  readonly subjectSerialNumber: string | undefined;
  readonly subjectKeyIdentifier: Buffer | undefined;
  /** The keyIdentifier of the AuthorityKeyIdentifier: the issuer's SKI, how SGP.22 chains (4.5.2.2). */
  readonly authorityKeyIdentifier: Buffer | undefined;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /**
   * notAfter is 99991231235959Z: "no well-defined expiration date" (RFC 5280 4.1.2.5), which is what
   * SGP.22 4.5.2.1.0.3 gives eUICC certificates.
   */
  readonly noExpiry: boolean;
  readonly keyUsage: readonly KeyUsageName[];
  readonly extendedKeyUsage: readonly string[];
  /** CertificatePolicies policy identifiers; SGP.22 puts the certificate's role there. */
  readonly policies: readonly string[];
  /** The SGP.22 role (id-rspRole policy), undefined if there is none or more than one. */
  readonly role: RspRole | undefined;
  readonly basicConstraints: { readonly ca: boolean; readonly pathLength: number | undefined } | undefined;
  readonly subjectAltName: SubjectAltNames;
  /**
   * The EID prefix an EUM certificate may issue under: the serialNumber attribute of the directoryName in
   * its nameConstraints permittedSubtrees (SGP.22 4.5.2.1.0.2).
   */
  readonly permittedEidPrefix: string | undefined;
  /** The EID, for an eUICC certificate (role euicc): its subject serialNumber. */
  readonly eid: string | undefined;
  readonly publicKey: KeyObject;
  /** The public key's curve, undefined for a key on any curve SGP.22 does not use. */
  readonly curve: Curve | undefined;
  /** DER of the SubjectPublicKeyInfo. */
  readonly subjectPublicKeyInfo: Buffer;
  /** The subjectPublicKey BIT STRING contents (the EC point); its SHA-1 is the usual SKI. */
  readonly publicKeyBits: Buffer;
  readonly signatureAlgorithm: string;
  /** The signatureValue contents: for ECDSA a DER Ecdsa-Sig-Value. */
  readonly signature: Buffer;
  /** Critical extensions this code does not know: a certificate carrying one must not be used. */
  readonly unknownCriticalExtensions: readonly string[];
}

const NO_EXPIRY = Date.UTC(9999, 11, 31, 23, 59, 59);

/**
 * Parsed certificates by their exact DER. The same few certificates (the EUM, a busy eUICC's, the
 * SM-DP+'s own) come back on every step of every session, and parsing with pkijs is the costliest part of
 * a step; a parsed view is immutable, so it can be shared. Bounded: the oldest entry goes first.
 */
const parsed = new Map<string, ParsedCertificate>();
const PARSED_CACHE_SIZE = 2048;

/** Parses a DER certificate; any failure is a CertificateParseError. */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  if (!(der instanceof Uint8Array) || der.length === 0) throw new CertificateParseError('empty input');
  const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const known = parsed.get(key);
  if (known) return known;
  const certificate = parseUncached(Buffer.from(der));
  const oldest = parsed.keys().next();
  if (parsed.size >= PARSED_CACHE_SIZE && !oldest.done) parsed.delete(oldest.value);
  parsed.set(key, certificate);
  return certificate;
}

function parseUncached(bytes: Buffer): ParsedCertificate {
  let structure: CertificateStructure;
  try {
    structure = readCertificateStructure(bytes);
  } catch (error) {
    const why = error instanceof CertificateStructureError ? error.message : 'not DER';
    throw new CertificateParseError(why, { cause: error });
  }
  try {
    return view(bytes, structure);
  } catch (error) {
    if (error instanceof CertificateParseError) throw error;
    throw new CertificateParseError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** Parses the first CERTIFICATE block of a PEM text. */
export function parseCertificatePem(pem: string): ParsedCertificate {
  return parseCertificate(pemToDer(pem));
}

function view(der: Buffer, cert: CertificateStructure): ParsedCertificate {
  // RFC 5280 4.1.1.2: the signed algorithm field must equal the outer one, or the signature is ambiguous.
  if (cert.innerSignatureAlgorithm.oid !== cert.signatureAlgorithm.oid) {
    throw new CertificateParseError('signature algorithm differs inside and outside the tbsCertificate');
  }
  const extensions = new Map<string, DerExtension>();
  for (const extension of cert.extensions) {
    if (extensions.has(extension.oid)) {
      throw new CertificateParseError(`extension ${extension.oid} appears twice`);
    }
    extensions.set(extension.oid, extension);
  }
  const ext = <T>(oid: string, name: string, decode: (value: Buffer<ArrayBuffer>) => T): T | undefined => {
    const extension = extensions.get(oid);
    if (!extension) return undefined;
    try {
      return decode(Buffer.from(extension.value));
    } catch (error) {
      throw new CertificateParseError(`malformed ${name} extension`, { cause: error });
    }
  };
  const ski = ext(EXTENSION_OIDS.subjectKeyIdentifier, 'subjectKeyIdentifier', readSubjectKeyIdentifier);
  const aki = ext(
    EXTENSION_OIDS.authorityKeyIdentifier,
    'authorityKeyIdentifier',
    readAuthorityKeyIdentifier,
  );
  const keyUsage =
    ext(EXTENSION_OIDS.keyUsage, 'keyUsage', (value) => {
      const bits = readBits(value);
      return KEY_USAGE_BITS.filter((_, bit) => ((bits[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0);
    }) ?? [];
  const extendedKeyUsage =
    ext(EXTENSION_OIDS.extKeyUsage, 'extKeyUsage', (value) => ExtKeyUsage.fromBER(value).keyPurposes) ?? [];
  const policies =
    ext(EXTENSION_OIDS.certificatePolicies, 'certificatePolicies', readPolicyIdentifiers) ?? [];
  const basicConstraints = ext(EXTENSION_OIDS.basicConstraints, 'basicConstraints', (value) => {
    const parsed = BasicConstraints.fromBER(value);
    const pathLength = parsed.pathLenConstraint;
    return {
      ca: parsed.cA === true,
      pathLength:
        pathLength === undefined
          ? undefined
          : typeof pathLength === 'number'
            ? pathLength
            : pathLength.valueBlock.valueDec,
    };
  });
  const subjectAltName = ext(EXTENSION_OIDS.subjectAltName, 'subjectAltName', (value) =>
    altNames(AltName.fromBER(value).altNames),
  ) ?? { dnsNames: [], ipAddresses: [], registeredIds: [] };
  const permittedEidPrefix = ext(EXTENSION_OIDS.nameConstraints, 'nameConstraints', (value) => {
    for (const subtree of NameConstraints.fromBER(value).permittedSubtrees ?? []) {
      // directoryName (GeneralName [4]) whose serialNumber attribute is the EID prefix.
      if (subtree.base.type === 4 && subtree.base.value instanceof RelativeDistinguishedNames) {
        const prefix = findAttribute(subtree.base.value, 'serialNumber');
        if (prefix !== undefined) return prefix;
      }
    }
    return undefined;
  });

  const subjectPublicKeyInfo = Buffer.from(cert.subjectPublicKeyInfo);
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: subjectPublicKeyInfo, format: 'der', type: 'spki' });
  } catch (error) {
    throw new CertificateParseError('unusable subjectPublicKeyInfo', { cause: error });
  }
  const curveOid = cert.publicKeyAlgorithm.parameters;
  const curveParameter =
    cert.publicKeyAlgorithm.oid === EC_PUBLIC_KEY && curveOid?.tag === 0x06
      ? curveFromOid(decodeOid(curveOid.value))
      : undefined;
  const curve =
    curveParameter !== undefined && curveOfKey(publicKey) === curveParameter ? curveParameter : undefined;

  const role = roleFromPolicies(policies);
  const subject = nameOf(cert.subjectDer, 'subject');
  const issuer = nameOf(cert.issuerDer, 'issuer');
  const subjectSerialNumber = subject.find((entry) => entry.type === ATTRIBUTE_OIDS.serialNumber)?.text;
  const notAfter = cert.notAfter;
  return {
    der,
    tbs: Buffer.from(cert.tbs),
    version: cert.version + 1,
    serialNumber: Buffer.from(cert.serialNumber),
    subject: formatEntries(subject),
    issuer: formatEntries(issuer),
    subjectDer: Buffer.from(cert.subjectDer),
    issuerDer: Buffer.from(cert.issuerDer),
    subjectSerialNumber,
    subjectKeyIdentifier: ski,
    authorityKeyIdentifier: aki,
    notBefore: cert.notBefore,
    notAfter,
    noExpiry: notAfter.getTime() === NO_EXPIRY,
    keyUsage,
    extendedKeyUsage,
    policies,
    role,
    basicConstraints,
    subjectAltName,
    permittedEidPrefix,
    eid: role === 'euicc' ? subjectSerialNumber : undefined,
    publicKey,
    curve,
    subjectPublicKeyInfo,
    publicKeyBits: Buffer.from(cert.publicKeyBits),
    signatureAlgorithm: cert.signatureAlgorithm.oid,
    signature: Buffer.from(cert.signature),
    unknownCriticalExtensions: [...extensions.values()]
      .filter((extension) => extension.critical && !KNOWN_EXTENSIONS.has(extension.oid))
      .map((extension) => extension.oid),
  };
}

/** A Name (issuer or subject) as its attributes in order. */
function nameOf(der: Buffer, what: string): NameEntry[] {
  try {
    return readName(der);
  } catch (error) {
    throw new CertificateParseError(`malformed ${what}`, { cause: error });
  }
}

function altNames(names: readonly GeneralName[]): SubjectAltNames {
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  const registeredIds: string[] = [];
  for (const name of names) {
    if (name.type === 2 && typeof name.value === 'string') dnsNames.push(name.value);
    if (name.type === 7 && name.value instanceof asn1js.OctetString) {
      ipAddresses.push(formatIp(Buffer.from(name.value.valueBlock.valueHexView)));
    }
    if (name.type === 8 && typeof name.value === 'string') registeredIds.push(name.value);
  }
  return { dnsNames, ipAddresses, registeredIds };
}

function formatIp(bytes: Buffer): string {
  if (bytes.length === 4) return [...bytes].join('.');
  if (bytes.length === 16) {
    // RFC 5952: lower case, the longest run (2 or more) of zero groups written as "::".
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
    let best = { start: -1, length: 1 };
    for (let start = 0; start < 8; start++) {
      let length = 0;
      while (start + length < 8 && groups[start + length] === '0') length++;
      if (length > best.length) best = { start, length };
    }
    if (best.start < 0) return groups.join(':');
    const head = groups.slice(0, best.start).join(':');
    const tail = groups.slice(best.start + best.length).join(':');
    return `${head}::${tail}`;
  }
  return bytes.toString('hex');
}

/** RFC 5280 4.2.1.2 method (1), which every SGP.26 certificate uses: SHA-1 of the subjectPublicKey bits. */
export function keyIdentifierOf(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const asn1 = asn1js.fromBER(spki);
  const bits = (asn1.result as asn1js.Sequence).valueBlock.value[1];
  if (!(bits instanceof asn1js.BitString)) throw new CertificateParseError('malformed public key');
  return createHash('sha1').update(bits.valueBlock.valueHexView).digest();
}
