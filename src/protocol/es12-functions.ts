/**
 * The ES12 functions (SGP.22 5.9, JSON binding 6.5.2.8 / 6.5.2.9) an SM-DP+ (or an alternative SM-DS)
 * calls on an SM-DS, declared as the ES9+ ones are (json-functions.ts).
 */
import { COMMON_STATUS_CODES as COMMON } from '../errors/status-codes.ts';
import {
  boolean,
  declare,
  type JsonFunctionDeclaration,
  namesOf,
  optional,
  type RequestOf,
  text,
} from './json-functions.ts';

export const Es12Functions = {
  // SGP.22 5.9.1
  registerEvent: declare({
    request: { eid: text, eventId: text, rspServerAddress: text, forwardingIndicator: optional(boolean) },
    response: {},
    statusCodes: [
      ...COMMON,
      'requesterNotAllowed',
      'eventDuplicate',
      'smdsUnavailable',
      'smdsExecutionError',
    ],
    steps: ['readRequest', 'checkRspServerAddress', 'storeEvent', 'forwardEvent'],
    // Before the record is stored.
    answerStep: 'storeEvent',
    unscopedSteps: ['readRequest'],
  }),
  // SGP.22 5.9.2
  deleteEvent: declare({
    request: { eid: text, eventId: text },
    response: {},
    statusCodes: [...COMMON, 'eventIdUnknown', 'smdsUnavailable', 'smdsExecutionError'],
    steps: ['readRequest', 'findEvent', 'forwardDeletion', 'deleteEvent'],
    // Before the record is deleted.
    answerStep: 'deleteEvent',
    unscopedSteps: ['readRequest'],
  }),
} as const satisfies Record<string, JsonFunctionDeclaration>;

export type Es12FunctionName = keyof typeof Es12Functions;
export const ES12_FUNCTION_NAMES = namesOf(Es12Functions);
export type Es12Request<F extends Es12FunctionName> = RequestOf<(typeof Es12Functions)[F]>;
export type Es12StepName<F extends Es12FunctionName> = (typeof Es12Functions)[F]['steps'][number];
