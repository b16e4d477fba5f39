/**
 * ES12 towards the root SM-DS, for an alternative SM-DS (SGP.22 3.6.1: the alternative SM-DS registers at the
 * root a record naming itself). A record the root already has (a retry) or no longer has is fine; any other
 * refusal is the root's error (8.9 / 4.2), an unreachable root 8.9 / 5.1.
 */
import { RspError } from '../errors/rsp-error.ts';
import { StatusCodes } from '../errors/status-codes.ts';
import type { Es12Answer, Es12Client } from '../smdp/es12/es12-client.ts';
import type { RootSmds } from './context.ts';

const is = (answer: Es12Answer, name: 'eventDuplicate' | 'eventIdUnknown') =>
  !answer.executed &&
  answer.subjectCode === StatusCodes[name].subjectCode &&
  answer.reasonCode === StatusCodes[name].reasonCode;

function accept(answer: Es12Answer, harmless: 'eventDuplicate' | 'eventIdUnknown'): void {
  if (answer.executed || is(answer, harmless)) return;
  throw new RspError(
    'smdsExecutionError',
    `the root SM-DS answered ${answer.subjectCode}/${answer.reasonCode} ${answer.message}`,
  );
}

export function rootSmds(client: Es12Client, rootAddress: string): RootSmds {
  return {
    async registerEvent(event) {
      accept(
        await client.call(rootAddress, 'registerEvent', { ...event, forwardingIndicator: false }),
        'eventDuplicate',
      );
    },
    async deleteEvent(event) {
      accept(await client.call(rootAddress, 'deleteEvent', { ...event }), 'eventIdUnknown');
    },
  };
}
