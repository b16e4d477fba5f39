/**
 * The SM-DP+'s (and SM-DS's) check of an eUICC's certificate chain (SGP.22 5.6.3 authenticateClient, 5.6.4
 * other signed notifications): the PKI's verification, its failures answered with the status codes SGP.22
 * 5.6.3 gives them (8.1.2 EUM, 8.1.3 eUICC, 8.11.1 CI).
 */
import { RspError } from '../errors/rsp-error.ts';
import type { StatusCodeName } from '../errors/status-codes.ts';
import { EuiccChainError } from '../pki/errors.ts';
import {
  type EuiccChainInput,
  type VerifiedEuiccChain,
  verifyEuiccChain as verifyChain,
} from '../pki/verify-chain.ts';

/**
 * SGP.22 5.6.3 has three codes per certificate: unknown CI, expired, and invalid for every other failure
 * (a certificate not yet valid included: SGP.22 has no code of its own for it).
 */
function chainStatusCode(error: EuiccChainError): StatusCodeName {
  if (error.failure === 'unknownCi') return 'ciPublicKeyUnknown';
  if (error.certificate === 'eum')
    return error.failure === 'expired' ? 'eumCertificateExpired' : 'eumCertificateInvalid';
  return error.failure === 'expired' ? 'euiccCertificateExpired' : 'euiccCertificateInvalid';
}

/** The chain verified, or an RspError with its SGP.22 status code. */
export function verifyEuiccChain(input: EuiccChainInput): VerifiedEuiccChain {
  try {
    return verifyChain(input);
  } catch (error) {
    if (error instanceof EuiccChainError)
      throw new RspError(chainStatusCode(error), error.message, undefined, { cause: error });
    throw error;
  }
}
