/**
 * A `psmo` order (onomondo-eim's resource schema, reference §13) as the PSMO list of one eUICC Package
 * (SGP.32 2.11.1.1.2): `{"psmo": [{"enable": {"iccid": "<BCD-swapped hex>", "rollback": false}}, …]}`.
 * Beside onomondo-eim's items (enable, disable, delete, listProfileInfo, getRAT, configureAutoEnable, its v1.0
 * name) the v1.2 ones: configureImmediateEnable, setFallbackAttribute, unsetFallbackAttribute,
 * setDefaultDpAddress.
 */
import type { Psmo } from '../../asn1/sgp32/index.ts';
import type { JsonValue } from '../eim-repository.ts';
import { OrderError } from './order-error.ts';
import {
  flagAt,
  hexAt,
  type JsonObject,
  listAt,
  objectAt,
  onlyKeys,
  optionalHexAt,
  optionalTextAt,
  singleKey,
  textAt,
  wholeNumberAt,
} from './order-fields.ts';

/** PSMOs in one package at most (a package is bounded by the eUICC, 16 KiB on ours). */
export const MAX_OPERATIONS = 16;

const PSMO_NAMES = [
  'enable',
  'disable',
  'delete',
  'listProfileInfo',
  'getRAT',
  'configureAutoEnable',
  'configureImmediateEnable',
  'setFallbackAttribute',
  'unsetFallbackAttribute',
  'setDefaultDpAddress',
] as const;

/** ICCIDs as the eUICC holds them: 10 bytes, digits nibble-swapped (SGP.22 Iccid). */
const iccidOf = (item: JsonObject, where: string) => hexAt(item, 'iccid', where, 10, 10);

/** configureImmediateEnable (v1.2) or configureAutoEnable (onomondo-eim's v1.0 name and fields). */
function configureImmediateEnable(item: JsonObject, where: string, v10: boolean): Psmo {
  const [flag, oid, address] = v10
    ? ['autoEnableFlag', 'smdpOid', 'smdpAddress']
    : ['immediateEnableFlag', 'defaultSmdpOid', 'defaultSmdpAddress'];
  onlyKeys(item, where, [flag, oid, address]);
  const defaultSmdpOid = optionalTextAt(item, oid, where, 64);
  if (defaultSmdpOid !== undefined && !/^[0-2](?:\.\d+)+$/.test(defaultSmdpOid))
    throw new OrderError(`${where}.${oid} must be an OID in dotted digits`);
  const defaultSmdpAddress = optionalTextAt(item, address, where, 255);
  return {
    configureImmediateEnable: {
      ...(flagAt(item, flag, where) ? { immediateEnableFlag: null } : {}),
      ...(defaultSmdpOid !== undefined ? { defaultSmdpOid } : {}),
      ...(defaultSmdpAddress !== undefined ? { defaultSmdpAddress } : {}),
    },
  };
}

function listProfileInfo(item: JsonObject, where: string): Psmo {
  onlyKeys(item, where, ['searchCriteria', 'tagList']);
  const tagList = optionalHexAt(item, 'tagList', where, 1, 64);
  let searchCriteria: NonNullable<
    Extract<Psmo, { listProfileInfo: unknown }>['listProfileInfo']['searchCriteria']
  >;
  const criteria = item.searchCriteria;
  if (criteria !== undefined) {
    const [name, value] = singleKey(criteria, `${where}.searchCriteria`, [
      'isdpAid',
      'iccid',
      'profileClass',
    ]);
    const holder = { [name]: value };
    const at = `${where}.searchCriteria`;
    searchCriteria =
      name === 'isdpAid'
        ? { isdpAid: hexAt(holder, name, at, 5, 16) }
        : name === 'iccid'
          ? { iccid: hexAt(holder, name, at, 10, 10) }
          : { profileClass: wholeNumberAt(holder, name, at, 0, 2) };
    return { listProfileInfo: { searchCriteria, ...(tagList ? { tagList } : {}) } };
  }
  return { listProfileInfo: tagList ? { tagList } : {} };
}

function psmoOf(entry: JsonValue, where: string): Psmo {
  const [name, value] = singleKey(entry, where, PSMO_NAMES);
  const at = `${where}.${name}`;
  const item = objectAt(value, at);
  switch (name) {
    case 'enable': {
      onlyKeys(item, at, ['iccid', 'rollback']);
      const iccid = iccidOf(item, at);
      return { enable: { iccid, ...(flagAt(item, 'rollback', at) ? { rollbackFlag: null } : {}) } };
    }
    case 'disable':
    case 'delete':
    case 'setFallbackAttribute': {
      onlyKeys(item, at, ['iccid']);
      const iccid = iccidOf(item, at);
      return name === 'disable'
        ? { disable: { iccid } }
        : name === 'delete'
          ? { delete: { iccid } }
          : { setFallbackAttribute: { iccid } };
    }
    case 'listProfileInfo':
      return listProfileInfo(item, at);
    case 'getRAT':
      onlyKeys(item, at, []);
      return { getRAT: {} };
    case 'unsetFallbackAttribute':
      onlyKeys(item, at, []);
      return { unsetFallbackAttribute: {} };
    case 'configureAutoEnable':
    case 'configureImmediateEnable':
      return configureImmediateEnable(item, at, name === 'configureAutoEnable');
    case 'setDefaultDpAddress':
      onlyKeys(item, at, ['defaultDpAddress']);
      return { setDefaultDpAddress: { defaultDpAddress: textAt(item, 'defaultDpAddress', at, 255) } };
  }
}

/** The PSMO list of an order's `psmo` member. */
export function psmosOf(order: JsonValue): Psmo[] {
  const list = listAt(objectAt(order, 'order').psmo, 'order.psmo', MAX_OPERATIONS);
  return list.map((entry, i) => psmoOf(entry, `order.psmo[${i}]`));
}
