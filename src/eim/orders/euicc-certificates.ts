/**
 * CERT.EUICC as the eIM takes it (reference §5): the key an eUICC signs its package results with, trusted only
 * once its chain (CERT.EUICC ← CERT.EUM ← a CI of the eIM's PKI folder) verifies by SGP.22's rules (EID
 * within the EUM's range included) and it names the EID it is kept for. Registered by the operator (`euicc`
 * order) or learnt from a data request's A5/A6.
 */
import { EuiccChainError } from '../../pki/errors.ts';
import { verifyEuiccChain } from '../../pki/verify-chain.ts';
import type { EimContext } from '../server/context.ts';

export class EuiccCertificateError extends Error {
  override readonly name = 'EuiccCertificateError';
}

/** Checks the pair for `eid`; throws EuiccCertificateError with the reason. */
export function checkEuiccCertificates(
  eim: EimContext,
  eid: string,
  certificates: { readonly euiccCertificate: Buffer; readonly eumCertificate: Buffer },
): void {
  let chainEid: string;
  try {
    chainEid = verifyEuiccChain({
      ...certificates,
      trustedCis: eim.trustedCis,
      now: new Date(eim.now()),
    }).eid;
  } catch (error) {
    if (error instanceof EuiccChainError)
      throw new EuiccCertificateError(`the eUICC certificate chain does not verify: ${error.message}`);
    throw error;
  }
  if (chainEid.toUpperCase() !== eid.toUpperCase())
    throw new EuiccCertificateError(`the eUICC certificate is EID ${chainEid}'s, not ${eid}'s`);
}
