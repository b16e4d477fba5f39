import { createPublicKey, type KeyObject, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import * as asn1js from 'asn1js';
import {
  AlgorithmIdentifier,
  AltName,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  CertificatePolicies,
  CRLDistributionPoints,
  DistributionPoint,
  Extension,
  ExtKeyUsage,
  GeneralName,
  GeneralSubtree,
  NameConstraints,
  PolicyInformation,
  PublicKeyInfo,
  Time,
  TimeType,
} from 'pkijs';
import {
  KEY_USAGE_BITS,
  type KeyUsageName,
  keyIdentifierOf,
  type ParsedCertificate,
  parseCertificate,
} from './certificate.ts';
import { encodeName, findAttribute, type NameAttribute, nameFromDer } from './distinguished-name.ts';
import { eidInRange, isEidPrefix, isEidShaped } from './eid.ts';
import {
  ECDSA_WITH_SHA256,
  EXTENSION_OIDS,
  KEY_PURPOSE_OIDS,
  RSP_ROLE_OIDS,
  type RspRole,
  SGP26_OIDS,
} from './oids.ts';
import { derToPem } from './pem.ts';
import { signTbs } from './signature.ts';

/**
 * Issuing certificates with the SGP.22 certificate profiles (SGP.22 4.5.2.1.0.1 CI, .0.2 EUM, .0.3 eUICC,
 * .0.4 SM-DP+ auth/pb, .0.5 SM-DP+ TLS), laid out like the SGP.26 test certificates:
 * - version 3, a random positive serial number, ecdsa-with-SHA256 without parameters (RFC 5758);
 * - issuer = the issuing CA's subject, byte for byte (taken from its certificate's DER);
 * - SubjectKeyIdentifier = SHA-1 of the subjectPublicKey bits (RFC 5280 4.2.1.2 method 1, what every
 *   SGP.26 certificate uses) and AuthorityKeyIdentifier = the issuer's SKI, because SGP.22 4.5.2.2 chains
 *   by key identifier (the CI has only an SKI);
 * - keyUsage critical; the role in a CertificatePolicies extension (critical, except in the TLS certificate,
 *   as in SGP.26); basicConstraints for CAs; the EID range of an EUM as critical nameConstraints.
 * The TBS is built with pkijs, encoded once, and those bytes are signed with node:crypto (pkijs's own
 * signing goes through WebCrypto, which has no brainpoolP256r1).
 */

export interface IssuedCertificate {
  readonly der: Buffer;
  readonly pem: string;
  readonly certificate: ParsedCertificate;
}

/** Options every issuing function takes. */
export interface CommonIssueOptions {
  /** Positive, at most 20 octets (RFC 5280 4.1.2.2); random 8 octets by default. */
  readonly serialNumber?: Uint8Array;
  /**
   * The moment of issue, read from the caller's clock (the same clock that will later verify the
   * certificate); the real clock when omitted.
   */
  readonly now?: Date;
  /** One hour before `now` by default, to tolerate clock differences between issuer and verifier. */
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** The subject attributes, in order; each profile has a default. */
  readonly subject?: readonly NameAttribute[];
  /** URLs for a CRL distribution points extension (as the SGP.26 certificates have); none by default. */
  readonly crlDistributionPoints?: readonly string[];
}

type Issuer = ParsedCertificate | Uint8Array;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** SGP.22 4.5.2.1.0.3: an eUICC certificate does not expire (RFC 5280 4.1.2.5 "no well-defined expiration"). */
export const NO_EXPIRY_DATE = new Date(Date.UTC(9999, 11, 31, 23, 59, 59));

// ---------------------------------------------------------------------------------------------- profiles

export interface CiIssueOptions extends CommonIssueOptions {
  /** The CI's own key pair: the certificate is self-signed. */
  readonly privateKey: KeyObject;
  /** The CI's OID, as registeredID in subjectAltName (SGP.26: 2.999.1). */
  readonly ciOid?: string;
}

/** A self-signed CI certificate (SGP.22 4.5.2.1.0.1): only an SKI, CA, keyCertSign + cRLSign. */
export function issueCiCertificate(options: CiIssueOptions): IssuedCertificate {
  const publicKey = createPublicKey(options.privateKey);
  const subject = options.subject ?? [
    ['CN', 'rspsim Test CI'],
    ['OU', 'TESTCERT'],
    ['O', 'RSPSIM'],
    ['C', 'XX'],
  ];
  return selfSigned(options, subject, [
    subjectKeyIdentifier(publicKey),
    basicConstraints(true, undefined),
    certificatePolicies('ci', true),
    keyUsage(['keyCertSign', 'cRLSign']),
    subjectAltName({ registeredIds: [options.ciOid ?? SGP26_OIDS.ci] }),
    ...crlDistributionPoints(options.crlDistributionPoints),
  ]);
}

/** A self-signed CA certificate of `options.privateKey`, thirty years by default. */
function selfSigned(
  options: CommonIssueOptions & { readonly privateKey: KeyObject },
  subject: readonly NameAttribute[],
  extensions: readonly Extension[],
): IssuedCertificate {
  const subjectDer = encodeName(subject);
  return build({
    issuerDer: subjectDer,
    issuerKey: options.privateKey,
    subjectDer,
    publicKey: createPublicKey(options.privateKey),
    validity: validity(options, 30 * 365 * DAY),
    serialNumber: options.serialNumber,
    extensions,
  });
}

export interface EumIssueOptions extends CommonIssueOptions {
  readonly ci: Issuer;
  readonly ciKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The EIDs this EUM may issue start with these digits (the name constraints' serialNumber). */
  readonly eidPrefix: string;
  /** The EUM's OID, as registeredID in subjectAltName (SGP.26: 2.999.5). */
  readonly eumOid?: string;
}

/**
 * An EUM certificate (SGP.22 4.5.2.1.0.2): CA with pathLenConstraint 0, keyCertSign (SGP.26's EUM has no
 * cRLSign), and critical nameConstraints whose permitted subtree is a directoryName
 * "O=<EUM organisation>, serialNumber=<EID prefix>", encoded exactly as in CERT_EUM_ECDSA_*.
 */
export function issueEumCertificate(options: EumIssueOptions): IssuedCertificate {
  if (!isEidPrefix(options.eidPrefix)) {
    throw new RangeError(`EID prefix must be 1 to 30 digits, got "${options.eidPrefix}"`);
  }
  const ci = asParsed(options.ci);
  const subject = options.subject ?? [
    ['C', 'XX'],
    ['O', 'rspsim Test EUM'],
    ['CN', 'rspsim EUM'],
  ];
  const organisation = subject.find(([type]) => type === 'O')?.[1];
  const permitted: NameAttribute[] = organisation
    ? [
        ['O', organisation],
        ['serialNumber', options.eidPrefix],
      ]
    : [['serialNumber', options.eidPrefix]];
  return build({
    ...underIssuer(ci, options.ciKey),
    subjectDer: encodeName(subject),
    publicKey: options.publicKey,
    validity: validity(options, 30 * 365 * DAY),
    serialNumber: options.serialNumber,
    extensions: [
      authorityKeyIdentifier(ci),
      subjectKeyIdentifier(options.publicKey),
      keyUsage(['keyCertSign']),
      certificatePolicies('eum', true),
      subjectAltName({ registeredIds: [options.eumOid ?? SGP26_OIDS.eum] }),
      basicConstraints(true, 0),
      ...crlDistributionPoints(options.crlDistributionPoints),
      nameConstraints(permitted),
    ],
  });
}

export interface EuiccIssueOptions extends CommonIssueOptions {
  readonly eum: Issuer;
  readonly eumKey: KeyObject;
  readonly publicKey: KeyObject;
  /** 32 digits inside the EUM's range. Check digits are not enforced, so negative test EIDs can be made. */
  readonly eid: string;
}

/**
 * An eUICC certificate (SGP.22 4.5.2.1.0.3): the EID as subject serialNumber, digitalSignature, and by
 * default notAfter 99991231235959Z. The subject's C and O are the EUM's, as in SGP.26.
 */
export function issueEuiccCertificate(options: EuiccIssueOptions): IssuedCertificate {
  const eum = asParsed(options.eum);
  if (!isEidShaped(options.eid)) throw new RangeError(`an EID is 32 digits, got "${options.eid}"`);
  if (eum.permittedEidPrefix !== undefined && !eidInRange(options.eid, eum.permittedEidPrefix)) {
    throw new RangeError(`EID ${options.eid} is outside the EUM's range ${eum.permittedEidPrefix}`);
  }
  const eumName = nameFromDer(eum.subjectDer);
  const country = findAttribute(eumName, 'C');
  const organisation = findAttribute(eumName, 'O');
  const subject: readonly NameAttribute[] = options.subject ?? [
    ...(country ? [['C', country] as const] : []),
    ...(organisation ? [['O', organisation] as const] : []),
    ['serialNumber', options.eid],
    ['CN', 'rspsim eUICC'],
  ];
  return build({
    ...underIssuer(eum, options.eumKey),
    subjectDer: encodeName(subject),
    publicKey: options.publicKey,
    validity: {
      notBefore: defaultNotBefore(options),
      notAfter: seconds(options.notAfter ?? NO_EXPIRY_DATE),
    },
    serialNumber: options.serialNumber,
    extensions: [
      authorityKeyIdentifier(eum),
      subjectKeyIdentifier(options.publicKey),
      keyUsage(['digitalSignature']),
      certificatePolicies('euicc', true),
    ],
  });
}

export interface DpIssueOptions extends CommonIssueOptions {
  readonly ci: Issuer;
  readonly ciKey: KeyObject;
  readonly publicKey: KeyObject;
  /**
   * The SM-DP+ OID, as registeredID in subjectAltName (SGP.26: 2.999.10); null leaves the subjectAltName out,
   * a certificate SGP.22 4.5.2.1.0.4 does not allow, to see what a peer does with one.
   */
  readonly smdpOid?: string | null;
}

/** CERT.DPauth.ECDSA (SGP.22 4.5.2.1.0.4): signs ServerSigned1 / smdpSigned2. */
export function issueDpAuthCertificate(options: DpIssueOptions): IssuedCertificate {
  return issueDpSigningCertificate(options, 'dp-auth');
}

/** CERT.DPpb.ECDSA (SGP.22 4.5.2.1.0.4): signs the Bound Profile Package. */
export function issueDpPbCertificate(options: DpIssueOptions): IssuedCertificate {
  return issueDpSigningCertificate(options, 'dp-pb');
}

export interface DsIssueOptions extends CommonIssueOptions {
  readonly ci: Issuer;
  readonly ciKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The SM-DS OID, as registeredID in subjectAltName. */
  readonly smdsOid?: string;
}

/**
 * CERT.DSauth.ECDSA (SGP.22 4.5.2.1, id-rspRole-ds-auth): the SM-DS signs ServerSigned1 with it in ES11 as the SM-DP+ does
 * with CERT.DPauth in ES9+; the same profile with the ds-auth role policy and the SM-DS OID.
 */
export function issueDsAuthCertificate(options: DsIssueOptions): IssuedCertificate {
  return issueDpSigningCertificate(
    {
      ...options,
      smdpOid: options.smdsOid ?? SGP26_OIDS.smds,
      subject: options.subject ?? [
        ['O', 'rspsim'],
        ['CN', 'rspsim SM-DS'],
      ],
    },
    'ds-auth',
  );
}

export interface EimIssueOptions extends CommonIssueOptions {
  readonly ci: Issuer;
  readonly ciKey: KeyObject;
  readonly publicKey: KeyObject;
}

/**
 * An eIM's signing certificate (SGP.32 2.11.1: `eimPublicKeyData` may carry the eIM's key as a certificate).
 * SGP.32's certificate profile is not available to us, and no GSMA role OID for an eIM is known: the SGP.22
 * signing-certificate profile without a role policy (digitalSignature, SKI/AKI), issued under a CI so that
 * a lab can tell which CI vouches for it. The IoT eUICC takes the key from it without a chain check.
 */
export function issueEimCertificate(options: EimIssueOptions): IssuedCertificate {
  const ci = asParsed(options.ci);
  return build({
    ...underIssuer(ci, options.ciKey),
    subjectDer: encodeName(
      options.subject ?? [
        ['O', 'rspsim'],
        ['CN', 'rspsim test eIM'],
      ],
    ),
    publicKey: options.publicKey,
    validity: validity(options, 10 * 365 * DAY),
    serialNumber: options.serialNumber,
    extensions: [
      authorityKeyIdentifier(ci),
      subjectKeyIdentifier(options.publicKey),
      keyUsage(['digitalSignature']),
    ],
  });
}

function issueDpSigningCertificate(
  options: DpIssueOptions,
  role: 'dp-auth' | 'dp-pb' | 'ds-auth',
): IssuedCertificate {
  const ci = asParsed(options.ci);
  return build({
    ...underIssuer(ci, options.ciKey),
    subjectDer: encodeName(
      options.subject ?? [
        ['O', 'rspsim'],
        ['CN', 'rspsim SM-DP+'],
      ],
    ),
    publicKey: options.publicKey,
    validity: validity(options, 10 * 365 * DAY),
    serialNumber: options.serialNumber,
    extensions: [
      authorityKeyIdentifier(ci),
      subjectKeyIdentifier(options.publicKey),
      ...(options.smdpOid === null
        ? []
        : [subjectAltName({ registeredIds: [options.smdpOid ?? SGP26_OIDS.smdp] })]),
      keyUsage(['digitalSignature']),
      certificatePolicies(role, true),
      ...crlDistributionPoints(options.crlDistributionPoints),
    ],
  });
}

export interface TlsIssueOptions extends DpIssueOptions {
  /** DNS names and IP addresses (IPv4/IPv6 literals become iPAddress entries). The first is the CN. */
  readonly hostNames: readonly string[];
  /** CERT.DP.TLS (default) or CERT.DS.TLS (id-rspRole-ds-tls): the policy and the server kind differ. */
  readonly role?: 'dp-tls' | 'ds-tls';
}

/**
 * CERT.DP.TLS (SGP.22 4.5.2.1.0.5), as SGP.26's CERT_S_SM_DP_TLS_*: digitalSignature, critical extended
 * key usage serverAuth + clientAuth, non-critical dp-tls policy, subjectAltName with the host names and
 * the SM-DP+ OID. One year by default.
 */
export function issueTlsCertificate(options: TlsIssueOptions): IssuedCertificate {
  const [commonName] = options.hostNames;
  if (commonName === undefined) throw new RangeError('a TLS certificate needs at least one host name');
  const ci = asParsed(options.ci);
  const dnsNames = options.hostNames.filter((name) => isIP(name) === 0);
  const ipAddresses = options.hostNames.filter((name) => isIP(name) !== 0);
  return build({
    ...underIssuer(ci, options.ciKey),
    subjectDer: encodeName(
      options.subject ?? [
        ['O', 'rspsim'],
        ['CN', commonName],
      ],
    ),
    publicKey: options.publicKey,
    validity: validity(options, 365 * DAY),
    serialNumber: options.serialNumber,
    extensions: [
      keyUsage(['digitalSignature']),
      extendedKeyUsage([KEY_PURPOSE_OIDS.serverAuth, KEY_PURPOSE_OIDS.clientAuth]),
      certificatePolicies(options.role ?? 'dp-tls', false),
      subjectKeyIdentifier(options.publicKey),
      authorityKeyIdentifier(ci),
      subjectAltName({ dnsNames, ipAddresses, registeredIds: [options.smdpOid ?? SGP26_OIDS.smdp] }),
      ...crlDistributionPoints(options.crlDistributionPoints),
    ],
  });
}

// ----------------------------------------------------------------------------- the operator's ES2+ TLS PKI

/**
 * The operator's side of ES2+'s mutual TLS (SGP.22 2.6.6 sets the TLS version and suites; who issues the
 * operator's certificate is between operator and SM-DP+, outside the GSMA CI's hierarchy of 4.5.2): a plain
 * X.509 CA, no RSP role policy, no SGP.22 OIDs, so it is never mistaken for a CI. Thirty years by default,
 * so bundled test material does not expire under the labs that use it.
 */
export function issueOperatorCaCertificate(
  options: CommonIssueOptions & { readonly privateKey: KeyObject },
): IssuedCertificate {
  return selfSigned(options, options.subject ?? [['CN', 'rspsim Test Operator CA']], [
    subjectKeyIdentifier(createPublicKey(options.privateKey)),
    basicConstraints(true, 0),
    keyUsage(['keyCertSign', 'cRLSign']),
  ]);
}

/**
 * An operator's TLS client certificate for ES2+ under its CA: digitalSignature, extended key usage
 * clientAuth only, the operator's name as CN and (optionally) dNSName. Thirty years by default (see above).
 */
export function issueOperatorClientCertificate(
  options: CommonIssueOptions & {
    readonly ca: Issuer;
    readonly caKey: KeyObject;
    readonly publicKey: KeyObject;
    /** The operator's name: CN, and dNSName when it is a host name. */
    readonly name: string;
  },
): IssuedCertificate {
  const ca = asParsed(options.ca);
  return build({
    ...underIssuer(ca, options.caKey),
    subjectDer: encodeName(options.subject ?? [['CN', options.name]]),
    publicKey: options.publicKey,
    validity: validity(options, 30 * 365 * DAY),
    serialNumber: options.serialNumber,
    extensions: [
      keyUsage(['digitalSignature']),
      extendedKeyUsage([KEY_PURPOSE_OIDS.clientAuth]),
      subjectKeyIdentifier(options.publicKey),
      authorityKeyIdentifier(ca),
      ...(/^[a-z0-9.-]+$/i.test(options.name) ? [subjectAltName({ dnsNames: [options.name] })] : []),
    ],
  });
}

// ------------------------------------------------------------------------------------------- the builder

interface BuildInput {
  readonly issuerDer: Uint8Array;
  readonly issuerKey: KeyObject;
  readonly subjectDer: Uint8Array;
  readonly publicKey: KeyObject;
  readonly validity: { readonly notBefore: Date; readonly notAfter: Date };
  readonly serialNumber: Uint8Array | undefined;
  readonly extensions: readonly Extension[];
}

function build(input: BuildInput): IssuedCertificate {
  // SGP.22 keys are on P-256 or brainpoolP256r1; other EC curves are accepted so that negative test
  // certificates (unsupportedCurve) can be made.
  if (input.publicKey.asymmetricKeyType !== 'ec') throw new RangeError('the subject key must be an EC key');
  const cert = new Certificate();
  cert.version = 2; // v3
  cert.serialNumber = new asn1js.Integer({ valueHex: serialNumber(input.serialNumber) });
  cert.signature = new AlgorithmIdentifier({ algorithmId: ECDSA_WITH_SHA256 });
  cert.issuer = nameFromDer(input.issuerDer);
  cert.notBefore = time(input.validity.notBefore);
  cert.notAfter = time(input.validity.notAfter);
  cert.subject = nameFromDer(input.subjectDer);
  cert.subjectPublicKeyInfo = PublicKeyInfo.fromBER(input.publicKey.export({ type: 'spki', format: 'der' }));
  cert.extensions = [...input.extensions];

  const tbs = new Uint8Array(cert.encodeTBS().toBER());
  cert.tbsView = tbs;
  cert.signatureAlgorithm = new AlgorithmIdentifier({ algorithmId: ECDSA_WITH_SHA256 });
  cert.signatureValue = new asn1js.BitString({ valueHex: signTbs(tbs, input.issuerKey) });
  const der = Buffer.from(cert.toSchema(false).toBER());
  return { der, pem: derToPem(der), certificate: parseCertificate(der) };
}

function underIssuer(issuer: ParsedCertificate, issuerKey: KeyObject) {
  return { issuerDer: issuer.subjectDer, issuerKey };
}

function asParsed(issuer: Issuer): ParsedCertificate {
  return issuer instanceof Uint8Array ? parseCertificate(issuer) : issuer;
}

function serialNumber(given: Uint8Array | undefined): Uint8Array {
  if (given) {
    const first = given[0];
    if (first === undefined || given.length > 20 || (first & 0x80) !== 0) {
      throw new RangeError('a serial number is 1 to 20 octets, positive');
    }
    return given;
  }
  const bytes = randomBytes(8);
  bytes.writeUInt8((bytes.readUInt8(0) & 0x7f) | 0x01, 0); // positive, and no leading zero octet
  return bytes;
}

function validity(options: CommonIssueOptions, defaultLength: number) {
  const notBefore = defaultNotBefore(options);
  const notAfter = seconds(options.notAfter ?? new Date(notBefore.getTime() + defaultLength));
  if (notAfter <= notBefore) throw new RangeError('notAfter must be after notBefore');
  return { notBefore, notAfter };
}

function defaultNotBefore(options: CommonIssueOptions): Date {
  return seconds(options.notBefore ?? new Date((options.now ?? new Date()).getTime() - HOUR));
}

/** DER times have whole seconds (RFC 5280 4.1.2.5.1/.2: no fractional seconds). */
function seconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/** UTCTime through 2049, GeneralizedTime from 2050 on (RFC 5280 4.1.2.5). */
function time(date: Date): Time {
  const type = date.getUTCFullYear() < 2050 ? TimeType.UTCTime : TimeType.GeneralizedTime;
  return new Time({ type, value: date });
}

// -------------------------------------------------------------------------------------------- extensions

function extension(
  oid: string,
  critical: boolean,
  value: { toBER(sizeOnly?: boolean): ArrayBuffer },
): Extension {
  return new Extension({ extnID: oid, critical, extnValue: value.toBER(false) });
}

function subjectKeyIdentifier(publicKey: KeyObject): Extension {
  return extension(
    EXTENSION_OIDS.subjectKeyIdentifier,
    false,
    new asn1js.OctetString({ valueHex: keyIdentifierOf(publicKey) }),
  );
}

function authorityKeyIdentifier(issuer: ParsedCertificate): Extension {
  if (!issuer.subjectKeyIdentifier)
    throw new RangeError(`issuer "${issuer.subject}" has no SubjectKeyIdentifier`);
  const value = new AuthorityKeyIdentifier({
    keyIdentifier: new asn1js.OctetString({ valueHex: issuer.subjectKeyIdentifier }),
  });
  return extension(EXTENSION_OIDS.authorityKeyIdentifier, false, value.toSchema());
}

/** A DER named bit list: trailing zero bits dropped (X.690 11.2.2). */
function keyUsage(usages: readonly KeyUsageName[]): Extension {
  const bits = usages.map((usage) => KEY_USAGE_BITS.indexOf(usage));
  const last = Math.max(...bits);
  const bytes = Uint8Array.from({ length: (last >> 3) + 1 }, (_, octet) =>
    bits.filter((bit) => bit >> 3 === octet).reduce((byte, bit) => byte | (0x80 >> (bit & 7)), 0),
  );
  const unusedBits = 7 - (last & 7);
  return extension(EXTENSION_OIDS.keyUsage, true, new asn1js.BitString({ valueHex: bytes, unusedBits }));
}

function extendedKeyUsage(purposes: readonly string[]): Extension {
  return extension(
    EXTENSION_OIDS.extKeyUsage,
    true,
    new ExtKeyUsage({ keyPurposes: [...purposes] }).toSchema(),
  );
}

function certificatePolicies(role: RspRole, critical: boolean): Extension {
  const value = new CertificatePolicies({
    certificatePolicies: [new PolicyInformation({ policyIdentifier: RSP_ROLE_OIDS[role] })],
  });
  return extension(EXTENSION_OIDS.certificatePolicies, critical, value.toSchema());
}

function basicConstraints(ca: boolean, pathLength: number | undefined): Extension {
  const value =
    pathLength === undefined
      ? new BasicConstraints({ cA: ca })
      : new BasicConstraints({ cA: ca, pathLenConstraint: pathLength });
  return extension(EXTENSION_OIDS.basicConstraints, true, value.toSchema());
}

function subjectAltName(names: {
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly registeredIds?: readonly string[];
}): Extension {
  const altNames = [
    ...(names.dnsNames ?? []).map((name) => new GeneralName({ type: 2, value: name })),
    ...(names.ipAddresses ?? []).map(
      (address) =>
        new GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: ipBytes(address) }) }),
    ),
    ...(names.registeredIds ?? []).map((oid) => new GeneralName({ type: 8, value: oid })),
  ];
  return extension(EXTENSION_OIDS.subjectAltName, false, new AltName({ altNames }).toSchema());
}

function ipBytes(address: string): Uint8Array {
  if (isIP(address) === 4) return Uint8Array.from(address.split('.').map(Number));
  // IPv6: expand "::" and write the eight 16-bit groups.
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? headGroups
      : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  const bytes = Buffer.alloc(16);
  if (groups.length !== 8 || groups.some((group) => !/^[0-9a-fA-F]{1,4}$/.test(group))) {
    throw new RangeError(`unsupported IPv6 address form "${address}"`);
  }
  for (const [index, group] of groups.entries()) bytes.writeUInt16BE(Number.parseInt(group, 16), index * 2);
  return bytes;
}

function nameConstraints(permitted: readonly NameAttribute[]): Extension {
  const value = new NameConstraints({
    permittedSubtrees: [
      new GeneralSubtree({ base: new GeneralName({ type: 4, value: nameFromDer(encodeName(permitted)) }) }),
    ],
  });
  return extension(EXTENSION_OIDS.nameConstraints, true, value.toSchema());
}

function crlDistributionPoints(urls: readonly string[] | undefined): Extension[] {
  if (!urls || urls.length === 0) return [];
  const value = new CRLDistributionPoints({
    distributionPoints: urls.map(
      (url) => new DistributionPoint({ distributionPoint: [new GeneralName({ type: 6, value: url })] }),
    ),
  });
  return [extension(EXTENSION_OIDS.crlDistributionPoints, false, value.toSchema())];
}
