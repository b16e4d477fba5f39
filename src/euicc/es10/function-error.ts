/**
 * A refusal inside an ES10 function that its response reports as an error code (AuthenticateErrorCode,
 * DownloadErrorCode ...): thrown by a step, turned into the function's error response at its end.
 */
export class Es10FunctionError<Code extends string> extends Error {
  constructor(readonly code: Code) {
    super(code);
    this.name = 'Es10FunctionError';
  }
}
