/** The fields of an ES12 request (SGP.22 6.5.2: RegisterEvent, DeleteEvent), checked against their bounds. */
import { RspError } from '../../errors/rsp-error.ts';
import { isEidShaped } from '../../pki/eid.ts';
import { checkRequestHeader, type JsonBody, stringField } from '../../rsp-server/binding/json-fields.ts';
import { EVENT_LIMITS } from '../event-store.ts';

const EVENT_ID = new RegExp(`^[\\x21-\\x7e]{1,${EVENT_LIMITS.eventIdLength}}$`);

export interface EventKey {
  readonly eid: string;
  readonly eventId: string;
}

export function readEventKey(body: JsonBody): EventKey {
  checkRequestHeader(body);
  const eid = stringField(body, 'eid');
  if (!isEidShaped(eid)) throw new RspError('badInput', 'eid must be 32 digits', 'eid');
  const eventId = stringField(body, 'eventId');
  // An EventID becomes a matchingId at the SM-DP+ (SGP.22 3.6.1): visible ASCII, no spaces.
  if (!EVENT_ID.test(eventId))
    throw new RspError(
      'badInput',
      `eventId must be 1 to ${EVENT_LIMITS.eventIdLength} visible ASCII characters`,
      'eventId',
    );
  return { eid, eventId };
}
