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
