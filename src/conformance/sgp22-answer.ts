/**
 * Reading an SM-DP+'s answer the way SGP.22 6.5 (JSON binding) defines it: HTTP 200 with
 * header.functionExecutionStatus, Executed-Success or Failed with statusCodeData; 204 for handleNotification.
 * Checks compare exact subjectCode/reasonCode strings ("3.10" is not "3.1").
 */
import { isObject } from '../client/function-call.ts';
import { type StatusCodeName, StatusCodes } from '../errors/status-codes.ts';
import { executionStatusOf } from '../protocol/function-execution-status.ts';
import type { JsonAnswer } from './exchange.ts';
import { CheckFailed } from './verdict.ts';

/** One line saying what the DUT answered. */
export function describeAnswer(answer: JsonAnswer): string {
  if (answer.transportError)
    return `${answer.transportError}${answer.status ? ` (HTTP ${answer.status})` : ''}`;
  if (answer.status === 204) return 'HTTP 204';
  if (answer.status !== 200) return `HTTP ${answer.status}`;
  const status = executionStatusOf(answer.body);
  if (!status) return 'HTTP 200 without functionExecutionStatus';
  if (status.status === 'Failed' || status.status === 'Expired') {
    const data = status.statusCodeData;
    return `${status.status} ${data?.subjectCode ?? '?'}/${data?.reasonCode ?? '?'}`;
  }
  return status.status;
}

/** A field of the answer's JSON object (undefined when the body is not an object or lacks it). */
export const answerField = (answer: JsonAnswer, field: string): unknown =>
  isObject(answer.body) ? answer.body[field] : undefined;

const describeCode = (name: StatusCodeName) => {
  const { subjectCode, reasonCode } = StatusCodes[name];
  return `Failed ${subjectCode}/${reasonCode}`;
};

/** The function must have succeeded (HTTP 200, Executed-Success). */
export function expectSuccess(functionName: string, answer: JsonAnswer): void {
  const observed = describeAnswer(answer);
  if (observed !== 'Executed-Success') throw new CheckFailed(functionName, 'Executed-Success', observed);
}

/** The function must have failed with exactly this status code (a name of the table, or the codes). */
export function expectStatusCode(
  functionName: string,
  answer: JsonAnswer,
  code: StatusCodeName | { subjectCode: string; reasonCode: string; name: string },
): void {
  const expected =
    typeof code === 'string'
      ? `${describeCode(code)} (${code})`
      : `Failed ${code.subjectCode}/${code.reasonCode} (${code.name})`;
  const observed = describeAnswer(answer);
  if (!expected.startsWith(`${observed} (`)) throw new CheckFailed(functionName, expected, observed);
}

/** handleNotification: SGP.22 6.5.2.4 answers 204 No Content. */
export function expectNoContent(functionName: string, answer: JsonAnswer): void {
  const observed = describeAnswer(answer);
  if (observed !== 'HTTP 204') throw new CheckFailed(functionName, 'HTTP 204 (no content)', observed);
}

/** A base64 field of a successful answer, decoded. */
export function base64Field(functionName: string, answer: JsonAnswer, field: string): Buffer {
  const value = answerField(answer, field);
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length === 0)
    throw new CheckFailed(
      `${functionName} ${field}`,
      'base64 data',
      value === undefined ? 'missing' : 'not base64',
    );
  return Buffer.from(value, 'base64');
}
