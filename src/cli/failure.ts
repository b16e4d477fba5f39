/**
 * A command's failure as the user sees it: the one line on stderr, with the fix where the error says what it
 * is, and with --json the same as a document a script can branch on (SGP.22 codes of a refused function).
 */
import { FunctionFailedError, TlsTrustError } from '../errors/client-errors.ts';
import { reasonCodeName, subjectCodeName } from '../errors/code-names.ts';

/** What --json prints for a failure: the line, and for an SGP.22 refusal its codes and their names. */
export interface FailureDocument {
  readonly error: string;
  readonly function?: string;
  readonly subjectCode?: string;
  readonly reasonCode?: string;
  /** rspsim's name of the code pair (src/errors/status-codes.ts), when the table has it. */
  readonly codeName?: string;
  /** SGP.22's names of the subject and the reason ("SM-DP+ Address", "Refused"), when its tables name them. */
  readonly subject?: string;
  readonly reason?: string;
  /** The statusCodeData message, or the execution status. */
  readonly detail?: string;
}

const TLS_FIX =
  "give the CA that issued the server's TLS certificate with --ca: for an rspsim server, the CI certificate " +
  'of its PKI folder, e.g. --ca my-pki/CertificateIssuer/CERT_CI_ECDSA_NIST.pem (the SGP.26 test CI is ' +
  'trusted by default)';

/** The line the user reads (without the `rspsim: ` prefix). */
export function failureLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof TlsTrustError) return `${message}: ${TLS_FIX}`;
  return message;
}

export function failureDocument(error: unknown): FailureDocument {
  const line = failureLine(error);
  if (!(error instanceof FunctionFailedError)) return { error: line };
  const subject = subjectCodeName(error.subjectCode);
  const reason = reasonCodeName(error.reasonCode);
  return {
    error: line,
    function: error.functionName,
    subjectCode: error.subjectCode,
    reasonCode: error.reasonCode,
    ...(subject ? { subject } : {}),
    ...(reason ? { reason } : {}),
    ...(error.codeName ? { codeName: error.codeName } : {}),
    detail: error.detail,
  };
}
