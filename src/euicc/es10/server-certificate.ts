/**
 * Step 1 of ES10b.AuthenticateServer (SGP.22 5.7.13) and ES10b.PrepareDownload (5.7.5): the server's
 * certificate, under the CI named, checked by the PKI; a failed check is the function's own refusal.
 */
import type { ParsedCertificate } from '../../pki/certificate.ts';
import { CertificateCheckError, type CertificateCheckReason } from '../../pki/errors.ts';
import { type ServerCertificateRole, verifyServerCertificate } from '../../pki/verify-server-certificate.ts';
import type { CardContext } from '../card-context.ts';
import { Es10FunctionError } from './function-error.ts';
import { isRevoked } from './load-crl.ts';

export function checkServerCertificate<Code extends string>(
  card: CardContext,
  der: Buffer,
  role: ServerCertificateRole | readonly ServerCertificateRole[],
  ciPkId: Buffer | undefined,
  /** The function's error code for the PKI's reason (AuthenticateErrorCode, DownloadErrorCode). */
  codeOf: (reason: CertificateCheckReason) => Code,
): ParsedCertificate {
  let certificate: ParsedCertificate;
  try {
    certificate = verifyServerCertificate(der, role, card.trustedCis, undefined, { ciPkId });
  } catch (error) {
    if (error instanceof CertificateCheckError) throw new Es10FunctionError(codeOf(error.reason));
    throw error;
  }
  // A certificate a loaded CRL revokes is no valid certificate (SGP.22 4.6, 5.7.12).
  if (isRevoked(card, certificate)) throw new Es10FunctionError(codeOf('invalidCertificate'));
  return certificate;
}
