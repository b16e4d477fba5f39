/**
 * One poll cycle of the IPA at one eIM (SGP.32 3.3.1, 3.5, 3.2.3; reference §8): GetEimPackage, then what
 * it brought — an eUICC Package (passed to the eUICC unchanged, result and notifications reported, what the
 * eIM acknowledged removed), an eUICC data request, or a profile download trigger, or a package the IPA cannot
 * use, reported as eimPackageResultResponseError (eim-package.ts) — and GetEimPackage again
 * until the eIM has nothing more (noEimPackageAvailable) or says why not (eimPackageError). Each package is a
 * procedure on its own HTTP connection.
 *
 * Connectivity after a profile change (step 8): with a connectivity check, it decides; without one, the
 * delivery of the result is the check (laf0rge/onomondo-ipa; the osmo-ttcn3 `ipad` suite drops that answer
 * and expects ProfileRollback, a new RetrieveNotificationsList and the result again). Either way the rollback
 * happens at most once per package and only when the eIM allowed it (rollbackFlag).
 */

import type { ApduTransport } from '../apdu/transport.ts';
import type { DeviceInfo } from '../asn1/rsp/index.ts';
import {
  type EimConfigurationData,
  type EimPackageResultErrorCodeName,
  GetEimPackageRequest,
} from '../asn1/sgp32/index.ts';
import { TransportError } from '../errors/client-errors.ts';
import type { Es9Options } from '../lpa/es9-client.ts';
import { type DownloadMode, type DownloadOutcome, runDownloadTrigger } from './download-trigger.ts';
import { packageErrorReport, readEimPackage } from './eim-package.ts';
import { type EsipaClient, EsipaError, type EsipaResponse } from './esipa-client.ts';
import { answerEuiccDataRequest } from './euicc-data.ts';
import {
  type ExecutedPackage,
  executeEuiccPackage,
  removeAcknowledged,
  rollBack,
} from './package-procedure.ts';
import type { IpaCard } from './start-up.ts';

/** Most work items in one cycle: an eIM that always has more cannot keep the IPA (and the card) forever. */
export const MAX_ITEMS_PER_CYCLE = 32;

export interface CycleOptions {
  readonly deviceInfo: DeviceInfo;
  readonly downloadMode: DownloadMode;
  readonly es9?: Es9Options;
  readonly connectivityCheck?: (enabledIccid: Buffer) => Promise<boolean>;
  /** Told to the eIM in the first GetEimPackage (notifyStateChange + stateChangeCause). */
  readonly stateChangeCause?: number;
}

/** What one work item was and what came of it. */
export type CycleItem =
  | {
      readonly kind: 'euiccPackage';
      /** The eIM's answer to the result: acknowledged seqNumbers, emptyResponse or its error. */
      readonly acknowledged: readonly number[] | 'emptyResponse' | string;
      readonly removed: readonly number[];
      readonly rolledBack: boolean;
      /** The eUICC refused the package without an EuiccPackageResult (its status word). */
      readonly refusedByEuicc?: string;
    }
  | { readonly kind: 'euiccDataRequest'; readonly answered: boolean }
  /** A package the IPA could not use, reported to the eIM (SGP.32 6.3.2.7 eimPackageResultResponseError). */
  | {
      readonly kind: 'unusablePackage';
      readonly code: EimPackageResultErrorCodeName;
      readonly detail: string;
      readonly answered: boolean;
    }
  | ({ readonly kind: 'profileDownloadTrigger' } & DownloadOutcome);

export interface CycleReport {
  readonly items: readonly CycleItem[];
  /** Why the cycle ended: noEimPackageAvailable, another eimPackageError, or the item bound. */
  readonly ended: string;
  /** A state change to tell the eIM at the next poll (an immediate enable during this cycle). */
  readonly stateChangeCause?: number;
}

export interface CycleContext {
  readonly card: IpaCard;
  readonly transport: ApduTransport;
  readonly eim: EimConfigurationData;
  readonly esipa: EsipaClient;
  readonly options: CycleOptions;
}

export async function pollCycle(context: CycleContext): Promise<CycleReport> {
  const { card, esipa, options } = context;
  const items: CycleItem[] = [];
  let stateChangeCause = options.stateChangeCause;
  let nextStateChange: number | undefined;
  try {
    for (let n = 0; n < MAX_ITEMS_PER_CYCLE; n++) {
      const retrieved = readEimPackage(
        await esipa.answer(
          'getEimPackage',
          GetEimPackageRequest.encode({
            eidValue: card.eid,
            ...(stateChangeCause !== undefined ? { notifyStateChange: null, stateChangeCause } : {}),
          }),
        ),
      );
      stateChangeCause = undefined;
      if (retrieved.kind === 'eimPackageError')
        return {
          items,
          ended: eimPackageErrorName(retrieved.code),
          ...(nextStateChange !== undefined ? { stateChangeCause: nextStateChange } : {}),
        };
      if (retrieved.kind === 'euiccPackage') {
        items.push(await runPackage(context, retrieved.der));
      } else if (retrieved.kind === 'unusable') {
        // SGP.32 6.3.2.7: the eIM learns that its package could not be used, and which one when the id was read
        const report = packageErrorReport(card.eid, retrieved.code, retrieved.eimTransactionId);
        const { value: answer } = await esipa.send('provideEimPackageResult', report);
        items.push({
          kind: 'unusablePackage',
          code: retrieved.code,
          detail: retrieved.detail,
          answered: !('provideEimPackageResultError' in answer),
        });
      } else if (retrieved.kind === 'euiccDataRequest') {
        const result = await answerEuiccDataRequest(
          { card, eim: context.eim, deviceInfo: options.deviceInfo },
          retrieved.request,
        );
        const { value: answer } = await esipa.send('provideEimPackageResult', result);
        items.push({ kind: 'euiccDataRequest', answered: !('provideEimPackageResultError' in answer) });
      } else {
        const outcome = await runDownloadTrigger(
          {
            card,
            transport: context.transport,
            esipa,
            mode: options.downloadMode,
            deviceInfo: options.deviceInfo,
            ...(options.es9 ? { es9: options.es9 } : {}),
          },
          retrieved.request,
        );
        if (outcome.stateChangeCause !== undefined) nextStateChange = outcome.stateChangeCause;
        items.push({ kind: 'profileDownloadTrigger', ...outcome });
      }
      esipa.endProcedure();
    }
    return {
      items,
      ended: `${MAX_ITEMS_PER_CYCLE} work items (the rest waits for the next cycle)`,
      ...(nextStateChange !== undefined ? { stateChangeCause: nextStateChange } : {}),
    };
  } finally {
    esipa.endProcedure();
  }
}

const eimPackageErrorName = (code: number): string =>
  ({ 1: 'noEimPackageAvailable', 2: 'eidNotFound', 3: 'invalidEid', 4: 'missingEid', 127: 'undefinedError' })[
    code
  ] ?? `eimPackageError ${code}`;

/** SGP.32 3.3.1 steps 3-17 for one eUICC Package. */
async function runPackage(context: CycleContext, requestDer: Buffer): Promise<CycleItem> {
  const { card, esipa, options } = context;
  let executed: ExecutedPackage = await executeEuiccPackage(card.iot, card.eid, requestDer, {
    ...(options.connectivityCheck ? { connectivityCheck: options.connectivityCheck } : {}),
  });
  let answer: EsipaResponse<'provideEimPackageResult'>;
  try {
    answer = (await esipa.send('provideEimPackageResult', executed.provideEimPackageResult)).value;
  } catch (error) {
    // no answer with the new profile: no connectivity (step 8), when no check was given to ask first
    const unreachable = error instanceof TransportError && !(error instanceof EsipaError);
    if (!unreachable || !executed.rollbackCandidate || executed.rolledBack || options.connectivityCheck)
      throw error;
    const rolledBack = await rollBack(card.iot, card.eid);
    if (!rolledBack) throw error;
    executed = rolledBack;
    esipa.endProcedure();
    answer = (await esipa.send('provideEimPackageResult', executed.provideEimPackageResult)).value;
  }
  const acknowledged =
    'eimAcknowledgements' in answer
      ? answer.eimAcknowledgements
      : 'emptyResponse' in answer
        ? ('emptyResponse' as const)
        : undefined;
  const removed = acknowledged ? await removeAcknowledged(card.iot, executed, acknowledged) : [];
  return {
    kind: 'euiccPackage',
    acknowledged:
      acknowledged ??
      ('provideEimPackageResultError' in answer
        ? `provideEimPackageResultError ${answer.provideEimPackageResultError}`
        : 'no acknowledgement'),
    removed,
    rolledBack: executed.rolledBack === true,
    ...(executed.refusedByEuicc !== undefined ? { refusedByEuicc: executed.refusedByEuicc } : {}),
  };
}
