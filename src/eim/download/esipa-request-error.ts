/**
 * An ESipa request the eIM cannot read at all (SGP.32 6.1: not the DER of the function's request type, or
 * larger than the eIM takes): no response of the function can answer it, so the HTTP layer answers 400, as
 * onomondo-eim does for an undecodable body (reference §2). A request that decodes but cannot be served gets
 * the function's own error alternative instead.
 */
export class EsipaRequestError extends Error {
  override readonly name = 'EsipaRequestError';
}
