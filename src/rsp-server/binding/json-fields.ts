/**
 * Reading the fields of a JSON binding request (SGP.22 6.5.1), for ES9+, ES11, ES2+ and ES12 alike: each
 * field missing, of the wrong type, not base64 or not the declared DER type becomes the SGP.22 error for
 * invalid input, naming the field.
 */
import { Asn1DecodeError } from '../../asn1/decode-error.ts';
import type { Schema } from '../../asn1/schema.ts';
import { RspError } from '../../errors/rsp-error.ts';

export type JsonBody = Record<string, unknown>;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX = /^(?:[0-9A-Fa-f]{2}){1,16}$/;

export function requestBody(body: unknown): JsonBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RspError('badInput', 'the request body is not a JSON object');
  }
  return body as JsonBody;
}

export function stringField(body: JsonBody, name: string): string {
  const value = body[name];
  if (value === undefined || value === null) throw new RspError('missingInput', `${name} missing`, name);
  if (typeof value !== 'string') throw new RspError('badInput', `${name} is not a string`, name);
  return value;
}

export function base64Field(body: JsonBody, name: string): Buffer {
  const value = stringField(body, name);
  if (!BASE64.test(value)) throw new RspError('badInput', `${name} is not base64`, name);
  return Buffer.from(value, 'base64');
}

/** A base64 field holding one DER value of the given declared type. */
export function derField<T>(body: JsonBody, name: string, schema: Schema<T>): { value: T; der: Buffer } {
  const der = base64Field(body, name);
  try {
    return { value: schema.decode(der), der };
  } catch (error) {
    if (error instanceof Asn1DecodeError)
      throw new RspError('badInput', `${name}: ${error.message}`, name, { cause: error });
    throw error;
  }
}

/** transactionId travels as hex text in the JSON binding (SGP.22 6.5.2): 1 to 16 bytes. */
export const isTransactionIdText = (value: unknown): value is string =>
  typeof value === 'string' && HEX.test(value);

export function transactionIdField(body: JsonBody): string {
  const value = stringField(body, 'transactionId');
  if (!isTransactionIdText(value))
    throw new RspError('badInput', 'transactionId is not 1 to 16 bytes of hex', 'transactionId');
  return value.toUpperCase();
}

/** An optional string field: absent or null is undefined, anything but a string is invalid input. */
export function optionalStringField(body: JsonBody, name: string): string | undefined {
  return body[name] === undefined || body[name] === null ? undefined : stringField(body, name);
}

export function booleanField(body: JsonBody, name: string): boolean {
  const value = body[name];
  if (value === undefined || value === null) throw new RspError('missingInput', `${name} missing`, name);
  if (typeof value !== 'boolean') throw new RspError('badInput', `${name} is not true or false`, name);
  return value;
}

/** SGP.22 6.5.2: every ES2+ and ES12 request carries a header naming the caller and the call. */
export function checkRequestHeader(body: JsonBody): void {
  const header = body.header;
  if (typeof header !== 'object' || header === null)
    throw new RspError('missingInput', 'header missing', 'header');
  stringField(header as JsonBody, 'functionRequesterIdentifier');
  stringField(header as JsonBody, 'functionCallIdentifier');
}
