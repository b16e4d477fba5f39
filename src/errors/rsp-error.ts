import { CLIPPED_TEXT_LENGTH, clipText } from './clip-text.ts';
import { type StatusCodeName, StatusCodes } from './status-codes.ts';

/**
 * The one error class of the project for protocol failures: it carries the SGP.22 subjectCode/reasonCode
 * pair of the condition (SGP.22 5.6 status code tables). Only the HTTP layer turns it into a response.
 */
export class RspError extends Error {
  readonly subjectCode: string;
  readonly reasonCode: string;

  readonly subjectIdentifier?: string;

  /**
   * `detail` and `subjectIdentifier` often carry what the client sent; both are clipped, since they go back
   * in the answer and into the warn log.
   */
  constructor(
    readonly codeName: StatusCodeName,
    detail?: string,
    subjectIdentifier?: string,
    options?: { cause?: unknown },
  ) {
    const status = StatusCodes[codeName];
    super(
      detail ? `${status.message}: ${clipText(detail, 4 * CLIPPED_TEXT_LENGTH)}` : status.message,
      options,
    );
    if (subjectIdentifier !== undefined) this.subjectIdentifier = clipText(subjectIdentifier);
    this.name = 'RspError';
    this.subjectCode = status.subjectCode;
    this.reasonCode = status.reasonCode;
  }
}

/** Throws the named SGP.22 error unless the condition holds. */
export function ensure(condition: unknown, codeName: StatusCodeName, detail?: string): asserts condition {
  if (!condition) throw new RspError(codeName, detail);
}
