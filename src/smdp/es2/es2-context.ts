/** What the ES2+ functions (SGP.22 5.3, operator → SM-DP+) work on: the profile inventory and the address. */

import { RspError } from '../../errors/rsp-error.ts';
import { isEidShaped } from '../../pki/eid.ts';
import {
  checkRequestHeader,
  type JsonBody,
  optionalStringField,
  stringField,
} from '../../rsp-server/binding/json-fields.ts';
import type { FunctionState } from '../../rsp-server/step-state.ts';
import type { SmdsEvents } from '../es12/smds-events.ts';
import { applyOrderLimits, readOrderLimitSettings } from '../order-limits.ts';
import type { OrderLimits, ProfileRecord, ProfileRepository } from '../profile-repository.ts';

export interface Es2Context {
  readonly profiles: ProfileRepository;
  /** The SM-DP+ address ConfirmOrder returns (it goes into the activation code). */
  readonly smdpAddress: string;
  /** ES12 towards SM-DSes, for orders confirmed with an smdsAddress (SGP.22 5.3.2); none: such orders are refused. */
  readonly smdsEvents?: SmdsEvents;
  /** The SM-DP+ clock, from which an order's time to live counts. */
  readonly now: () => number;
}

/**
 * rspsim's extension field `rspsimOrder` of DownloadOrder and ConfirmOrder (not SGP.22's: ES2+ has no field
 * for an order's time to live, download attempts or devices), as order limits applied over `current`.
 */
export function orderLimitsField(
  es2: Es2Context,
  body: JsonBody,
  current?: OrderLimits,
): { orderLimits: OrderLimits | undefined } | undefined {
  if (body.rspsimOrder === undefined || body.rspsimOrder === null) return undefined;
  try {
    return { orderLimits: applyOrderLimits(readOrderLimitSettings(body.rspsimOrder), es2.now(), current) };
  } catch (error) {
    throw new RspError('badInput', `rspsimOrder: ${(error as Error).message}`, 'rspsimOrder');
  }
}

/** ICCID as printed: 18 to 20 digits (19-digit ICCIDs may carry the F filler). */
export function iccidField(body: JsonBody): string {
  const iccid = stringField(body, 'iccid').toUpperCase().replace(/F$/, '');
  if (!/^\d{18,20}$/.test(iccid)) throw new RspError('badInput', 'iccid must be 18 to 20 digits', 'iccid');
  return iccid;
}

export function optionalEidField(body: JsonBody): string | undefined {
  const eid = optionalStringField(body, 'eid');
  if (eid !== undefined && !isEidShaped(eid)) throw new RspError('badInput', 'eid must be 32 digits', 'eid');
  return eid;
}

/** The inventory's profile with this ICCID (SGP.22: 8.2.1 / 3.9 when there is none). */
export async function profileByIccid(es2: Es2Context, iccid: string): Promise<ProfileRecord> {
  const profile = await es2.profiles.findByIccid(iccid);
  if (!profile) throw new RspError('iccidUnknown', iccid, iccid);
  return profile;
}

/** The step state of an ES2+ function (SGP.22 5.3), on the base of every function's (step-state.ts). */
export interface Es2State<F extends string> extends FunctionState<F> {
  readonly es2: Es2Context;
}

/** What every ES2+ function about one order reads first (SGP.22 5.3.2, 5.3.3: iccid, eid, matchingId). */
export interface OrderState<F extends string> extends Es2State<F> {
  iccid?: string;
  eid?: string;
  matchingId?: string;
  profile?: ProfileRecord;
}

export function readOrderFields(s: OrderState<string>): void {
  checkRequestHeader(s.body);
  s.iccid = iccidField(s.body);
  s.eid = optionalEidField(s.body);
  s.matchingId = optionalStringField(s.body, 'matchingId');
}
