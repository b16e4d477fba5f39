/**
 * The operator's side of ES2+ (SGP.22 5.3): DownloadOrder, ConfirmOrder, CancelOrder, ReleaseProfile on the
 * JSON binding. A Failed functionExecutionStatus becomes a FunctionFailedError carrying its subject/reason
 * codes and their name (src/errors/client-errors.ts).
 */
import { executedAnswer, type JsonObject, requestWithHeader } from '../client/function-call.ts';
import { TransportError } from '../errors/client-errors.ts';
import type { OrderLimitSettings } from '../smdp/order-limits.ts';

/** Sends one JSON request to an ES2+ function and returns the parsed answer (the transport is the caller's). */
export type Es2Transport = (path: string, body: string, headers: Record<string, string>) => Promise<unknown>;

/** A string field of an answer, checked (absent: undefined). */
function optionalString(functionName: string, answer: JsonObject, field: string): string | undefined {
  const value = answer[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new TransportError(`${functionName}: ${field} is not a string`);
  return value;
}

function requiredString(functionName: string, answer: JsonObject, field: string): string {
  const value = optionalString(functionName, answer, field);
  if (value === undefined) throw new TransportError(`${functionName}: ${field} missing`);
  return value;
}

export class Es2Client {
  constructor(
    private readonly transport: Es2Transport,
    private readonly requesterIdentifier = 'rspsim-operator',
  ) {}

  async call(functionName: string, fields: JsonObject): Promise<JsonObject> {
    const answer = await this.transport(
      `/gsma/rsp2/es2plus/${functionName}`,
      requestWithHeader(this.requesterIdentifier, fields),
      { 'X-Admin-Protocol': 'gsma/rsp/v2.2.0' },
    );
    // The transport answers only with what came back with a success HTTP status.
    return executedAnswer(functionName, 200, answer);
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
    const ordered = await this.call('downloadOrder', {
      ...(order.iccid ? { iccid: order.iccid } : {}),
      ...(order.profileType ? { profileType: order.profileType } : {}),
      ...(order.eid ? { eid: order.eid } : {}),
      ...(order.rspsimOrder ? { rspsimOrder: order.rspsimOrder } : {}),
    });
    const iccid = requiredString('downloadOrder', ordered, 'iccid');
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
      matchingId: optionalString('confirmOrder', confirmed, 'matchingId'),
      eid: optionalString('confirmOrder', confirmed, 'eid'),
      smdpAddress: requiredString('confirmOrder', confirmed, 'smdpAddress'),
    };
  }
}
