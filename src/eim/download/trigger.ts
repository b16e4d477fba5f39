/**
 * The eIM's Profile Download Trigger (SGP.32 2.11.1.3, 3.2.1): a queued download order becomes the answer to
 * the IPA's GetEimPackage, `BF4F { BF54 ProfileDownloadTriggerRequest { A0 { 80 activationCode | 81
 * contactDefaultSmdp | A2 contactSmds }, 82 eimTransactionId } }`. The eimTransactionId is what later messages
 * of the download (ESipa InitiateAuthentication, the IPA's ProfileDownloadTriggerResult) echo, so the eIM can
 * find the order again without the HTTP connection. No HTTP here.
 */
import { GetEimPackageResponse, type ProfileDownloadTriggerRequest } from '../../asn1/sgp32/index.ts';
import { randomBytes } from '../../crypto/random.ts';
import { activationCodeOf, type DownloadOrder } from './download-order.ts';

export interface DownloadTrigger {
  /** The GetEimPackageResponse ('BF4F') carrying the ProfileDownloadTriggerRequest ('BF54'). */
  readonly der: Buffer;
  /** The eimTransactionId the trigger carries: the download's key in the eIM. */
  readonly eimTransactionId: Buffer;
}

/** The ProfileDownloadData of an order (SGP.32 2.11.1.3). */
function profileDownloadData(order: DownloadOrder): ProfileDownloadTriggerRequest['profileDownloadData'] {
  if ('activationCode' in order) {
    // Checked, then sent as SGP.22 4.1 writes an Activation Code: "1$…", without the QR code's "LPA:" prefix.
    activationCodeOf(order);
    return { activationCode: order.activationCode.trim().replace(/^LPA:/i, '') };
  }
  if ('contactDefaultSmdp' in order) return { contactDefaultSmdp: null };
  return {
    contactSmds:
      order.contactSmds.smdsAddress === undefined ? {} : { smdsAddress: order.contactSmds.smdsAddress },
  };
}

/**
 * The trigger for an order; a fresh 16-byte eimTransactionId (TransactionId is OCTET STRING (SIZE(1..16)), and
 * onomondo-eim makes its eUICC Package ids that long) unless one is given.
 */
export function downloadTrigger(
  order: DownloadOrder,
  eimTransactionId: Buffer = randomBytes(16),
): DownloadTrigger {
  const der = GetEimPackageResponse.encode({
    profileDownloadTriggerRequest: { profileDownloadData: profileDownloadData(order), eimTransactionId },
  });
  return { der, eimTransactionId };
}
