/**
 * ES12 towards the root SM-DS, for an alternative SM-DS (SGP.22 3.6.1: the alternative SM-DS registers at the
 * root a record naming itself). A record the root already has (a retry) or no longer has is fine; any other
 * refusal is the root's error (8.9 / 4.2), an unreachable root 8.9 / 5.1.
 */

import type { Es12Client } from '../client/es12-client.ts';
import { FunctionFailedError } from '../errors/client-errors.ts';
import { RspError } from '../errors/rsp-error.ts';
import type { RootSmds } from './context.ts';

/** Runs the call; a refusal with the harmless code is success, any other 8.9 / 4.2 with the root's codes. */
async function accept(call: Promise<unknown>, harmless: 'eventDuplicate' | 'eventIdUnknown'): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof FunctionFailedError)) throw error;
    if (error.codeName === harmless) return;
    throw new RspError(
      'smdsExecutionError',
      `the root SM-DS answered ${error.subjectCode}/${error.reasonCode} ${error.detail}`,
      undefined,
      { cause: error },
    );
  }
}

export function rootSmds(client: Es12Client, rootAddress: string): RootSmds {
  return {
    async registerEvent(event) {
      await accept(
        client.call(rootAddress, 'registerEvent', { ...event, forwardingIndicator: false }),
        'eventDuplicate',
      );
    },
    async deleteEvent(event) {
      await accept(client.call(rootAddress, 'deleteEvent', { ...event }), 'eventIdUnknown');
    },
  };
}
