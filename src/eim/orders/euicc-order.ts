/**
 * A `euicc` order: the eIM's own record of one eUICC, changed at once without the IPA (onomondo-eim's
 * `euicc` facility): `{"euicc": [{"counterValue": 1000}, {"associationToken": 1}]}`, and ours
 * `{"euiccCertificate": "<DER hex>"}` with `{"eumCertificate": "<DER hex>"}`, the CERT.EUICC the eUICC's results
 * are verified with and the CERT.EUM that issued it (chain-checked to a trusted CI before they are kept). onomondo-eim's consumerEuicc, signAlgo and signPubKey are not taken: results are verified with
 * the certificate.
 */
import type { EimEuiccPatch, JsonValue } from '../eim-repository.ts';
import { OrderError } from './order-error.ts';
import { hexAt, listAt, objectAt, singleKey, wholeNumberAt } from './order-fields.ts';

/** The bound an IoT eUICC puts on counterValue (counterValueOutOfRange beyond it; our eUICC's reading). */
const MAX_COUNTER_VALUE = 8_388_607;

export interface EuiccOrder {
  readonly patch: Omit<EimEuiccPatch, 'euiccCertificate' | 'eumCertificate'>;
  /** CERT.EUICC and CERT.EUM as given: checked against the trusted CIs before they are kept. */
  readonly certificates?: { readonly euiccCertificate: Buffer; readonly eumCertificate: Buffer };
}

export function euiccOrderOf(order: JsonValue): EuiccOrder {
  const list = listAt(objectAt(order, 'order').euicc, 'order.euicc', 8);
  let patch: EuiccOrder['patch'] = {};
  const certificates: { euiccCertificate?: Buffer; eumCertificate?: Buffer } = {};
  list.forEach((entry, i) => {
    const where = `order.euicc[${i}]`;
    const [name, value] = singleKey(entry, where, [
      'counterValue',
      'associationToken',
      'euiccCertificate',
      'eumCertificate',
    ] as const);
    const holder = { [name]: value };
    if (name === 'counterValue')
      patch = { ...patch, counterValue: wholeNumberAt(holder, name, where, 0, MAX_COUNTER_VALUE) };
    else if (name === 'associationToken')
      patch = { ...patch, associationToken: wholeNumberAt(holder, name, where, 0, 2 ** 31 - 1) };
    else certificates[name] = hexAt(holder, name, where, 100, 4096);
  });
  const { euiccCertificate, eumCertificate } = certificates;
  if ((euiccCertificate === undefined) !== (eumCertificate === undefined))
    throw new OrderError(
      'order.euicc gives euiccCertificate and eumCertificate together (the chain is checked)',
    );
  return {
    patch,
    ...(euiccCertificate && eumCertificate ? { certificates: { euiccCertificate, eumCertificate } } : {}),
  };
}
