/**
 * The PKI's own error types. Protocol failures the SM-DP+ reports to a peer are RspError (src/errors); the
 * errors here are for the layers below it and for the eUICC's side, which has its own error space: the
 * servers map them to their status codes where they call the PKI.
 */

/** A certificate (or key) could not be decoded; `reason` says what was wrong. */
export class CertificateParseError extends Error {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Certificate parse error: ${reason}`, options);
    this.name = 'CertificateParseError';
  }
}

/**
 * ES10b error names for a rejected RSP server certificate: AuthenticateServer (SGP.22 5.7.13,
 * AuthenticateErrorCode) and PrepareDownload (SGP.22 5.7.5, DownloadErrorCode) share these three.
 */
export type CertificateCheckReason = 'invalidCertificate' | 'unsupportedCurve' | 'ciPKUnknown';

/** The eUICC refuses an SM-DP+ certificate; `reason` is the ES10b error code name to answer with. */
export class CertificateCheckError extends Error {
  constructor(
    readonly reason: CertificateCheckReason,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${reason}: ${detail}`, options);
    this.name = 'CertificateCheckError';
  }
}

/** The certificate of an eUICC's chain that failed a check: the EUM's or the eUICC's (SGP.22 4.5.2). */
export type ChainCertificate = 'eum' | 'euicc';

/**
 * What failed in the chain check (SGP.22 5.6.3). `unknownCi`: the EUM names a CI that is not trusted (or
 * not the expected one); `notIssuedBy`: the eUICC certificate names another issuer; `profile`: the
 * certificate breaks its SGP.22 4.5.2.1.0.x profile; `noEid` / `eidOutOfRange`: the eUICC's EID is missing
 * or outside the EUM's permitted prefix (SGP.22 4.5.2.2).
 */
export type ChainFailure =
  | 'undecodable'
  | 'noAuthorityKeyIdentifier'
  | 'unknownCi'
  | 'notIssuedBy'
  | 'badSignature'
  | 'expired'
  | 'notYetValid'
  | 'profile'
  | 'noEid'
  | 'eidOutOfRange';

/**
 * An eUICC certificate chain was refused: which certificate, what failed, and a sentence saying so. The
 * PKI knows no status codes; the servers map it to theirs where they verify a chain.
 */
export class EuiccChainError extends Error {
  constructor(
    readonly certificate: ChainCertificate,
    readonly failure: ChainFailure,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(detail, options);
    this.name = 'EuiccChainError';
  }
}

/** A PKI folder or its files are missing or unusable. */
export class PkiConfigurationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PkiConfigurationError';
  }
}
