/**
 * The header of a JSON binding answer (SGP.22 6.5.1.2): functionExecutionStatus with its status and, when
 * the function failed, statusCodeData. Read here once, for the clients and for the server's trace.
 */
export type ExecutionStatusValue = 'Executed-Success' | 'Executed-WithWarning' | 'Failed' | 'Expired';

export interface StatusCodeData {
  /** '?' when the peer sent none. */
  readonly subjectCode: string;
  readonly reasonCode: string;
  readonly subjectIdentifier?: string;
  readonly message?: string;
}

export interface FunctionExecutionStatus {
  /** One of ExecutionStatusValue from a conforming peer; anything else is kept as it came. */
  readonly status: string;
  readonly statusCodeData?: StatusCodeData;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The answer's functionExecutionStatus, or undefined when it has none with a string status. */
export function executionStatusOf(answer: unknown): FunctionExecutionStatus | undefined {
  const header = isObject(answer) ? answer.header : undefined;
  const execution = isObject(header) ? header.functionExecutionStatus : undefined;
  if (!isObject(execution) || typeof execution.status !== 'string') return undefined;
  const data = execution.statusCodeData;
  if (!isObject(data)) return { status: execution.status };
  const code = (value: unknown) => (value === undefined || value === null ? '?' : String(value));
  return {
    status: execution.status,
    statusCodeData: {
      subjectCode: code(data.subjectCode),
      reasonCode: code(data.reasonCode),
      ...(typeof data.subjectIdentifier === 'string' ? { subjectIdentifier: data.subjectIdentifier } : {}),
      ...(typeof data.message === 'string' ? { message: data.message } : {}),
    },
  };
}

/** Failed or Expired: the function did not execute (SGP.22 6.5.1.2). */
export const didNotExecute = (execution: FunctionExecutionStatus | undefined): boolean =>
  execution?.status === 'Failed' || execution?.status === 'Expired';
