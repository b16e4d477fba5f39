/**
 * A `download` order (SGP.32 2.11.1.3 profile download trigger): `{"download": {"activationCode": "1$…"}}`
 * as onomondo-eim takes it, or `{"download": {"contactDefaultSmdp": {}}}`, `{"download": {"contactSmds":
 * {"smdsAddress": "…"}}}`. It becomes the ProfileDownloadTriggerRequest ('BF54') a GetEimPackage hands out; what
 * follows (the indirect download relayed to the SM-DP+) is src/eim/download/'s.
 */
import type { ProfileDownloadTriggerRequest } from '../../asn1/sgp32/index.ts';
import { ActivationCodeError, parseActivationCode } from '../../lpa/activation-code.ts';
import type { JsonValue } from '../eim-repository.ts';
import { OrderError } from './order-error.ts';
import { objectAt, onlyKeys, optionalTextAt, singleKey, textAt } from './order-fields.ts';

export type ProfileDownloadData = NonNullable<ProfileDownloadTriggerRequest['profileDownloadData']>;

/** The profileDownloadData of an order's `download` member. */
export function profileDownloadDataOf(order: JsonValue): ProfileDownloadData {
  const where = 'order.download';
  const [name, value] = singleKey(objectAt(order, 'order').download, where, [
    'activationCode',
    'contactDefaultSmdp',
    'contactSmds',
  ] as const);
  if (name === 'activationCode') {
    const activationCode = textAt({ activationCode: value }, 'activationCode', where, 255);
    try {
      parseActivationCode(activationCode);
    } catch (error) {
      if (error instanceof ActivationCodeError)
        throw new OrderError(`${where}.activationCode: ${error.message}`);
      throw error;
    }
    return { activationCode };
  }
  const item = objectAt(value, `${where}.${name}`);
  if (name === 'contactDefaultSmdp') {
    onlyKeys(item, `${where}.${name}`, []);
    return { contactDefaultSmdp: null };
  }
  onlyKeys(item, `${where}.${name}`, ['smdsAddress']);
  const smdsAddress = optionalTextAt(item, 'smdsAddress', `${where}.${name}`, 255);
  return { contactSmds: smdsAddress !== undefined ? { smdsAddress } : {} };
}
