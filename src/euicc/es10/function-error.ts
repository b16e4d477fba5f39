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

/** In the function's catch: the refusal's code, for its error response; anything else is thrown on. */
export function refusalCode<Code extends string>(error: unknown): Code {
  if (error instanceof Es10FunctionError) return error.code as Code;
  throw error;
}
