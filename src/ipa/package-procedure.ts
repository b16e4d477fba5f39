/**
 * The IPA's eUICC side of the Generic eUICC Package Download and Execution procedure (SGP.32 3.3.1): steps 3
 * to 9 (pass the package to the eUICC unchanged, read the notifications it made) and the ProvideEimPackageResult
 * body of step 10, then step 15-17 (remove what the eIM acknowledged), with the connectivity check and the one
 * ProfileRollback of step 8 where the package allowed it. The HTTP exchange with the eIM is the poll cycle's.
 * The package is never decoded before the eUICC has it: a malformed one is the eUICC's to refuse, and when it
 * refuses without an EuiccPackageResult the IPA reports eimPackageResultResponseError (eim-package.ts).
 */
import { SW } from '../apdu/status-words.ts';
import { Asn1DecodeError } from '../asn1/decode-error.ts';
import { derOfChoice, type Infer } from '../asn1/schema.ts';
import {
  type EimPackageResultErrorCodeName,
  EnableProfileResults,
  EuiccPackageRequest,
  type EuiccPackageResult,
  ProfileRollbackResults,
  ProvideEimPackageResultAsSigned,
} from '../asn1/sgp32/index.ts';
import { ApduError } from '../lpa/es10-client.ts';
import { seqNumberOfNotification } from '../protocol/pending-notification.ts';
import { packageErrorReport, packageTransactionId } from './eim-package.ts';
import type { IotEs10Client } from './es10-iot-client.ts';

/** What the IPA reports for one eUICC Package (the ProvideEimPackageResult body) and what it may remove. */
export interface ExecutedPackage {
  /** DER of ProvideEimPackageResult ('BF50'), the body of ESipa.ProvideEimPackageResult. */
  readonly provideEimPackageResult: Buffer;
  /** The seqNumbers reported: the result's (if it has one) and every notification's. */
  readonly seqNumbers: readonly number[];
  /**
   * The profile the package enabled when the eIM allowed a rollback of it (enable with rollbackFlag,
   * answered ok): the IPA may call ProfileRollback once if this profile gives no connectivity (step 8).
   */
  readonly rollbackCandidate?: Buffer;
  /** Set when the result reported is ProfileRollback's (the package was rolled back). */
  readonly rolledBack?: boolean;
  /** Set when the eUICC answered LoadEuiccPackage with no EuiccPackageResult (its status word, or why). */
  readonly refusedByEuicc?: string;
}

/**
 * The eimPackageResultErrorCode for a LoadEuiccPackage the eUICC refused without an EuiccPackageResult: wrong
 * data (SW 6A80, ETSI TS 102 221: the command data did not parse) is the package's format; any other status
 * word, or an answer that is not an EuiccPackageResult, `undefinedError`. Undefined: not a refusal (the card
 * is gone, a defect), which ends the cycle as before.
 */
function refusalCode(error: unknown): EimPackageResultErrorCodeName | undefined {
  if (error instanceof ApduError)
    return error.sw === SW.WRONG_DATA ? 'invalidPackageFormat' : 'undefinedError';
  return error instanceof Asn1DecodeError ? 'undefinedError' : undefined;
}

export interface PackageOptions {
  /**
   * SGP.32 3.3.1 step 8: after a package changed the enabled profile, does the device get connectivity with
   * it? Asked only when a rollback is allowed; false calls ProfileRollback once. None: the IPA's own check
   * is the delivery of the result to the eIM (rollBackPackage, as laf0rge/onomondo-ipa does).
   */
  readonly connectivityCheck?: (enabledIccid: Buffer) => Promise<boolean>;
}

/**
 * Steps 3-10: LoadEuiccPackage with the eIM's bytes, the connectivity check and ProfileRollback where the
 * package allowed it, then the notifications the package made, as the v1.2 ProvideEimPackageResult
 * `{ eidValue, ePRAndNotifications { EPR, notificationList } }` (the EPR alone when there is none). The EPR and
 * each notification are passed on as the eUICC made them, byte for byte.
 */
export async function executeEuiccPackage(
  client: IotEs10Client,
  eid: Buffer,
  euiccPackageRequestDer: Buffer,
  options: PackageOptions = {},
): Promise<ExecutedPackage> {
  let euiccPackageResult: EuiccPackageResult;
  try {
    ({ value: euiccPackageResult } = await client.loadEuiccPackage(euiccPackageRequestDer));
  } catch (error) {
    const code = refusalCode(error);
    if (!code) throw error;
    // no EuiccPackageResult to pass on: the IPA says what happened itself (SGP.32 6.3.2.7)
    const eimTransactionId = packageTransactionId(euiccPackageRequestDer);
    return {
      provideEimPackageResult: packageErrorReport(eid, code, eimTransactionId),
      seqNumbers: [],
      refusedByEuicc: error instanceof Error ? error.message : String(error),
    };
  }
  const rollbackCandidate = rollbackCandidateOf(euiccPackageRequestDer, euiccPackageResult);
  if (
    rollbackCandidate &&
    options.connectivityCheck &&
    !(await options.connectivityCheck(rollbackCandidate))
  ) {
    const rolledBack = await rollBack(client, eid);
    if (rolledBack) return rolledBack;
  }
  return {
    ...(await reportPackageResult(client, eid, euiccPackageResult)),
    ...(rollbackCandidate ? { rollbackCandidate } : {}),
  };
}

/**
 * ES10b.ProfileRollback (SGP.32 5.9.16) after a package whose enabled profile gives no connectivity, and the
 * report of its EuiccPackageResult in place of the package's; undefined when the eUICC refused the rollback
 * (the package's own result stands).
 */
export async function rollBack(client: IotEs10Client, eid: Buffer): Promise<ExecutedPackage | undefined> {
  const { value } = await client.profileRollback();
  if (value.cmdResult !== ProfileRollbackResults.ok || value.eUICCPackageResult === undefined)
    return undefined;
  return { ...(await reportPackageResult(client, eid, value.eUICCPackageResult)), rolledBack: true };
}

/** Step 9-10: the notifications after a result, and the ProvideEimPackageResult reporting both. */
async function reportPackageResult(
  client: IotEs10Client,
  eid: Buffer,
  euiccPackageResult: EuiccPackageResult,
): Promise<ExecutedPackage> {
  const listed = (await client.retrieveNotifications()).value;
  const notifications = 'notificationList' in listed ? listed.notificationList : [];
  const resultSeqNumber =
    'euiccPackageResultSigned' in euiccPackageResult
      ? euiccPackageResult.euiccPackageResultSigned.euiccPackageResultDataSigned.seqNumber
      : undefined;
  // the eUICC's own bytes (SGP.32 3.3.1): its signatures cover them, not a re-encoding of what we decoded
  const eprDer = derOfChoice(euiccPackageResult);
  const eimPackageResult: Infer<typeof ProvideEimPackageResultAsSigned>['eimPackageResult'] =
    notifications.length > 0
      ? {
          ePRAndNotifications: {
            euiccPackageResult: eprDer,
            notificationList: notifications.map(derOfChoice),
          },
        }
      : { euiccPackageResult: eprDer };
  const seqNumbers = [resultSeqNumber, ...notifications.map(seqNumberOfNotification)].filter(
    (seqNumber): seqNumber is number => seqNumber !== undefined,
  );
  return {
    provideEimPackageResult: ProvideEimPackageResultAsSigned.encode({ eidValue: eid, eimPackageResult }),
    seqNumbers,
  };
}

/**
 * The ICCID an executed package enabled with `rollbackFlag` (SGP.32 2.11.1.1.1: the eIM allows the IPA a
 * rollback), when its result says that enable was done; otherwise undefined.
 */
function rollbackCandidateOf(requestDer: Buffer, result: EuiccPackageResult): Buffer | undefined {
  if (!('euiccPackageResultSigned' in result)) return undefined;
  let request: EuiccPackageRequest;
  try {
    request = EuiccPackageRequest.decode(requestDer);
  } catch (error) {
    // executed by the eUICC, yet outside our declaration: no rollback the IPA can tell is allowed
    if (!(error instanceof Asn1DecodeError)) throw error;
    return undefined;
  }
  const { euiccPackage } = request.euiccPackageSigned;
  if (!('psmoList' in euiccPackage)) return undefined;
  const results = result.euiccPackageResultSigned.euiccPackageResultDataSigned.euiccResult;
  // results come in the order of the PSMOs (the eUICC stops at the first that fails)
  let candidate: Buffer | undefined;
  euiccPackage.psmoList.forEach((psmo, index) => {
    const outcome = results[index];
    if ('enable' in psmo && outcome && 'enableResult' in outcome) {
      const enabled = outcome.enableResult === EnableProfileResults.ok;
      candidate = enabled && psmo.enable.rollbackFlag !== undefined ? psmo.enable.iccid : undefined;
    }
  });
  return candidate;
}

/**
 * Steps 15-17: remove the package result, which the eIM took, and the notifications it acknowledged (its
 * EimAcknowledgements; none when it answered emptyResponse: those stay for HandleNotification). An eIM that also
 * acknowledges the package result's own seqNumber gets it removed once.
 */
export async function removeAcknowledged(
  client: IotEs10Client,
  executed: ExecutedPackage,
  acknowledged: readonly number[] | 'emptyResponse',
): Promise<number[]> {
  const wanted = [
    ...new Set([
      ...executed.seqNumbers.slice(0, 1),
      ...(acknowledged === 'emptyResponse' ? [] : acknowledged),
    ]),
  ];
  const removed: number[] = [];
  for (const seqNumber of wanted) {
    if ((await client.removeNotificationFromList(seqNumber)) === 0) removed.push(seqNumber);
  }
  return removed;
}
