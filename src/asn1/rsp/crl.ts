/**
 * ES10b.LoadCRL (SGP.22 5.7.12): a CRL issued by a CI, given to the eUICC. The module has AUTOMATIC TAGS
 * and no component of these types is tagged, so `crl` is `[0] IMPLICIT CertificateList` ('A0' where the
 * CRL's own '30' was) and the CHOICE alternatives are [0] and [1] (X.680 31.2.7).
 */
import {
  choice,
  explicit,
  type Infer,
  implicitRawTlv,
  integer,
  optional,
  sequence,
  sequenceOf,
} from '../schema.ts';

/**
 * ```asn
 * LoadCRLRequest ::= [53] SEQUENCE { -- Tag 'BF35'
 *     -- A CRL-A
 *     crl CertificateList
 * }
 * ```
 * The CRL is kept as its exact DER (src/pki parses it).
 */
export const LoadCRLRequest = sequence(0xbf35, { crl: implicitRawTlv(0xa0, 0x30) });
export type LoadCRLRequest = Infer<typeof LoadCRLRequest>;

/** The named values of LoadCRLResponseError. */
export const LoadCRLResponseErrors = {
  invalidSignature: 1,
  invalidCRLFormat: 2,
  notEnoughMemorySpace: 3,
  verificationKeyNotFound: 4,
  undefinedError: 127,
} as const;

/**
 * ```asn
 * LoadCRLResponse ::= [53] CHOICE {  -- Tag 'BF35'
 * loadCRLResponseOk LoadCRLResponseOk,
 * loadCRLResponseError LoadCRLResponseError
 * }
 *
 * LoadCRLResponseOk ::= SEQUENCE {
 *     missingParts SEQUENCE OF SEQUENCE {
 *         number INTEGER (0..MAX)
 *     } OPTIONAL
 * }
 * LoadCRLResponseError ::= INTEGER {invalidSignature(1), invalidCRLFormat(2), notEnoughMemorySpace(3), verificationKeyNotFound(4), undefinedError(127)}
 * ```
 */
export const LoadCRLResponse = explicit(
  0xbf35,
  choice({
    loadCRLResponseOk: sequence(0xa0, {
      missingParts: optional(sequenceOf(0xa0, sequence(0x30, { number: integer(0x80) }))),
    }),
    loadCRLResponseError: integer(0x81, LoadCRLResponseErrors),
  }),
);
export type LoadCRLResponse = Infer<typeof LoadCRLResponse>;
