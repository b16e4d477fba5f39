/**
 * The eUICC data request (SGP.32 2.11.1.2, 3.5; reference §6): the eIM names what it wants in a tag list,
 * the IPA collects each item through ES10 and answers ProvideEimPackageResult
 * `{ eidValue, BF52 { IpaEuiccData (eimTransactionId echoed) | IpaEuiccDataResponseError } }`.
 *
 * Our reading of the tag list (docs/sgp32-readings.md, IPA): the v1.2 tags are answered; the three v1.0
 * tags whose item v1.2 kept under another tag are taken as that item ('80' defaultSmdpAddress → '81', '88'
 * ipaCapabilities → 'A8', 'BF2B' notificationsList → 'A0'), since onomondo-eim and the osmo-ttcn3 `eim` suite
 * still send the v1.0 list `80 BF20 BF22 83 84 A5 A6 88 A9 BF2B`; the answer is always the v1.2 form. Any other
 * tag, or a list that does not parse, is refused with incorrectTagList (1).
 */
import { Asn1DecodeError } from '../asn1/decode-error.ts';
import type { DeviceInfo } from '../asn1/rsp/index.ts';
import {
  type EimConfigurationData,
  type IpaCapabilities,
  type IpaEuiccData,
  IpaEuiccDataErrorCodes,
  type IpaEuiccDataRequest,
  ProvideEimPackageResult,
} from '../asn1/sgp32/index.ts';
import { readTagList } from '../asn1/tlv.ts';
import type { IpaCard } from './start-up.ts';

type Item = Exclude<keyof IpaEuiccData, 'eimTransactionId'>;

/** The tag of each item (v1.2), and the v1.0 tags we take for the same item. */
const ITEM_OF_TAG: ReadonlyMap<number, Item> = new Map<number, Item>([
  [0xa0, 'notificationsList'],
  [0x81, 'defaultSmdpAddress'],
  [0xa2, 'euiccPackageResultList'],
  [0xbf20, 'euiccInfo1'],
  [0xbf22, 'euiccInfo2'],
  [0x83, 'rootSmdsAddress'],
  [0x84, 'associationToken'],
  [0xa5, 'eumCertificate'],
  [0xa6, 'euiccCertificate'],
  [0xa8, 'ipaCapabilities'],
  [0xa9, 'deviceInfo'],
  // SGP.32 v1.0 forms of the same items
  [0x80, 'defaultSmdpAddress'],
  [0x88, 'ipaCapabilities'],
  [0xbf2b, 'notificationsList'],
]);

/** At most this many tags in one list (every item once, in both forms, fits). */
const MAX_TAGS = 32;

/** The tags of a tag list (tags back to back, asn1/tlv.ts readTagList), or undefined when it does not parse. */
export function parseTagList(tagList: Buffer): number[] | undefined {
  let tags: number[];
  try {
    tags = readTagList(tagList);
  } catch (error) {
    if (error instanceof Asn1DecodeError) return undefined;
    throw error;
  }
  return tags.length > 0 && tags.length <= MAX_TAGS ? tags : undefined;
}

/** What the IPA says of itself (IpaCapabilities, SGP.32 2.11.1.2). */
export const IPA_CAPABILITIES: IpaCapabilities = {
  ipaFeatures: ['directRspServerCommunication', 'indirectRspServerCommunication'],
  ipaSupportedProtocols: ['ipaRetrieveHttps'],
};

export interface DataRequestContext {
  readonly card: IpaCard;
  /** The eIM asking (its associationToken is the one answered). */
  readonly eim: EimConfigurationData;
  readonly deviceInfo: DeviceInfo;
}

/** The ProvideEimPackageResult ('BF50') answering one IpaEuiccDataRequest. */
export async function answerEuiccDataRequest(
  context: DataRequestContext,
  request: IpaEuiccDataRequest,
): Promise<Buffer> {
  const { card } = context;
  const eimTransactionId = request.eimTransactionId;
  const refuse = (code: number) =>
    ProvideEimPackageResult.encode({
      eidValue: card.eid,
      eimPackageResult: {
        ipaEuiccDataResponse: {
          ipaEuiccDataResponseError: {
            ...(eimTransactionId ? { eimTransactionId } : {}),
            ipaEuiccDataErrorCode: code,
          },
        },
      },
    });
  const tags = parseTagList(request.tagList);
  const items = tags?.map((tag) => ITEM_OF_TAG.get(tag));
  if (!items || items.some((item) => item === undefined))
    return refuse(IpaEuiccDataErrorCodes.incorrectTagList);
  const data: Record<string, unknown> = {};
  const once = onceEach();
  for (const item of new Set(items as Item[])) {
    const value = await collect(context, request, item, once);
    if (value === CI_NOT_FOUND) return refuse(IpaEuiccDataErrorCodes.euiccCiPKIdNotFound);
    if (value !== undefined) data[item] = value;
  }
  if (eimTransactionId) data.eimTransactionId = eimTransactionId;
  return ProvideEimPackageResult.encode({
    eidValue: card.eid,
    eimPackageResult: { ipaEuiccDataResponse: { ipaEuiccData: data as IpaEuiccData } },
  });
}

const CI_NOT_FOUND = Symbol('euiccCiPKIdNotFound');

/**
 * Each ES10 function at most once per data request: defaultSmdpAddress and rootSmdsAddress come from the one
 * GetEuiccConfiguredAddresses, CERT.EUM and CERT.EUICC from the one GetCerts. An IoT device pays for every APDU,
 * and the osmo-ttcn3 `ipad` suite answers a data request's ES10 calls one each, in the tag list's order.
 */
function onceEach() {
  const calls = new Map<string, Promise<unknown>>();
  return <T>(name: string, call: () => Promise<T>): Promise<T> => {
    const known = calls.get(name) as Promise<T> | undefined;
    if (known) return known;
    const started = call();
    calls.set(name, started);
    return started;
  };
}

/** One item through ES10; undefined when the eUICC has none (an optional field left out). */
async function collect(
  { card, eim, deviceInfo }: DataRequestContext,
  request: IpaEuiccDataRequest,
  item: Item,
  once: ReturnType<typeof onceEach>,
): Promise<unknown> {
  switch (item) {
    case 'notificationsList': {
      const criteria = request.searchCriteriaNotification;
      const { value } = await card.iot.call(
        'retrieveNotificationsList',
        criteria ? { searchCriteria: criteria } : {},
      );
      return 'notificationList' in value ? value.notificationList : [];
    }
    case 'euiccPackageResultList': {
      const { value } = await card.iot.retrievePackageResults();
      const all = 'euiccPackageResultList' in value ? value.euiccPackageResultList : [];
      const wanted = request.searchCriteriaEuiccPackageResult?.seqNumber;
      return wanted === undefined
        ? all
        : all.filter(
            (result) =>
              'euiccPackageResultSigned' in result &&
              result.euiccPackageResultSigned.euiccPackageResultDataSigned.seqNumber === wanted,
          );
    }
    case 'defaultSmdpAddress':
      return (await once('addresses', () => card.es10.getConfiguredAddresses())).defaultDpAddress;
    case 'rootSmdsAddress':
      return (await once('addresses', () => card.es10.getConfiguredAddresses())).rootDsAddress;
    case 'euiccInfo1':
      return card.es10.getEuiccInfo1();
    case 'euiccInfo2':
      return (await card.iot.getEuiccInfo2()).value;
    case 'associationToken': {
      const { value } = await card.iot.getEimConfigurationData(eim.eimId);
      return value.eimConfigurationDataList[0]?.associationToken;
    }
    case 'eumCertificate':
    case 'euiccCertificate': {
      const ciPKId = request.euiccCiPKIdentifierToBeUsed;
      const { value } = await once('certs', () =>
        card.iot.call('getCerts', ciPKId ? { euiccCiPKId: ciPKId } : {}),
      );
      if (!('certs' in value)) return CI_NOT_FOUND;
      return value.certs[item];
    }
    case 'ipaCapabilities':
      return IPA_CAPABILITIES;
    case 'deviceInfo':
      return deviceInfo;
  }
}
