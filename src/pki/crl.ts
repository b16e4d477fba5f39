/**
 * Certificate Revocation Lists of a CI (SGP.22 4.6, ES10b.LoadCRL 5.7.12): read one (issuer key identifier,
 * revoked serial numbers, signature over the tbsCertList as received) and issue one, signed with a CI key
 * (the SGP.26 test CI's is public), for a lab. pkijs gives the structure; node:crypto signs and verifies
 * (pkijs's WebCrypto has no brainpoolP256r1).
 */
import type { KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import {
  AlgorithmIdentifier,
  AuthorityKeyIdentifier,
  CertificateRevocationList,
  Extension,
  Extensions,
  RevokedCertificate,
  Time,
  TimeType,
} from 'pkijs';
import { ecdsaVerify } from '../crypto/ecdsa.ts';
import type { ParsedCertificate } from './certificate.ts';
import { readAuthorityKeyIdentifier } from './certificate-der.ts';
import { nameFromDer } from './distinguished-name.ts';
import { ECDSA_WITH_SHA256, EXTENSION_OIDS } from './oids.ts';
import { signTbs } from './signature.ts';

/** A CRL that is not one (not DER, not a CertificateList). */
export class CrlParseError extends Error {
  override readonly name = 'CrlParseError';
}

export interface ParsedCrl {
  readonly der: Buffer;
  /** The tbsCertList exactly as received: what the signature covers. */
  readonly tbs: Buffer;
  readonly signatureAlgorithm: string;
  /** The DER Ecdsa-Sig-Value. */
  readonly signature: Buffer;
  /** The CI's key identifier (authorityKeyIdentifier extension), which names the key to verify with. */
  readonly authorityKeyIdentifier: Buffer | undefined;
  readonly issuerDer: Buffer;
  /** The revoked certificates' serial numbers (the INTEGER contents, hex upper case). */
  readonly revokedSerials: readonly string[];
}

const hexOf = (bytes: ArrayBuffer | Uint8Array) =>
  Buffer.from(bytes as Uint8Array)
    .toString('hex')
    .toUpperCase();

export function parseCrl(der: Buffer): ParsedCrl {
  let crl: CertificateRevocationList;
  try {
    crl = CertificateRevocationList.fromBER(new Uint8Array(der));
  } catch (error) {
    throw new CrlParseError(`not a CertificateList: ${(error as Error).message}`);
  }
  const aki = crl.crlExtensions?.extensions.find((e) => e.extnID === EXTENSION_OIDS.authorityKeyIdentifier);
  let authorityKeyIdentifier: Buffer | undefined;
  try {
    authorityKeyIdentifier = aki
      ? readAuthorityKeyIdentifier(Buffer.from(aki.extnValue.valueBlock.valueHexView))
      : undefined;
  } catch {
    throw new CrlParseError('malformed authorityKeyIdentifier extension');
  }
  return {
    der,
    tbs: Buffer.from(crl.tbsView),
    signatureAlgorithm: crl.signatureAlgorithm.algorithmId,
    signature: Buffer.from(crl.signatureValue.valueBlock.valueHexView),
    authorityKeyIdentifier,
    issuerDer: Buffer.from(crl.issuer.toSchema().toBER()),
    revokedSerials: (crl.revokedCertificates ?? []).map((r) =>
      hexOf(r.userCertificate.valueBlock.valueHexView),
    ),
  };
}

/** The CRL is signed with ecdsa-with-SHA256 by the holder of `publicKey`, over its tbsCertList as received. */
export const isCrlSignedBy = (crl: ParsedCrl, publicKey: KeyObject): boolean =>
  crl.signatureAlgorithm === ECDSA_WITH_SHA256 && ecdsaVerify(publicKey, crl.tbs, crl.signature, 'der');

export interface CrlIssueOptions {
  readonly ci: ParsedCertificate;
  readonly ciKey: KeyObject;
  /** Serial numbers (big-endian INTEGER contents) of the certificates revoked. */
  readonly revokedSerials: readonly Buffer[];
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
}

const time = (date: Date) =>
  new Time({ type: date.getUTCFullYear() < 2050 ? TimeType.UTCTime : TimeType.GeneralizedTime, value: date });

/** A CRL of the CI (X.509 v2, with the CI's key identifier), signed with its key. */
export function issueCrl(options: CrlIssueOptions): Buffer {
  const { ci } = options;
  if (!ci.subjectKeyIdentifier) throw new RangeError(`CI "${ci.subject}" has no SubjectKeyIdentifier`);
  const aki = new AuthorityKeyIdentifier({
    keyIdentifier: new asn1js.OctetString({ valueHex: ci.subjectKeyIdentifier }),
  });
  const crl = new CertificateRevocationList({
    version: 1, // v2
    signature: new AlgorithmIdentifier({ algorithmId: ECDSA_WITH_SHA256 }),
    issuer: nameFromDer(ci.subjectDer),
    thisUpdate: time(options.thisUpdate),
    nextUpdate: time(options.nextUpdate),
    revokedCertificates: options.revokedSerials.map(
      (serial) =>
        new RevokedCertificate({
          userCertificate: new asn1js.Integer({ valueHex: new Uint8Array(serial) }),
          revocationDate: time(options.thisUpdate),
        }),
    ),
    crlExtensions: new Extensions({
      extensions: [
        new Extension({
          extnID: EXTENSION_OIDS.authorityKeyIdentifier,
          critical: false,
          extnValue: aki.toSchema().toBER(false),
        }),
      ],
    }),
  });
  crl.signatureAlgorithm = new AlgorithmIdentifier({ algorithmId: ECDSA_WITH_SHA256 });
  crl.signatureValue = new asn1js.BitString({ valueHex: new Uint8Array(0) });
  // toSchema(true) encodes the tbsCertList afresh; its first element is what gets signed.
  const [tbsSchema] = (crl.toSchema(true) as asn1js.Sequence).valueBlock.value;
  if (!tbsSchema) throw new Error('pkijs gave no tbsCertList');
  const tbs = new Uint8Array(tbsSchema.toBER(false));
  crl.tbsView = tbs;
  crl.signatureValue = new asn1js.BitString({ valueHex: signTbs(tbs, options.ciKey) });
  return Buffer.from(crl.toSchema(false).toBER(false));
}
