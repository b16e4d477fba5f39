/**
 * The PKI's own error types. Protocol failures the SM-DP+ reports to a peer are RspError (src/errors); the
 * errors here are for the layers below it and for the eUICC's side, which has its own error space.
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

/** A PKI folder or its files are missing or unusable. */
export class PkiConfigurationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PkiConfigurationError';
  }
}
