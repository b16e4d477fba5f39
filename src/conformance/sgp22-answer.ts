/**
 * Reading an SM-DP+'s answer the way SGP.22 6.5 (JSON binding) defines it: HTTP 200 with
 * header.functionExecutionStatus, Executed-Success or Failed with statusCodeData; 204 for handleNotification.
 * Checks compare exact subjectCode/reasonCode strings ("3.10" is not "3.1"); printed codes carry their names
 * ("Failed 8.1/6.1 eUICC – Verification Failed").
 */
import { isObject } from '../client/function-call.ts';
import { codeLabel, reasonCodeName } from '../errors/code-names.ts';
import { type StatusCodeName, StatusCodes } from '../errors/status-codes.ts';
import { executionStatusOf } from '../protocol/function-execution-status.ts';
import type { JsonAnswer } from './exchange.ts';
import { CheckFailed, judge, type Reading, type RemarkSink, shall, should } from './verdict.ts';

/** What an answer was, in the binding's terms. */
export type AnswerStatus =
  | { readonly kind: 'transport'; readonly error: string; readonly http?: number }
  | { readonly kind: 'http'; readonly http: number }
  | { readonly kind: 'no-content' }
  | { readonly kind: 'no-status' }
  | { readonly kind: 'executed'; readonly status: string }
  | {
      readonly kind: 'failed';
      readonly status: string;
      readonly subjectCode: string;
      readonly reasonCode: string;
    };

export function statusOf(answer: JsonAnswer): AnswerStatus {
  if (answer.transportError)
    return {
      kind: 'transport',
      error: answer.transportError,
      ...(answer.status ? { http: answer.status } : {}),
    };
  if (answer.status === 204) return { kind: 'no-content' };
  if (answer.status !== 200) return { kind: 'http', http: answer.status };
  const status = executionStatusOf(answer.body);
  if (!status) return { kind: 'no-status' };
  if (status.status === 'Failed' || status.status === 'Expired')
    return {
      kind: 'failed',
      status: status.status,
      subjectCode: status.statusCodeData?.subjectCode ?? '?',
      reasonCode: status.statusCodeData?.reasonCode ?? '?',
    };
  return { kind: 'executed', status: status.status };
}

/**
 * A body that is not JSON in one line: its first line and, when there are more, its last (a traceback's
 * exception), each cut to 160 characters.
 */
function gist(body: string): string {
  const lines = body
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const cut = (l: string) => (l.length > 160 ? `${l.slice(0, 160)}…` : l);
  const first = lines[0] ?? '';
  const last = lines.at(-1) ?? '';
  return JSON.stringify(lines.length > 1 ? `${cut(first)} … ${cut(last)}` : cut(first));
}

/** One line saying what the DUT answered, codes with their names. */
export function describeAnswer(answer: JsonAnswer): string {
  const s = statusOf(answer);
  switch (s.kind) {
    case 'transport':
      return `${s.error}${s.http ? ` (HTTP ${s.http})` : ''}${typeof answer.body === 'string' ? `: ${gist(answer.body)}` : ''}`;
    case 'http':
      return `HTTP ${s.http}`;
    case 'no-content':
      return 'HTTP 204';
    case 'no-status':
      return 'HTTP 200 without functionExecutionStatus';
    case 'executed':
      return s.status;
    case 'failed':
      return `${s.status} ${codeLabel(s.subjectCode, s.reasonCode)}`;
  }
}

/** The answer failed with exactly this code of our table. */
export function failedWith(answer: JsonAnswer, code: StatusCodeName): boolean {
  const s = statusOf(answer);
  const { subjectCode, reasonCode } = StatusCodes[code];
  return s.kind === 'failed' && s.subjectCode === subjectCode && s.reasonCode === reasonCode;
}

/** A field of the answer's JSON object (undefined when the body is not an object or lacks it). */
export const answerField = (answer: JsonAnswer, field: string): unknown =>
  isObject(answer.body) ? answer.body[field] : undefined;

/** "Failed 8.8.1/3.8 SM-DP+ Address – Refused". */
export const describeCode = (name: StatusCodeName): string => {
  const { subjectCode, reasonCode } = StatusCodes[name];
  return `Failed ${codeLabel(subjectCode, reasonCode)}`;
};

/** The function must have succeeded (HTTP 200, Executed-Success). */
export function expectSuccess(functionName: string, answer: JsonAnswer, reading?: Reading): void {
  const observed = describeAnswer(answer);
  if (observed !== 'Executed-Success')
    throw new CheckFailed(functionName, 'Executed-Success', observed, reading);
}

/** The function must have failed with exactly this status code of its SGP.22 table. */
export function expectStatusCode(
  functionName: string,
  answer: JsonAnswer,
  code: StatusCodeName,
  reading?: Reading,
): void {
  if (!failedWith(answer, code))
    throw new CheckFailed(functionName, describeCode(code), describeAnswer(answer), reading);
}

/** handleNotification: SGP.22 6.5.2.4 answers 204 No Content. */
export function expectNoContent(functionName: string, answer: JsonAnswer, reading?: Reading): void {
  const observed = describeAnswer(answer);
  if (observed !== 'HTTP 204')
    throw new CheckFailed(functionName, 'HTTP 204 (no content)', observed, reading);
}

/**
 * SGP.22 6.5.1: a function that was not executed is still answered in the binding — HTTP 200 with
 * functionExecutionStatus Failed and its statusCodeData (pySim's SM-DP+ does so for every ApiError). A 5xx,
 * a cut connection or a 200 without a status is not a refusal a client can read.
 */
export const BINDING_REFUSAL = shall(
  'SGP.22 6.5.1',
  'a function that is not executed answers HTTP 200 with functionExecutionStatus Failed and statusCodeData',
);

/** An HTTP-level refusal (4xx) tells the client no, but without the function's codes. */
const HTTP_LEVEL_REFUSAL = should(
  'SGP.22 6.5.1',
  'a request the function refuses is answered in the binding (HTTP 200, Failed, statusCodeData), not by an HTTP error',
);

/** What a refusal must be: refused at all (SHALL), and with which code, how strongly. */
export interface Refusal {
  /** The reading that asks the function to refuse (its SHALL). */
  readonly refused: Reading;
  /** The code SGP.22's table for the function names for it … */
  readonly code?: StatusCodeName;
  /** … or only the reason code, any subject (the generic input errors: 2.1, 2.2, 2.3). */
  readonly reason?: string;
  /** How strongly that code is asked: SHALL → another code fails; SHOULD / MAY → a remark. */
  readonly codeReading?: Reading;
}

/** The refusal a function's status code table names with SHALL: exactly that code. */
export const refusedWith = (code: StatusCodeName, reading: Reading): Refusal => ({
  refused: reading,
  code,
  codeReading: reading,
});

const expectedOf = (r: Refusal): string =>
  r.code
    ? describeCode(r.code)
    : r.reason
      ? `Failed x/${r.reason} (any subject) ${reasonCodeName(r.reason) ?? ''}`.trim()
      : 'Failed (any code)';

/**
 * The function must refuse: never Executed-Success (nor 204 for a notification); answered in the binding;
 * with the code its table names — a different code fails or is a remark, as the code's reading says.
 */
export function expectRefusal(sink: RemarkSink, functionName: string, answer: JsonAnswer, r: Refusal): void {
  const s = statusOf(answer);
  const expected = expectedOf(r);
  const observed = describeAnswer(answer);
  if (s.kind === 'executed' || s.kind === 'no-content')
    throw new CheckFailed(functionName, expected, observed, r.refused);
  if (s.kind === 'http' && s.http >= 400 && s.http < 500) {
    judge(sink, HTTP_LEVEL_REFUSAL, functionName, false, expected, observed);
    return;
  }
  if (s.kind !== 'failed') throw new CheckFailed(functionName, expected, observed, BINDING_REFUSAL);
  const code = r.code ? StatusCodes[r.code] : undefined;
  const holds = code
    ? s.subjectCode === code.subjectCode && s.reasonCode === code.reasonCode
    : r.reason
      ? s.reasonCode === r.reason
      : true;
  if (r.codeReading) judge(sink, r.codeReading, functionName, holds, expected, observed);
  else if (!holds) throw new CheckFailed(functionName, expected, observed, r.refused);
}

/** A base64 field of a successful answer, decoded. */
export function base64Field(
  functionName: string,
  answer: JsonAnswer,
  field: string,
  reading?: Reading,
): Buffer {
  const value = answerField(answer, field);
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length === 0)
    throw new CheckFailed(
      `${functionName} ${field}`,
      'base64 data',
      value === undefined ? 'missing' : 'not base64',
      reading,
    );
  return Buffer.from(value, 'base64');
}
