/**
 * ESipa.ProvideEimPackageResult (SGP.32 6.3.2.7, 3.3.1 steps 10-14): the IPA reports what came of an order it
 * got by GetEimPackage. The result names its order by the eimTransactionId it echoes (else the EID's oldest order
 * in work); an EuiccPackageResult is verified with the eUICC's certificate over DER(signed part) ‖ association
 * token and its eimId / counterValue / eimTransactionId checked against the package sent; a data request's
 * IpaEuiccData is recorded, and the eUICC's certificates in it learnt once their chain verifies. The order is
 * done with its outcome; the answer acknowledges every notification delivered to its receiver
 * (EimAcknowledgements 'BF53'), else it is `emptyResponse` (`BF50 02 30 00`). The package result's own seqNumber
 * is not acknowledged: the IPA removes it once the eIM took the result (SGP.32 3.3.1 steps 15-17 as onomondo-ipa
 * runs them, which removes it first and then each acknowledged one, so an acknowledged result would be removed
 * twice); onomondo-eim and the osmo-ttcn3 `eim` suite answer / expect emptyResponse for a result alone.
 */
import { X509Certificate } from 'node:crypto';
import { derOf, type Infer } from '../../asn1/schema.ts';
import type {
  EimPackageResult,
  EuiccPackageResult,
  IpaEuiccDataResponse,
  ProvideEimPackageResultResponse,
  Sgp32PendingNotification,
} from '../../asn1/sgp32/index.ts';
import { encodeTlv } from '../../asn1/tlv.ts';
import { seqNumberOfNotification } from '../../protocol/pending-notification.ts';
import { outcomeItem } from '../download/download-outcome.ts';
import { handleNotificationEsipa } from '../download/notification-relay.ts';
import { readTriggerResult, TriggerResultError } from '../download/trigger-result.ts';
import type { EimOrder, JsonValue } from '../eim-repository.ts';
import { checkEuiccCertificates, EuiccCertificateError } from '../orders/euicc-certificates.ts';
import {
  bounded,
  dataResponseOutcome,
  packageErrorOutcome,
  packageOutcomeItems,
  procedureError,
} from '../orders/outcome.ts';
import type { SentPackage } from '../orders/prepare-order.ts';
import { PackageResultError, SIGNATURE_UNCHECKED, verifyPackageResult } from '../package-result.ts';
import type { EimContext } from '../server/context.ts';
import type { EsipaCall, EsipaHandler } from './esipa-function.ts';
import { eidText } from './get-eim-package.ts';

type Answer = Infer<typeof ProvideEimPackageResultResponse>;
const errorAnswer = (code: 2 | 3 | 4 | 127): Answer => ({ provideEimPackageResultError: code });

/** The eimTransactionId a result echoes, whichever form it takes. */
function echoedTransactionId(result: EimPackageResult): Buffer | undefined {
  const epr = (r: EuiccPackageResult) =>
    'euiccPackageResultSigned' in r
      ? r.euiccPackageResultSigned.euiccPackageResultDataSigned.eimTransactionId
      : 'euiccPackageErrorSigned' in r
        ? r.euiccPackageErrorSigned.euiccPackageErrorDataSigned.eimTransactionId
        : r.euiccPackageErrorUnsigned.eimTransactionId;
  if ('euiccPackageResult' in result) return epr(result.euiccPackageResult);
  if ('ePRAndNotifications' in result) return epr(result.ePRAndNotifications.euiccPackageResult);
  if ('ipaEuiccDataResponse' in result) {
    const response = result.ipaEuiccDataResponse;
    return 'ipaEuiccData' in response
      ? response.ipaEuiccData.eimTransactionId
      : response.ipaEuiccDataResponseError.eimTransactionId;
  }
  if ('profileDownloadTriggerResult' in result) return result.profileDownloadTriggerResult.eimTransactionId;
  return result.eimPackageResultResponseError.eimTransactionId;
}

/** The order a result answers: by its echoed eimTransactionId, else the EID's oldest order in work. */
async function orderAnswered(eim: EimContext, eid: string | undefined, echoed: Buffer | undefined) {
  const byId = echoed ? await eim.repository.inWorkByTransactionId(echoed.toString('hex')) : undefined;
  return byId ?? (eid ? await eim.repository.oldestInWork(eid) : undefined);
}

/**
 * Delivers each notification to its receiver, as ESipa HandleNotification would (`BF3D { A0 { … } }`, relayed
 * by src/eim/download/ with the notification's bytes as the eUICC signed them); the seqNumbers delivered.
 */
async function forwarded(
  eim: EimContext,
  eid: string,
  notifications: readonly Sgp32PendingNotification[],
  log: EsipaCall['log'],
): Promise<number[]> {
  const download = eim.download;
  if (!download) return [];
  const delivered: number[] = [];
  for (const notification of notifications) {
    const seqNumber = seqNumberOfNotification(notification);
    const signed = Object.values(notification)[0];
    if (typeof signed !== 'object' || signed === null) continue;
    const body = encodeTlv(0xbf3d, encodeTlv(0xa0, derOf(signed)));
    try {
      const handled = await handleNotificationEsipa(
        body,
        download.relay,
        download.connect,
        undefined,
        download.receivers,
      );
      if (handled.kind === 'delivered') delivered.push(seqNumber);
      else log.warn({ eid, seqNumber, handled: handled.kind }, 'a notification was not delivered');
    } catch (error) {
      log.warn({ eid, seqNumber, err: error }, 'a notification could not be delivered');
    }
  }
  return delivered;
}

/** A package result: verified, its echoes checked; the order's outcome. */
async function packageResult(
  eim: EimContext,
  order: EimOrder,
  result: EuiccPackageResult,
): Promise<readonly JsonValue[]> {
  const euicc = await eim.repository.euicc(order.eid);
  const sent = (order.sent ?? {}) as Partial<SentPackage>;
  const key = eim.config.consumerEuicc
    ? SIGNATURE_UNCHECKED
    : euicc?.euiccCertificate
      ? new X509Certificate(euicc.euiccCertificate).publicKey
      : undefined;
  try {
    const outcome = verifyPackageResult(result, key, {
      eimId: eim.identity.eimId,
      counterValue: sent.counterValue ?? -1,
      ...(order.eimTransactionId ? { eimTransactionId: Buffer.from(order.eimTransactionId, 'hex') } : {}),
      ...(typeof sent.associationToken === 'number' ? { associationToken: sent.associationToken } : {}),
    });
    return packageOutcomeItems(outcome);
  } catch (error) {
    if (!(error instanceof PackageResultError)) throw error;
    eim.log.warn({ eid: order.eid, order: order.id, detail: error.message }, 'eUICC package result refused');
    return [procedureError(error.reason)];
  }
}

/** A data request's answer: recorded, and the eUICC's certificates and association token learnt from it. */
async function dataResult(eim: EimContext, order: EimOrder, response: IpaEuiccDataResponse) {
  const outcome: JsonValue[] = [...dataResponseOutcome(response)];
  if (!('ipaEuiccData' in response)) return outcome;
  const data = response.ipaEuiccData;
  const { euiccCertificate, eumCertificate } = data;
  if (euiccCertificate && eumCertificate) {
    try {
      checkEuiccCertificates(eim, order.eid, { euiccCertificate, eumCertificate });
      await eim.repository.updateEuicc(order.eid, { euiccCertificate, eumCertificate }, eim.now());
    } catch (error) {
      if (!(error instanceof EuiccCertificateError)) throw error;
      // The eUICC's data stays its order's outcome as onomondo-eim records it; that the eIM did not take the
      // certificates is the eIM's own affair (its log, its admin page's "knows CERT.EUICC").
      eim.log.warn(
        { eid: order.eid, order: order.id, detail: error.message },
        "the data request's certificates are not taken",
      );
    }
  }
  if (data.associationToken !== undefined && data.associationToken >= 0)
    await eim.repository.updateEuicc(order.eid, { associationToken: data.associationToken }, eim.now());
  return outcome;
}

/** A download trigger's result (a direct download, SGP.32 3.2.3.1), read by src/eim/download/. */
async function triggerResult(eim: EimContext, order: EimOrder, result: EimPackageResult): Promise<JsonValue> {
  const euicc = await eim.repository.euicc(order.eid);
  try {
    const outcome = readTriggerResult(result, {
      eimTransactionId: Buffer.from(order.eimTransactionId ?? '', 'hex'),
      ...(euicc?.euiccCertificate ? { euiccKey: new X509Certificate(euicc.euiccCertificate).publicKey } : {}),
    });
    return outcomeItem(outcome) as JsonValue;
  } catch (error) {
    if (!(error instanceof TriggerResultError)) throw error;
    return procedureError(error.reason);
  }
}

export function provideEimPackageResult(eim: EimContext): EsipaHandler<'provideEimPackageResult'> {
  return async (request, call) => {
    const { eimPackageResult } = request;
    const named = request.eidValue ? eidText(request.eidValue) : undefined;
    const echoed = echoedTransactionId(eimPackageResult);
    const order = await orderAnswered(eim, named, echoed);
    const answer = (response: Answer) => ({ provideEimPackageResultResponse: response });
    if (!order) {
      call.log.warn({ eid: named, echoed: echoed?.toString('hex') }, 'a result for no order in work');
      if (!named) return answer(errorAnswer(4));
      return answer(errorAnswer((await eim.repository.euicc(named)) ? 127 : 2));
    }
    if (named && named !== order.eid) return answer(errorAnswer(3));
    if (echoed && order.eimTransactionId && echoed.toString('hex') !== order.eimTransactionId) {
      // found as the EID's oldest order in work, yet it echoes another transaction
      await finish(eim, order, [procedureError('echoMismatch')], call);
      return answer({ emptyResponse: {} });
    }
    let outcome: readonly JsonValue[];
    const acknowledged: number[] = [];
    if ('euiccPackageResult' in eimPackageResult || 'ePRAndNotifications' in eimPackageResult) {
      const [result, notifications] =
        'euiccPackageResult' in eimPackageResult
          ? [eimPackageResult.euiccPackageResult, []]
          : [
              eimPackageResult.ePRAndNotifications.euiccPackageResult,
              eimPackageResult.ePRAndNotifications.notificationList,
            ];
      outcome = await packageResult(eim, order, result);
      acknowledged.push(...(await forwarded(eim, order.eid, notifications, call.log)));
    } else if ('ipaEuiccDataResponse' in eimPackageResult) {
      outcome = await dataResult(eim, order, eimPackageResult.ipaEuiccDataResponse);
    } else if ('profileDownloadTriggerResult' in eimPackageResult) {
      outcome = [await triggerResult(eim, order, eimPackageResult)];
    } else {
      outcome = [
        packageErrorOutcome(eimPackageResult.eimPackageResultResponseError.eimPackageResultErrorCode),
      ];
    }
    await finish(eim, order, outcome, call);
    return answer(acknowledged.length > 0 ? { eimAcknowledgements: acknowledged } : { emptyResponse: {} });
  };
}

async function finish(eim: EimContext, order: EimOrder, outcome: readonly JsonValue[], call: EsipaCall) {
  const debugInfo = call.der.length * 2 <= eim.config.maxResultBytes ? call.der.toString('hex') : undefined;
  await eim.repository.finish(order.id, bounded(outcome, eim.config.maxResultBytes), debugInfo, eim.now());
  call.log.info({ eid: order.eid, order: order.id, facility: order.facility }, 'eIM order done');
}
