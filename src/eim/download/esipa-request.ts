/**
 * Reading an ESipa request body (SGP.32 6.1, ASN.1 binding): at most MAX_ESIPA_REQUEST_BYTES, the DER of the
 * function's request type and nothing after it. Besides the decoded value, the relay needs the request's
 * top-level TLVs as sent, to pass the eUICC's signed answers on byte for byte.
 */
import { Asn1DecodeError } from '../../asn1/decode-error.ts';
import type { Schema } from '../../asn1/schema.ts';
import { readChildren, readTlv, type Tlv } from '../../asn1/tlv.ts';
import { EsipaRequestError } from './esipa-request-error.ts';

/**
 * The largest download request the relay reads: an AuthenticateClient with two certificates and EUICCInfo2 is
 * about 2 KB; a PendingNotification with its certificates about as much. (ASN.1 layer limits apply inside.)
 */
export const MAX_ESIPA_REQUEST_BYTES = 32 * 1024;

export function readEsipaRequest<T>(schema: Schema<T>, body: Buffer): T {
  if (body.length > MAX_ESIPA_REQUEST_BYTES)
    throw new EsipaRequestError(`request of ${body.length} bytes (at most ${MAX_ESIPA_REQUEST_BYTES})`);
  try {
    return schema.decode(body);
  } catch (error) {
    if (error instanceof Asn1DecodeError)
      throw new EsipaRequestError(`request not decodable: ${error.message}`);
    throw error;
  }
}

/** The top-level components of a decoded request, by tag, with their exact bytes. */
export function fieldsOf(body: Buffer): ReadonlyMap<number, Tlv> {
  return new Map(readChildren(readTlv(body, 0).value).map((tlv) => [tlv.tag, tlv]));
}
