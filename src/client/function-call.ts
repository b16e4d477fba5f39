/**
 * Calling a function of a JSON binding (SGP.22 6.5): the request header ES2+ and ES12 carry (6.5.1.3), and
 * the answer's functionExecutionStatus (6.5.1.2) read once for every client: Failed or Expired is a
 * FunctionFailedError with the status codes, an answer outside the binding a TransportError.
 */
import { randomUUID } from 'node:crypto';
import { FunctionFailedError, TransportError } from '../errors/client-errors.ts';
import { didNotExecute, executionStatusOf } from '../protocol/function-execution-status.ts';

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The request's JSON text: the header naming the caller and this call (SGP.22 6.5.1.3), then the fields. */
export function requestWithHeader(requesterIdentifier: string, fields: JsonObject): string {
  return JSON.stringify({
    header: { functionRequesterIdentifier: requesterIdentifier, functionCallIdentifier: randomUUID() },
    ...fields,
  });
}

/** The answer's JSON value; text that is not JSON is a TransportError. */
export function parseAnswer(label: string, status: number, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new TransportError(`${label}: HTTP ${status} with a body that is not JSON`);
  }
}

/** The answer of an executed function (SGP.22 6.5.1.2); its refusal a FunctionFailedError. */
export function executedAnswer(functionName: string, status: number, answer: unknown): JsonObject {
  const execution = executionStatusOf(answer);
  if (didNotExecute(execution)) {
    const data = execution?.statusCodeData;
    throw new FunctionFailedError(
      functionName,
      data?.subjectCode ?? '?',
      data?.reasonCode ?? '?',
      data?.message ?? execution?.status ?? '',
    );
  }
  if (status < 200 || status > 299) throw new TransportError(`${functionName}: HTTP ${status}`);
  if (!execution || !isObject(answer))
    throw new TransportError(`${functionName}: HTTP ${status} without functionExecutionStatus`);
  return answer;
}
