/**
 * The limits an order sets on its downloads, as a catalogue entry or rspsim's ES2+ extension field
 * `rspsimOrder` gives them: a time to live, a maximum number of download attempts, allowed and refused
 * devices by TAC. SGP.22 defines what the SM-DP+ answers when they are exceeded (5.6.3: 8.8.5/4.10,
 * 8.8.5/6.4, 8.2.5/4.3) but no ES2+ field to set them, hence an extension, named as one.
 */
import type { OrderLimits } from './profile-repository.ts';

export interface OrderLimitSettings {
  /** Seconds from the moment the order is placed (ES2+) or first loaded (catalogue); 0: expired at once. */
  readonly timeToLiveSeconds?: number;
  readonly maxDownloadAttempts?: number;
  readonly tacAllow?: readonly string[];
  readonly tacDeny?: readonly string[];
}

const MAX_TTL_SECONDS = 10 * 366 * 24 * 3600;
const MAX_ATTEMPTS = 1000;
const MAX_TACS = 100;
/** A TAC is 8 digits (3GPP TS 23.003 6.2); fewer digits name every TAC that starts with them. */
const TAC_PREFIX = /^\d{1,8}$/;
const KEYS = new Set(['timeToLiveSeconds', 'maxDownloadAttempts', 'tacAllow', 'tacDeny']);

function wholeNumber(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}`);
  return value;
}

function tacList(value: unknown, name: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    value.length > MAX_TACS ||
    !value.every((t) => typeof t === 'string' && TAC_PREFIX.test(t))
  )
    throw new RangeError(`${name} must be a list of at most ${MAX_TACS} TACs (1 to 8 digits each)`);
  return value as string[];
}

/** Reads the settings from untrusted JSON; a RangeError names what is wrong. */
export function readOrderLimitSettings(value: unknown): OrderLimitSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new RangeError('must be an object');
  const fields = value as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !KEYS.has(key));
  if (unknown !== undefined) throw new RangeError(`unknown setting ${unknown.slice(0, 40)}`);
  const timeToLiveSeconds = wholeNumber(fields.timeToLiveSeconds, 'timeToLiveSeconds', 0, MAX_TTL_SECONDS);
  const maxDownloadAttempts = wholeNumber(fields.maxDownloadAttempts, 'maxDownloadAttempts', 1, MAX_ATTEMPTS);
  const tacAllow = tacList(fields.tacAllow, 'tacAllow');
  const tacDeny = tacList(fields.tacDeny, 'tacDeny');
  return {
    ...(timeToLiveSeconds !== undefined ? { timeToLiveSeconds } : {}),
    ...(maxDownloadAttempts !== undefined ? { maxDownloadAttempts } : {}),
    ...(tacAllow ? { tacAllow } : {}),
    ...(tacDeny ? { tacDeny } : {}),
  };
}

/**
 * The limits after applying `settings` at time `now` over the order's `current` ones (ConfirmOrder refines
 * what DownloadOrder set); undefined when there are none.
 */
export function applyOrderLimits(
  settings: OrderLimitSettings,
  now: number,
  current: OrderLimits = {},
): OrderLimits | undefined {
  const { timeToLiveSeconds, ...rest } = settings;
  const limits: OrderLimits = {
    ...current,
    ...rest,
    ...(timeToLiveSeconds !== undefined ? { expiresAt: now + timeToLiveSeconds * 1000 } : {}),
  };
  return Object.keys(limits).length > 0 ? limits : undefined;
}

/** Whether a device's TAC (8 digits) passes the order's allow and deny lists. */
export function tacAllowed(limits: OrderLimits | undefined, tac: string): boolean {
  const matches = (list: readonly string[]) => list.some((prefix) => tac.startsWith(prefix));
  if (limits?.tacDeny && matches(limits.tacDeny)) return false;
  return !limits?.tacAllow || matches(limits.tacAllow);
}
