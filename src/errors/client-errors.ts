/**
 * What a client of a JSON binding raises (SGP.22 6.5: ES9+, ES11, ES2+, ES12; and rspsim's admin API): the
 * called function's refusal with its SGP.22 codes (FunctionFailedError), or a failure on the client's side,
 * where no such code exists (ClientError: no connection, no answer in time, an answer outside the binding).
 */
import { codeLabel } from './code-names.ts';
import { type StatusCodeName, statusCodeName } from './status-codes.ts';

/**
 * The function answered with functionExecutionStatus Failed (or Expired) and its statusCodeData (SGP.22
 * 6.5.1.2). `codeName` names the pair when our status code table has it, so callers and tests need not
 * compare code strings.
 */
export class FunctionFailedError extends Error {
  override readonly name = 'FunctionFailedError';
  readonly codeName: StatusCodeName | undefined;

  constructor(
    readonly functionName: string,
    readonly subjectCode: string,
    readonly reasonCode: string,
    /** The statusCodeData message, or the execution status when there was none. */
    readonly detail: string,
  ) {
    // The codes with their SGP.22 names, then what the server said (printed codes carry names).
    super(`${functionName} failed: ${codeLabel(subjectCode, reasonCode)}${detail ? ` (${detail})` : ''}`);
    this.codeName = statusCodeName(subjectCode, reasonCode);
  }
}

/** A failure on the client's side of a call: the base of the kinds below. */
export class ClientError extends Error {
  override readonly name: string = 'ClientError';
}

/** No answer, a cut one, an HTTP status or body outside the binding. */
export class TransportError extends ClientError {
  override readonly name: string = 'TransportError';
}

/**
 * The server was reached, but the TLS certificate it presented does not chain to a CA the client trusts (or
 * does not name the host): not "cannot reach" — the fix is the trust (SGP.22 4.5.2.1.0.5: a TLS certificate
 * of the PKI is issued under a CI), so callers can say which CA to give.
 */
export class TlsTrustError extends TransportError {
  override readonly name = 'TlsTrustError';
}

/** No answer within the time the caller allowed. */
export class TimeoutError extends TransportError {
  override readonly name = 'TimeoutError';
}

/** An HTTP API (rspsim's admin API) refused the request with a status and a JSON body saying why. */
export class HttpStatusError extends ClientError {
  override readonly name = 'HttpStatusError';
  constructor(
    readonly status: number,
    readonly body: unknown,
    message: string,
  ) {
    super(message);
  }
}
