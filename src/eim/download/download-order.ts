/**
 * A profile download order the eIM's operator queues for one eUICC (SGP.32 3.2: the eIM triggers a download
 * with a ProfileDownloadTriggerRequest, 2.11.1.3), in the form of the onomondo-eim operator API's `download`
 * facility — `{"activationCode": "LPA:1$host$ID"}` — widened to the two other ProfileDownloadData alternatives
 * of SGP.32 v1.2: `{"contactDefaultSmdp": {}}` and `{"contactSmds": {"smdsAddress": "…"}}`. Parsing gives a
 * one-line message for every bad input; no HTTP here.
 */

import { type ActivationCode, ActivationCodeError, parseActivationCode } from '../../lpa/activation-code.ts';
import { isServerAddress } from '../../rsp-server/server-address.ts';

export type DownloadOrder =
  | { readonly activationCode: string }
  | { readonly contactDefaultSmdp: Readonly<Record<string, never>> }
  | { readonly contactSmds: { readonly smdsAddress?: string } };

/** Why an order cannot be queued; its message is one line for the operator. */
export class DownloadOrderError extends Error {
  override readonly name = 'DownloadOrderError';
}

/** ProfileDownloadData's activationCode is UTF8String (SIZE(0..255)) (SGP.32 2.11.1.3). */
const MAX_ACTIVATION_CODE = 255;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads an order from the operator's JSON (the value of `"download"`). */
export function parseDownloadOrder(value: unknown): DownloadOrder {
  if (!isRecord(value) || Object.keys(value).length !== 1)
    throw new DownloadOrderError(
      'a download order is one of {"activationCode": "…"}, {"contactDefaultSmdp": {}}, {"contactSmds": {…}}',
    );
  if ('activationCode' in value) {
    const code = value.activationCode;
    if (typeof code !== 'string') throw new DownloadOrderError('activationCode must be a string');
    activationCodeOf({ activationCode: code });
    return { activationCode: code };
  }
  if ('contactDefaultSmdp' in value) {
    const flag = value.contactDefaultSmdp;
    // onomondo-style scripts may send true; SGP.32's NULL has no value to carry.
    if (flag !== true && flag !== null && !(isRecord(flag) && Object.keys(flag).length === 0))
      throw new DownloadOrderError('contactDefaultSmdp takes {} (it carries no value)');
    return { contactDefaultSmdp: {} };
  }
  if ('contactSmds' in value) {
    const smds = value.contactSmds;
    if (!isRecord(smds)) throw new DownloadOrderError('contactSmds must be an object');
    const extra = Object.keys(smds).filter((key) => key !== 'smdsAddress');
    if (extra.length > 0) throw new DownloadOrderError(`contactSmds has an unknown field "${extra[0]}"`);
    const { smdsAddress } = smds;
    if (smdsAddress === undefined) return { contactSmds: {} };
    if (typeof smdsAddress !== 'string' || !isServerAddress(smdsAddress))
      throw new DownloadOrderError('contactSmds.smdsAddress must be an SM-DS address (host or host:port)');
    return { contactSmds: { smdsAddress } };
  }
  throw new DownloadOrderError(`unknown download order "${Object.keys(value)[0]}"`);
}

/** The parsed activation code of an order that has one; its errors as DownloadOrderError. */
export function activationCodeOf(order: DownloadOrder): ActivationCode | undefined {
  if (!('activationCode' in order)) return undefined;
  if (Buffer.byteLength(order.activationCode, 'utf8') > MAX_ACTIVATION_CODE)
    throw new DownloadOrderError(`activationCode longer than ${MAX_ACTIVATION_CODE} bytes`);
  try {
    return parseActivationCode(order.activationCode);
  } catch (error) {
    if (error instanceof ActivationCodeError) throw new DownloadOrderError(error.message);
    throw error;
  }
}
