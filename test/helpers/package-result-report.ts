/**
 * A scripted eIM's reading of an IPA's ProvideEimPackageResult for an eUICC Package (SGP.32 3.3.1 steps
 * 10-14), for the IPA's tests: the EID it names, the EuiccPackageResult verified against the eUICC's key and the
 * package's echoes (src/eim/package-result.ts), and the answer: the notifications' seqNumbers the IPA may remove
 * (EimAcknowledgements, 'BF53'), or emptyResponse. Our eIM's own reading, with its orders and forwarding, is
 * src/eim/esipa/provide-eim-package-result.ts; this one lived in src/eim without a caller there.
 */
import type { KeyObject } from 'node:crypto';
import {
  EuiccPackageResult,
  ProvideEimPackageResult,
  ProvideEimPackageResultResponse,
  type Sgp32PendingNotification,
} from '../../src/asn1/sgp32/index.ts';
import {
  type ExpectedEchoes,
  type PackageOutcome,
  PackageResultError,
  verifyPackageResult,
} from '../../src/eim/package-result.ts';
import { seqNumberOfNotification } from '../../src/protocol/pending-notification.ts';

export interface PackageResultReport {
  readonly outcome: PackageOutcome;
  /** The notifications the IPA sent with the result (to be forwarded to their receivers). */
  readonly notifications: readonly Sgp32PendingNotification[];
  /** The answer to the IPA: EimAcknowledgements of the notifications, or emptyResponse. */
  readonly response: Buffer;
  readonly acknowledged: readonly number[];
}

/** Reads the body of ESipa.ProvideEimPackageResult sent for the package the eIM expects an answer to. */
export function readPackageResultReport(
  body: Buffer,
  eid: string,
  euiccKey: KeyObject,
  expected: ExpectedEchoes,
): PackageResultReport {
  const { eidValue, eimPackageResult } = ProvideEimPackageResult.decode(body);
  if (eidValue && !eidValue.equals(Buffer.from(eid, 'hex')))
    throw new PackageResultError('echoMismatch', `the result names EID ${eidValue.toString('hex')}`);
  const [result, notifications]: [EuiccPackageResult | undefined, Sgp32PendingNotification[]] =
    'euiccPackageResult' in eimPackageResult
      ? [eimPackageResult.euiccPackageResult, []]
      : 'ePRAndNotifications' in eimPackageResult
        ? [
            eimPackageResult.ePRAndNotifications.euiccPackageResult,
            eimPackageResult.ePRAndNotifications.notificationList,
          ]
        : [undefined, []];
  if (!result)
    throw new PackageResultError('echoMismatch', 'the IPA answered an eUICC Package with another result');
  const outcome = verifyPackageResult(EuiccPackageResult.encode(result), euiccKey, expected);
  // The notifications only: the IPA removes the result itself (provide-eim-package-result.ts says why).
  const acknowledged = notifications.map(seqNumberOfNotification);
  const response = ProvideEimPackageResultResponse.encode(
    acknowledged.length > 0 ? { eimAcknowledgements: acknowledged } : { emptyResponse: {} },
  );
  return { outcome, notifications, response, acknowledged };
}
