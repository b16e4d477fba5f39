import { expect } from 'vitest';
import { type StatusCodeName, StatusCodes } from '../../src/errors/status-codes.ts';

/** The one assertion for SGP.22 failures: HTTP 200, status Failed, and exactly the code of `name`. */
export function expectRspFailure(response: { status: number; body: any }, name: StatusCodeName): void {
  expect(response.status).toBe(200);
  const status = response.body?.header?.functionExecutionStatus;
  expect(status?.status).toBe('Failed');
  const { subjectCode, reasonCode } = StatusCodes[name];
  expect({
    subjectCode: status.statusCodeData.subjectCode,
    reasonCode: status.statusCodeData.reasonCode,
  }).toEqual({
    subjectCode,
    reasonCode,
  });
}

export function expectRspSuccess(response: { status: number; body: any }): void {
  expect(response.status).toBe(200);
  expect(response.body?.header?.functionExecutionStatus).toEqual({ status: 'Executed-Success' });
}

const TABLE_CODES = new Set(Object.values(StatusCodes).map((c) => `${c.subjectCode}/${c.reasonCode}`));

/**
 * What the SM-DP+ may answer to a request it cannot trust (the fuzz tests): HTTP 200 with Executed-Success,
 * or Failed with a code of the status code table — never a 500, never the binding's "internal error" of a
 * defect — or 204 where the function answers so. `shown` names the request in a failure message.
 */
export function expectSgp22Answer(
  response: { status: number; body: any },
  shown: string,
  noContentAllowed = false,
): 'success' | 'failed' {
  if (noContentAllowed && response.status === 204) return 'success';
  expect(response.status, shown).toBe(200);
  const status = response.body?.header?.functionExecutionStatus;
  if (status?.status === 'Executed-Success') return 'success';
  expect(status?.status, shown).toBe('Failed');
  const { subjectCode, reasonCode, message } = status.statusCodeData;
  expect(TABLE_CODES.has(`${subjectCode}/${reasonCode}`), `${subjectCode}/${reasonCode} ${shown}`).toBe(true);
  expect(message, shown).not.toBe('internal error');
  return 'failed';
}
