/**
 * The operator's side of ES2+ (SGP.22 5.3): DownloadOrder, ConfirmOrder, CancelOrder, ReleaseProfile on the
 * JSON binding. A Failed functionExecutionStatus becomes an Es2Failure carrying its subject/reason codes.
 */
import { randomUUID } from 'node:crypto';
import type { OrderLimitSettings } from '../smdp/order-limits.ts';

export class Es2Failure extends Error {
  override readonly name = 'Es2Failure';
  constructor(
    readonly functionName: string,
    readonly subjectCode: string,
    readonly reasonCode: string,
    detail: string,
  ) {
    super(`${functionName} failed: ${subjectCode}/${reasonCode} ${detail}`);
  }
}

/** Sends one JSON request to an ES2+ function and returns the parsed answer (the transport is the caller's). */
export type Es2Transport = (path: string, body: string, headers: Record<string, string>) => Promise<any>;

export class Es2Client {
  constructor(
    private readonly transport: Es2Transport,
    private readonly requesterIdentifier = 'rspsim-operator',
  ) {}

  async call(functionName: string, fields: Record<string, unknown>): Promise<Record<string, any>> {
    const body = JSON.stringify({
      header: { functionRequesterIdentifier: this.requesterIdentifier, functionCallIdentifier: randomUUID() },
      ...fields,
    });
    const answer = await this.transport(`/gsma/rsp2/es2plus/${functionName}`, body, {
      'X-Admin-Protocol': 'gsma/rsp/v2.2.0',
    });
    const status = answer?.header?.functionExecutionStatus;
    if (status?.status !== 'Executed-Success') {
      const data = status?.statusCodeData ?? {};
      throw new Es2Failure(functionName, data.subjectCode ?? '?', data.reasonCode ?? '?', data.message ?? '');
    }
    return answer;
  }

  /** DownloadOrder then ConfirmOrder: the order an end user can download with the returned matchingId. */
  async placeOrder(order: {
    iccid?: string;
    profileType?: string;
    eid?: string;
    matchingId?: string;
    confirmationCode?: string;
    releaseFlag?: boolean;
    /** Announce the order at this SM-DS (ES12 event for the EID, the matchingId as EventID). */
    smdsAddress?: string;
    /** rspsim's order limits (its ES2+ extension field `rspsimOrder`; other SM-DP+s do not know it). */
    rspsimOrder?: OrderLimitSettings;
  }): Promise<{ iccid: string; matchingId?: string; eid?: string; smdpAddress: string }> {
    const { iccid } = await this.call('downloadOrder', {
      ...(order.iccid ? { iccid: order.iccid } : {}),
      ...(order.profileType ? { profileType: order.profileType } : {}),
      ...(order.eid ? { eid: order.eid } : {}),
      ...(order.rspsimOrder ? { rspsimOrder: order.rspsimOrder } : {}),
    });
    const confirmed = await this.call('confirmOrder', {
      iccid,
      ...(order.eid ? { eid: order.eid } : {}),
      // An empty matchingId is meaningful (SGP.22 5.3.2: download by EID at the default SM-DP+).
      ...(order.matchingId !== undefined ? { matchingId: order.matchingId } : {}),
      ...(order.confirmationCode ? { confirmationCode: order.confirmationCode } : {}),
      ...(order.smdsAddress ? { smdsAddress: order.smdsAddress } : {}),
      releaseFlag: order.releaseFlag ?? true,
    });
    return {
      iccid,
      matchingId: confirmed.matchingId,
      eid: confirmed.eid,
      smdpAddress: confirmed.smdpAddress,
    };
  }
}
