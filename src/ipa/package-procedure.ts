/**
 * The IPA's eUICC side of the Generic eUICC Package Download and Execution procedure (SGP.32 3.3.1): steps 3
 * to 9 (pass the package to the eUICC unchanged, read the notifications it made) and the ProvideEimPackageResult
 * body of step 10, then step 15-17 (remove what the eIM acknowledged). The HTTP exchange with the eIM is the
 * IPA loop's; the connectivity check and ProfileRollback between steps 8 and 9 are its too.
 */
import { type EimPackageResult, ProvideEimPackageResult } from '../asn1/sgp32/index.ts';
import { seqNumberOfNotification } from '../protocol/pending-notification.ts';
import type { IotEs10Client } from './es10-iot-client.ts';

/** What the IPA reports for one eUICC Package (the ProvideEimPackageResult body) and what it may remove. */
export interface ExecutedPackage {
  /** DER of ProvideEimPackageResult ('BF50'), the body of ESipa.ProvideEimPackageResult. */
  readonly provideEimPackageResult: Buffer;
  /** The seqNumbers reported: the result's (if it has one) and every notification's. */
  readonly seqNumbers: readonly number[];
}

/**
 * Steps 3-10: LoadEuiccPackage with the eIM's bytes, then the notifications the package made, as the v1.2
 * ProvideEimPackageResult `{ eidValue, ePRAndNotifications { EPR, notificationList } }` (the EPR alone when
 * there is none). The EPR is passed on as the eUICC made it.
 */
export async function executeEuiccPackage(
  client: IotEs10Client,
  eid: Buffer,
  euiccPackageRequestDer: Buffer,
): Promise<ExecutedPackage> {
  const { value: euiccPackageResult } = await client.loadEuiccPackage(euiccPackageRequestDer);
  const listed = (await client.retrieveNotifications()).value;
  const notifications = 'notificationList' in listed ? listed.notificationList : [];
  const resultSeqNumber =
    'euiccPackageResultSigned' in euiccPackageResult
      ? euiccPackageResult.euiccPackageResultSigned.euiccPackageResultDataSigned.seqNumber
      : undefined;
  const eimPackageResult: EimPackageResult =
    notifications.length > 0
      ? { ePRAndNotifications: { euiccPackageResult, notificationList: notifications } }
      : { euiccPackageResult };
  const seqNumbers = [resultSeqNumber, ...notifications.map(seqNumberOfNotification)].filter(
    (seqNumber): seqNumber is number => seqNumber !== undefined,
  );
  return {
    provideEimPackageResult: ProvideEimPackageResult.encode({ eidValue: eid, eimPackageResult }),
    seqNumbers,
  };
}

/**
 * Steps 15-17: remove the package result and the notifications the eIM acknowledged (its EimAcknowledgements),
 * or, when it answered emptyResponse, the package result alone (the notifications stay for HandleNotification).
 */
export async function removeAcknowledged(
  client: IotEs10Client,
  executed: ExecutedPackage,
  acknowledged: readonly number[] | 'emptyResponse',
): Promise<number[]> {
  const wanted = acknowledged === 'emptyResponse' ? executed.seqNumbers.slice(0, 1) : acknowledged;
  const removed: number[] = [];
  for (const seqNumber of wanted) {
    if ((await client.removeNotificationFromList(seqNumber)) === 0) removed.push(seqNumber);
  }
  return removed;
}
