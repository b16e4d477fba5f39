/**
 * What became of a download order, as the eIM records it: the eUICC's ProfileInstallationResult (SGP.22 4.4,
 * 5.7.10: success with the ISD-P AID, or the BPP command and error reason that stopped it), the IPA's
 * profileDownloadError (SGP.32 2.11.2.3), the session cancelled by the eUICC (SGP.22 5.6.5), or the relayed
 * ES9+ step that failed with the ESipa error code the IPA was given. `outcomeItem` writes it as the
 * onomondo-eim operator API shows outcomes (`{"profileInstallationResult": {"finalResult": "successResult",
 * "iccid": "…"}}`), so that scripts written for that API read ours. No HTTP here.
 */
import { ErrorReasons, type ProfileInstallationResultData } from '../../asn1/rsp/index.ts';

export type DownloadOutcome =
  | {
      readonly kind: 'installed';
      /** The ICCID as the notification carries it (BCD, nibbles swapped), hex. */
      readonly iccid?: string;
      readonly isdpAid: string;
      /** The SM-DP+'s TransactionID of the session. */
      readonly transactionId: string;
    }
  | {
      readonly kind: 'installationFailed';
      readonly iccid?: string;
      readonly bppCommandId: number;
      readonly errorReason: number;
      readonly transactionId: string;
    }
  /** The IPA reported profileDownloadError (direct download, SGP.32 2.11.2.3). */
  | {
      readonly kind: 'downloadError';
      readonly profileDownloadErrorReason: number;
      readonly errorResponse?: string;
    }
  /** The eUICC ended the session (ES10b.CancelSession relayed to the SM-DP+). */
  | { readonly kind: 'cancelled'; readonly reason?: number; readonly transactionId: string }
  /** A relayed step failed; `code` the ESipa error the IPA was answered (SGP.32 6.3.2.x). */
  | {
      readonly kind: 'procedureError';
      readonly step: RelayedFunction;
      readonly code: string;
      readonly detail?: string;
    };

/** The ESipa functions of the indirect download the eIM relays to ES9+ (SGP.32 6.3.2.1-6.3.2.5). */
export type RelayedFunction =
  | 'initiateAuthentication'
  | 'authenticateClient'
  | 'getBoundProfilePackage'
  | 'cancelSession'
  | 'handleNotification';

/** The outcome a ProfileInstallationResultData reports. */
export function installationOutcome(data: ProfileInstallationResultData): DownloadOutcome {
  const iccid = data.notificationMetadata.iccid?.toString('hex');
  const transactionId = data.transactionId.toString('hex').toUpperCase();
  const final = data.finalResult;
  if ('successResult' in final)
    return {
      kind: 'installed',
      ...(iccid !== undefined ? { iccid } : {}),
      isdpAid: final.successResult.aid.toString('hex').toUpperCase(),
      transactionId,
    };
  return {
    kind: 'installationFailed',
    ...(iccid !== undefined ? { iccid } : {}),
    bppCommandId: final.errorResult.bppCommandId,
    errorReason: final.errorResult.errorReason,
    transactionId,
  };
}

const errorReasonName = (reason: number): string | number =>
  Object.entries(ErrorReasons).find(([, value]) => value === reason)?.[0] ?? reason;

/** The outcome as one item of an onomondo-eim `outcome` list. */
export function outcomeItem(outcome: DownloadOutcome): Record<string, unknown> {
  switch (outcome.kind) {
    case 'installed':
      return {
        // exactly onomondo-eim's {finalResult, iccid}: a strict client
        // (the osmo-ttcn3 eim suite) refuses a member more; the ISD-P AID is in listProfileInfo and the trace
        profileInstallationResult: {
          finalResult: 'successResult',
          ...(outcome.iccid !== undefined ? { iccid: outcome.iccid } : {}),
        },
      };
    case 'installationFailed':
      return {
        profileInstallationResult: {
          finalResult: 'errorResult',
          ...(outcome.iccid !== undefined ? { iccid: outcome.iccid } : {}),
          bppCommandId: outcome.bppCommandId,
          errorReason: errorReasonName(outcome.errorReason),
        },
      };
    case 'downloadError':
      return {
        profileDownloadError: {
          profileDownloadErrorReason:
            outcome.profileDownloadErrorReason === 104
              ? 'ecallActive'
              : outcome.profileDownloadErrorReason === 127
                ? 'undefinedError'
                : outcome.profileDownloadErrorReason,
          ...(outcome.errorResponse !== undefined ? { errorResponse: outcome.errorResponse } : {}),
        },
      };
    case 'cancelled':
      // onomondo-eim's item has the one member: the eUICC's reason is in the eIM's exchange trace
      return { cancelSessionResult: 'ok' };
    case 'procedureError':
      return {
        procedureError: `${outcome.step}Error`,
        [`${outcome.step}Error`]: outcome.code,
        ...(outcome.detail !== undefined ? { detail: outcome.detail } : {}),
      };
  }
}
