/**
 * Reading the operator's JSON orders (onomondo-eim's resource schema): each reader names the field it
 * expected, so a wrong order is refused at create with one line, never later when the IPA polls.
 */
import type { JsonValue } from '../eim-repository.ts';
import { OrderError } from './order-error.ts';

export type JsonObject = { readonly [key: string]: JsonValue };

export const isObject = (value: JsonValue | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function objectAt(value: JsonValue | undefined, where: string): JsonObject {
  if (!isObject(value)) throw new OrderError(`${where} must be a JSON object`);
  return value;
}

export function listAt(value: JsonValue | undefined, where: string, max: number): readonly JsonValue[] {
  if (!Array.isArray(value)) throw new OrderError(`${where} must be a list`);
  if (value.length === 0) throw new OrderError(`${where} is empty`);
  if (value.length > max)
    throw new OrderError(`${where} has ${value.length} items, at most ${max} are taken`);
  return value;
}

/** The one key of `{ key: value }` (an item of a PSMO/eCO list, an order), among `names`. */
export function singleKey<K extends string>(
  value: JsonValue | undefined,
  where: string,
  names: readonly K[],
): [K, JsonValue] {
  const object = objectAt(value, where);
  const keys = Object.keys(object);
  const [key] = keys;
  if (keys.length !== 1 || key === undefined || !(names as readonly string[]).includes(key))
    throw new OrderError(`${where} must be one of ${names.map((n) => `{"${n}": …}`).join(', ')}`);
  return [key as K, object[key] ?? null];
}

/** Hexadecimal digits (either case) of `min` to `max` bytes. */
export function hexAt(object: JsonObject, name: string, where: string, min: number, max: number): Buffer {
  const value = object[name];
  if (typeof value !== 'string' || !/^(?:[0-9A-Fa-f]{2})+$/.test(value))
    throw new OrderError(`${where}.${name} must be hexadecimal digits`);
  const bytes = Buffer.from(value, 'hex');
  if (bytes.length < min || bytes.length > max)
    throw new OrderError(`${where}.${name} must be ${min === max ? min : `${min} to ${max}`} bytes`);
  return bytes;
}

export function optionalHexAt(
  object: JsonObject,
  name: string,
  where: string,
  min: number,
  max: number,
): Buffer | undefined {
  return object[name] === undefined ? undefined : hexAt(object, name, where, min, max);
}

export function textAt(object: JsonObject, name: string, where: string, max: number): string {
  const value = object[name];
  if (typeof value !== 'string' || value.length === 0 || Buffer.byteLength(value) > max)
    throw new OrderError(`${where}.${name} must be text of 1 to ${max} bytes`);
  return value;
}

export function optionalTextAt(
  object: JsonObject,
  name: string,
  where: string,
  max: number,
): string | undefined {
  return object[name] === undefined ? undefined : textAt(object, name, where, max);
}

export function flagAt(object: JsonObject, name: string, where: string): boolean | undefined {
  const value = object[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new OrderError(`${where}.${name} must be true or false`);
  return value;
}

export function wholeNumberAt(
  object: JsonObject,
  name: string,
  where: string,
  min: number,
  max: number,
): number {
  const value = object[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new OrderError(`${where}.${name} must be a whole number from ${min} to ${max}`);
  return value;
}

/** Refuses members the order does not know (a misspelt "rollbak" must not be ignored silently). */
export function onlyKeys(object: JsonObject, where: string, known: readonly string[]): void {
  const unknown = Object.keys(object).find((key) => !known.includes(key));
  if (unknown !== undefined)
    throw new OrderError(`${where} has "${unknown}", which is not one of ${known.join(', ') || '(none)'}`);
}
