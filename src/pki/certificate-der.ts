/**
 * The X.509 Certificate structure (RFC 5280 4.1) read with our own DER layer (src/asn1/tlv.ts): the outer
 * fields as the exact bytes they came in, and the extensions as (OID, critical, value). Why: pkijs
 * decoding the whole certificate into its object model was most of the SM-DP+'s cost for an eUICC it had
 * not seen before (~3.5 ms of a download); the few small parts that need more (names, extension values)
 * are still decoded by pkijs from their own bytes. Strict DER: anything else is refused.
 */

import { decodeOid } from '../asn1/schema.ts';
import { readChildren, readTlv, type Tlv } from '../asn1/tlv.ts';

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;
const BOOLEAN = 0x01;
const OID = 0x06;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;
const VERSION = 0xa0; // [0] EXPLICIT Version
const ISSUER_UNIQUE_ID = 0x81;
const SUBJECT_UNIQUE_ID = 0x82;
const EXTENSIONS = 0xa3; // [3] EXPLICIT Extensions

export interface AlgorithmIdentifier {
  readonly oid: string;
  /** The parameters TLV, when present. */
  readonly parameters: Tlv | undefined;
}

export interface DerExtension {
  readonly oid: string;
  readonly critical: boolean;
  /** The extnValue OCTET STRING contents: the DER of the extension's own type. */
  readonly value: Buffer;
}

export interface CertificateStructure {
  readonly tbs: Buffer;
  /** Version field value: 0 for v1 (absent), 2 for v3. */
  readonly version: number;
  /** The INTEGER's contents octets. */
  readonly serialNumber: Buffer;
  readonly innerSignatureAlgorithm: AlgorithmIdentifier;
  readonly issuerDer: Buffer;
  readonly subjectDer: Buffer;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly subjectPublicKeyInfo: Buffer;
  readonly publicKeyAlgorithm: AlgorithmIdentifier;
  /** The subjectPublicKey BIT STRING without its unused-bits octet. */
  readonly publicKeyBits: Buffer;
  readonly extensions: readonly DerExtension[];
  readonly signatureAlgorithm: AlgorithmIdentifier;
  /** The signatureValue BIT STRING without its unused-bits octet. */
  readonly signature: Buffer;
}

/** Why a certificate is refused; certificate.ts turns it into a CertificateParseError. */
export class CertificateStructureError extends Error {
  override readonly name = 'CertificateStructureError';
}

function expect(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (tlv?.tag !== tag) throw new CertificateStructureError(`${what} missing or of the wrong type`);
  return tlv;
}

function algorithm(tlv: Tlv | undefined, what: string): AlgorithmIdentifier {
  const fields = readChildren(expect(tlv, SEQUENCE, what).value);
  if (fields.length < 1 || fields.length > 2) throw new CertificateStructureError(`malformed ${what}`);
  return { oid: decodeOid(expect(fields[0], OID, what).value), parameters: fields[1] };
}

/** BIT STRING contents without the unused-bits octet, which must be 0 for keys and signatures. */
function octetAlignedBits(tlv: Tlv | undefined, what: string): Buffer {
  const { value } = expect(tlv, BIT_STRING, what);
  if (value.length === 0 || value[0] !== 0) throw new CertificateStructureError(`malformed ${what}`);
  return value.subarray(1);
}

const UTC = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;
const GENERALIZED = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;

/** RFC 5280 4.1.2.5: UTCTime YYMMDDHHMMSSZ (50-99: 19xx) or GeneralizedTime YYYYMMDDHHMMSSZ. */
function time(tlv: Tlv | undefined): Date {
  const text = tlv?.value.toString('latin1') ?? '';
  const match =
    tlv?.tag === UTC_TIME ? UTC.exec(text) : tlv?.tag === GENERALIZED_TIME ? GENERALIZED.exec(text) : null;
  if (!match) throw new CertificateStructureError('malformed validity time');
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fullYear = tlv?.tag === UTC_TIME ? (year < 50 ? 2000 + year : 1900 + year) : year;
  const date = new Date(Date.UTC(fullYear, month - 1, day, hour, minute, second));
  if (
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    throw new CertificateStructureError('malformed validity time');
  return date;
}

function extensions(tlv: Tlv | undefined): DerExtension[] {
  if (tlv === undefined) return [];
  const outer = readChildren(tlv.value);
  if (outer.length !== 1) throw new CertificateStructureError('malformed extensions');
  return readChildren(expect(outer[0], SEQUENCE, 'extensions').value).map((extension) => {
    const fields = readChildren(expect(extension, SEQUENCE, 'extension').value);
    const oid = decodeOid(expect(fields[0], OID, 'extnID').value);
    const flag = fields.length === 3 ? expect(fields[1], BOOLEAN, 'critical') : undefined;
    if (flag && (flag.value.length !== 1 || (flag.value[0] !== 0 && flag.value[0] !== 0xff)))
      throw new CertificateStructureError('malformed critical flag');
    if (fields.length < 2 || fields.length > 3) throw new CertificateStructureError('malformed extension');
    return {
      oid,
      critical: flag?.value[0] === 0xff,
      value: expect(fields[fields.length - 1], OCTET_STRING, 'extnValue').value,
    };
  });
}

/** Reads a DER Certificate; the whole input must be the one certificate. */
export function readCertificateStructure(der: Buffer): CertificateStructure {
  const certificate = readTlv(der, 0);
  if (certificate.bytes.length !== der.length)
    throw new CertificateStructureError('trailing bytes after the certificate');
  const outer = readChildren(expect(certificate, SEQUENCE, 'Certificate').value);
  if (outer.length !== 3) throw new CertificateStructureError('not an X.509 certificate');
  const tbs = expect(outer[0], SEQUENCE, 'tbsCertificate');
  const fields = readChildren(tbs.value);
  let at = 0;
  let version = 0;
  if (fields[0]?.tag === VERSION) {
    const inner = readChildren(fields[0].value);
    const value = expect(inner[0], INTEGER, 'version').value;
    if (inner.length !== 1 || value.length !== 1 || value.readUInt8(0) > 2)
      throw new CertificateStructureError('malformed version');
    version = value.readUInt8(0);
    at = 1;
  }
  const serialNumber = expect(fields[at], INTEGER, 'serialNumber').value;
  if (serialNumber.length === 0) throw new CertificateStructureError('malformed serialNumber');
  const innerSignatureAlgorithm = algorithm(fields[at + 1], 'signature');
  const issuer = expect(fields[at + 2], SEQUENCE, 'issuer');
  const validity = readChildren(expect(fields[at + 3], SEQUENCE, 'validity').value);
  if (validity.length !== 2) throw new CertificateStructureError('malformed validity');
  const subject = expect(fields[at + 4], SEQUENCE, 'subject');
  const spki = expect(fields[at + 5], SEQUENCE, 'subjectPublicKeyInfo');
  const spkiFields = readChildren(spki.value);
  if (spkiFields.length !== 2) throw new CertificateStructureError('malformed subjectPublicKeyInfo');
  let rest = fields.slice(at + 6);
  if (rest[0]?.tag === ISSUER_UNIQUE_ID) rest = rest.slice(1);
  if (rest[0]?.tag === SUBJECT_UNIQUE_ID) rest = rest.slice(1);
  const extensionsTlv = rest[0]?.tag === EXTENSIONS ? rest[0] : undefined;
  if (rest.length > (extensionsTlv ? 1 : 0))
    throw new CertificateStructureError('unexpected tbsCertificate field');
  return {
    tbs: tbs.bytes,
    version,
    serialNumber,
    innerSignatureAlgorithm,
    issuerDer: issuer.bytes,
    subjectDer: subject.bytes,
    notBefore: time(validity[0]),
    notAfter: time(validity[1]),
    subjectPublicKeyInfo: spki.bytes,
    publicKeyAlgorithm: algorithm(spkiFields[0], 'subjectPublicKeyInfo algorithm'),
    publicKeyBits: octetAlignedBits(spkiFields[1], 'subjectPublicKey'),
    extensions: extensions(extensionsTlv),
    signatureAlgorithm: algorithm(outer[1], 'signatureAlgorithm'),
    signature: octetAlignedBits(outer[2], 'signatureValue'),
  };
}

/** One AttributeTypeAndValue of a Name (RFC 5280 4.1.2.4), in the certificate's order. */
export interface NameEntry {
  readonly type: string;
  /** The value as text when it is a character string, else undefined. */
  readonly text: string | undefined;
  /** The value's DER. */
  readonly der: Buffer;
}

/** Character string types, as asn1js reads them: UTF-8, the one-byte strings, BMP (UTF-16), Universal (UTF-32). */
function stringValue(tlv: Tlv): string | undefined {
  switch (tlv.tag) {
    case 0x0c:
      return tlv.value.toString('utf8');
    case 0x12:
    case 0x13:
    case 0x14:
    case 0x15:
    case 0x16:
    case 0x19:
    case 0x1a:
    case 0x1b:
      return tlv.value.toString('latin1');
    case 0x1e:
      if (tlv.value.length % 2) throw new CertificateStructureError('malformed BMPString');
      return Buffer.from(tlv.value).swap16().toString('utf16le');
    case 0x1c: {
      if (tlv.value.length % 4) throw new CertificateStructureError('malformed UniversalString');
      const points: number[] = [];
      for (let i = 0; i < tlv.value.length; i += 4) points.push(tlv.value.readUInt32BE(i));
      return String.fromCodePoint(...points);
    }
    default:
      return undefined;
  }
}

/** Name ::= SEQUENCE OF SET OF AttributeTypeAndValue, flattened in order. */
export function readName(der: Buffer): NameEntry[] {
  const entries: NameEntry[] = [];
  for (const rdn of readChildren(expect(readTlv(der, 0), SEQUENCE, 'Name').value)) {
    for (const pair of readChildren(expect(rdn, 0x31, 'RelativeDistinguishedName').value)) {
      const fields = readChildren(expect(pair, SEQUENCE, 'AttributeTypeAndValue').value);
      const [type, attribute] = fields;
      if (fields.length !== 2 || !attribute)
        throw new CertificateStructureError('malformed AttributeTypeAndValue');
      // Every attribute of an SGP.22 / RFC 5280 name is a character string (DirectoryString, IA5String,
      // PrintableString); anything else is refused rather than shown as hex.
      const text = stringValue(attribute);
      if (text === undefined)
        throw new CertificateStructureError('attribute value is not a character string');
      entries.push({
        type: decodeOid(expect(type, OID, 'attribute type').value),
        text,
        der: attribute.bytes,
      });
    }
  }
  return entries;
}

/** The single TLV an extension value holds (nothing after it). */
function only(value: Buffer, tag: number, what: string): Tlv {
  const tlv = readTlv(value, 0);
  if (tlv.bytes.length !== value.length) throw new CertificateStructureError(`trailing bytes in ${what}`);
  return expect(tlv, tag, what);
}

/** SubjectKeyIdentifier ::= KeyIdentifier (OCTET STRING), RFC 5280 4.2.1.2. */
export function readSubjectKeyIdentifier(value: Buffer): Buffer {
  return only(value, OCTET_STRING, 'subjectKeyIdentifier').value;
}

/** AuthorityKeyIdentifier's keyIdentifier [0], RFC 5280 4.2.1.1 (authorityCertIssuer [1] and serial [2] skipped). */
export function readAuthorityKeyIdentifier(value: Buffer): Buffer | undefined {
  let keyIdentifier: Buffer | undefined;
  let last = -1;
  for (const field of readChildren(only(value, SEQUENCE, 'authorityKeyIdentifier').value)) {
    const position = [0x80, 0xa1, 0x82].indexOf(field.tag);
    if (position <= last) throw new CertificateStructureError('malformed authorityKeyIdentifier');
    last = position;
    if (field.tag === 0x80) keyIdentifier = field.value;
  }
  return keyIdentifier;
}

/** A BIT STRING's bits as octets (the unused-bits octet dropped), for KeyUsage (RFC 5280 4.2.1.3). */
export function readBits(value: Buffer): Buffer {
  const bits = only(value, BIT_STRING, 'BIT STRING').value;
  if (bits.length === 0 || bits.readUInt8(0) > 7 || (bits.length === 1 && bits[0] !== 0))
    throw new CertificateStructureError('malformed BIT STRING');
  return bits.subarray(1);
}

/** CertificatePolicies ::= SEQUENCE OF PolicyInformation: the policy identifiers, RFC 5280 4.2.1.4. */
export function readPolicyIdentifiers(value: Buffer): string[] {
  return readChildren(only(value, SEQUENCE, 'certificatePolicies').value).map((information) => {
    const fields = readChildren(expect(information, SEQUENCE, 'PolicyInformation').value);
    if (fields.length > 2 || (fields[1] && fields[1].tag !== SEQUENCE))
      throw new CertificateStructureError('malformed PolicyInformation');
    return decodeOid(expect(fields[0], OID, 'policyIdentifier').value);
  });
}
