/**
 * An `eco` order (onomondo-eim's resource schema) as the eCO list of one eUICC Package (SGP.32 2.11.1.1.3):
 * `{"eco": [{"addEim": {"eimConfigurationData": "<hex>"}}, {"deleteEim": {"eimId": "…"}}, {"listEim": {}}]}`.
 * EimConfigurationData comes DER-encoded (as onomondo-eim's info page gives it) and is decoded here, so a
 * wrong one is refused at create.
 */
import { Asn1DecodeError } from '../../asn1/decode-error.ts';
import { type Eco, eimConfigurationData } from '../../asn1/sgp32/index.ts';
import type { JsonValue } from '../eim-repository.ts';
import { OrderError } from './order-error.ts';
import { hexAt, type JsonObject, listAt, objectAt, onlyKeys, singleKey, textAt } from './order-fields.ts';
import { MAX_OPERATIONS } from './psmo-order.ts';

const EimConfigurationData = eimConfigurationData();

function configurationOf(item: JsonObject, where: string) {
  onlyKeys(item, where, ['eimConfigurationData']);
  const der = hexAt(item, 'eimConfigurationData', where, 3, 4096);
  try {
    return EimConfigurationData.decode(der);
  } catch (error) {
    if (error instanceof Asn1DecodeError)
      throw new OrderError(
        `${where}.eimConfigurationData is not a DER EimConfigurationData: ${error.message}`,
      );
    throw error;
  }
}

function ecoOf(entry: JsonValue, where: string): Eco {
  const [name, value] = singleKey(entry, where, ['addEim', 'deleteEim', 'updateEim', 'listEim'] as const);
  const at = `${where}.${name}`;
  const item = objectAt(value, at);
  switch (name) {
    case 'addEim':
      return { addEim: configurationOf(item, at) };
    case 'updateEim':
      return { updateEim: configurationOf(item, at) };
    case 'deleteEim':
      onlyKeys(item, at, ['eimId']);
      return { deleteEim: { eimId: textAt(item, 'eimId', at, 128) } };
    case 'listEim':
      onlyKeys(item, at, []);
      return { listEim: {} };
  }
}

/** The eCO list of an order's `eco` member. */
export function ecosOf(order: JsonValue): Eco[] {
  const list = listAt(objectAt(order, 'order').eco, 'order.eco', MAX_OPERATIONS);
  return list.map((entry, i) => ecoOf(entry, `order.eco[${i}]`));
}
