/**
 * The IPA's report on a Profile Download Trigger (SGP.32 2.11.2.3, 3.2.3.1 direct download): ESipa
 * ProvideEimPackageResult `BF50 { 5A eid?, BF54 ProfileDownloadTriggerResult { 82 eimTransactionId?,
 * BF37 profileInstallationResult | 30 profileDownloadError } }`. The eIM checks that it answers the trigger it
 * sent (the EID, the echoed eimTransactionId) and, when it knows the eUICC's key, that euiccSignPIR verifies
 * (SGP.22 5.7.10: over ProfileInstallationResultData), then records the outcome. No HTTP here.
 */
import type { KeyObject } from 'node:crypto';
import { derOf } from '../../asn1/schema.ts';
import type { EimPackageResult } from '../../asn1/sgp32/index.ts';
import { ecdsaVerify } from '../../crypto/ecdsa.ts';
import { type DownloadOutcome, installationOutcome } from './download-outcome.ts';

/** Why a ProfileDownloadTriggerResult cannot be taken as the answer to the eIM's trigger. */
export class TriggerResultError extends Error {
  override readonly name = 'TriggerResultError';
  constructor(
    readonly reason: 'notATriggerResult' | 'eimTransactionIdMismatch' | 'euiccSignatureInvalid',
    message: string,
  ) {
    super(message);
  }
}

export interface ExpectedTrigger {
  /** The eimTransactionId the trigger carried. */
  readonly eimTransactionId: Buffer;
  /** The eUICC's public key (of CERT.EUICC), when the eIM has it: euiccSignPIR is checked with it. */
  readonly euiccKey?: KeyObject;
}

/**
 * The outcome of a download the IPA reports in ProvideEimPackageResult's eimPackageResult. An absent
 * eimTransactionId is taken (it is OPTIONAL in ProfileDownloadTriggerResult: our reading is that the IPA may
 * leave it out when the correlation is by connection); a different one is refused.
 */
export function readTriggerResult(result: EimPackageResult, expected: ExpectedTrigger): DownloadOutcome {
  if (!('profileDownloadTriggerResult' in result))
    throw new TriggerResultError(
      'notATriggerResult',
      'the IPA answered a download trigger with another result',
    );
  const { eimTransactionId, profileDownloadTriggerResultData: data } = result.profileDownloadTriggerResult;
  if (eimTransactionId && !eimTransactionId.equals(expected.eimTransactionId))
    throw new TriggerResultError(
      'eimTransactionIdMismatch',
      `the result echoes eimTransactionId ${eimTransactionId.toString('hex')}, the trigger carried ${expected.eimTransactionId.toString('hex')}`,
    );
  if ('profileDownloadError' in data) {
    const { profileDownloadErrorReason, errorResponse } = data.profileDownloadError;
    return {
      kind: 'downloadError',
      profileDownloadErrorReason,
      ...(errorResponse ? { errorResponse: errorResponse.toString('hex').toUpperCase() } : {}),
    };
  }
  const pir = data.profileInstallationResult;
  if (
    expected.euiccKey &&
    !ecdsaVerify(expected.euiccKey, derOf(pir.profileInstallationResultData), pir.euiccSignPIR)
  )
    throw new TriggerResultError('euiccSignatureInvalid', 'euiccSignPIR does not verify with the eUICC key');
  return installationOutcome(pir.profileInstallationResultData);
}
