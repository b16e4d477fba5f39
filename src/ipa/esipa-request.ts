/**
 * ESipa requests that carry an eUICC's answer (AuthenticateServerResponse, PrepareDownloadResponse,
 * CancelSessionResponse, a ProfileInstallationResult): SGP.32 3.2.3.2 has the IPA pass them to the eIM
 * unchanged, and their signatures cover their exact bytes. So the request is assembled from the eUICC's
 * TLVs as they came, under the request type's declared tag, and then read back with its declaration: what
 * leaves is always a well-formed value of the declared type.
 */
import { transactionId } from '../asn1/rsp/common.ts';
import { encodeTlv } from '../asn1/tlv.ts';
import { type EsipaFunctionName, EsipaFunctions } from '../protocol/esipa-functions.ts';

export function exactRequest(name: EsipaFunctionName, ...components: Buffer[]): Buffer {
  const declaration = EsipaFunctions[name].request;
  const [tag] = declaration.tags;
  if (tag === undefined || declaration.tags.length !== 1)
    throw new TypeError(`${name}: no single request tag`);
  const der = encodeTlv(tag, ...components);
  declaration.decode(der);
  return der;
}

/** `transactionId [0] TransactionId` ('80'), the first component of the relayed ES9+ requests. */
export const transactionIdTlv = (value: Buffer): Buffer => transactionId(0x80).encode(value);
