/**
 * An `edr` order (eUICC data request, SGP.32 2.11.1.2): `{"edr": {"tagList": "<hex>"}}` becomes an
 * IpaEuiccDataRequest. Any tags are passed as given: asking for one the IPA does not know is how a lab sees
 * its incorrectTagList.
 */
import type { IpaEuiccDataRequest } from '../../asn1/sgp32/index.ts';
import type { JsonValue } from '../eim-repository.ts';
import { hexAt, objectAt, onlyKeys, optionalHexAt } from './order-fields.ts';

/** The data request of an order's `edr` member, without its eimTransactionId (given when it is sent). */
export function dataRequestOf(order: JsonValue): Omit<IpaEuiccDataRequest, 'eimTransactionId'> {
  const item = objectAt(objectAt(order, 'order').edr, 'order.edr');
  onlyKeys(item, 'order.edr', ['tagList', 'euiccCiPKIdentifierToBeUsed']);
  const ciPkId = optionalHexAt(item, 'euiccCiPKIdentifierToBeUsed', 'order.edr', 1, 20);
  return {
    tagList: hexAt(item, 'tagList', 'order.edr', 1, 64),
    ...(ciPkId ? { euiccCiPKIdentifierToBeUsed: ciPkId } : {}),
  };
}
