/**
 * An answer at the HTTP level instead of the JSON binding's (SGP.22 6.5 answers every function with 200 and
 * a header), or none at all: what an injected fault or a refused operator gets. The route handler sends it.
 */
export class HttpAnswer extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly contentType = 'text/plain',
    /** More headers of the answer (Retry-After of a throttled caller). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

/** No answer at all: the route handler holds the request for `ms` (or until the client goes), then hangs up. */
export class NoAnswer extends Error {
  constructor(readonly ms: number) {
    super(`no answer for ${ms} ms`);
  }
}
