/**
 * What the operator reads of an order's result (the `outcome` list of onomondo-eim's lookup, reference §13):
 * one item per result, named as the module names it, named values by name (`{"enableResult": "ok"}`); the
 * list results, getRAT, addEim and data requests in onomondo-eim's shapes (its contrib/rest_api_response_schema
 * .json: `{"listProfileInfoResult": {"finalResult": "successResult", "profileInfoList": […]}}`,
 * `{"euiccDataResult": {"edrResult": "ok", "euiccData": {…}}}`), errors as `{"euiccPackageErrorCode":
 * "replayError"}` or `{"procedureError": …}`. Strict clients (the osmo-ttcn3 `eim` suite decodes these with
 * closed TTCN-3 records) fail on a member the schema does not name, so the shapes are onomondo-eim's exactly.
 */
import {
  EimPackageResultErrorCode,
  EuiccResultData,
  IpaEuiccData,
  IpaEuiccDataResponse,
  type Sgp32ProfileInfo,
} from '../../asn1/sgp32/index.ts';
import { encodeTlv, readChildren, readTlv } from '../../asn1/tlv.ts';
import { type Json, toJson } from '../../protocol/json-value.ts';
import type { PackageOutcome } from '../package-result.ts';

/** onomondo-eim's procedureError names, and ours (echoMismatch, euiccCertificateUnknown, resultTooLarge …). */
export const procedureError = (name: string): Json => ({ procedureError: name });

type JsonObject = { readonly [key: string]: Json };

/** The value under `name` of a result's JSON (`{"name": value}`). */
const memberOf = (result: EuiccResultData, name: string): Json =>
  (toJson(EuiccResultData, result) as JsonObject)[name] ?? null;

/**
 * A ProfileInfo as onomondo-eim gives it: iccid, isdpAid, profileState, profileNickname, serviceProviderName,
 * profileName, iconType, icon, profileClass; and, of SGP.32's additions, `fallbackAttribute` when the profile
 * holds it (absent means FALSE, as on the wire). The other members (notificationConfigurationInfo, profileOwner,
 * dpProprietaryData, PPRs …) are not in onomondo-eim's schema.
 */
function profileInfoJson(info: Sgp32ProfileInfo, json: JsonObject): Json {
  const kept = [
    'iccid',
    'isdpAid',
    'profileState',
    'profileNickname',
    'serviceProviderName',
    'profileName',
    'iconType',
    'icon',
    'profileClass',
  ].filter((name) => json[name] !== undefined);
  return {
    ...Object.fromEntries(kept.map((name) => [name, json[name] ?? null])),
    ...(info.fallbackAttribute === true ? { fallbackAttribute: true } : {}),
  };
}

/** A ProfilePolicyAuthorisationRule as onomondo-eim gives it: the PPR and flag bits as booleans. */
function ruleJson(rule: JsonObject): Json {
  const ids = Array.isArray(rule.pprIds) ? rule.pprIds : [];
  const flags = Array.isArray(rule.pprFlags) ? rule.pprFlags : [];
  return {
    pprUpdateControl: ids.includes('pprUpdateControl'),
    ppr1: ids.includes('ppr1'),
    ppr2: ids.includes('ppr2'),
    allowedOperators: rule.allowedOperators ?? [],
    consentRequired: flags.includes('consentRequired'),
  };
}

function resultItem(result: EuiccResultData): Json {
  if ('listProfileInfoResult' in result) {
    const list = result.listProfileInfoResult;
    if (!('profileInfoListOk' in list)) return { listProfileInfoResult: { finalResult: 'errorResult' } };
    const json = memberOf(result, 'listProfileInfoResult') as { profileInfoListOk: readonly JsonObject[] };
    return {
      listProfileInfoResult: {
        finalResult: 'successResult',
        profileInfoList: list.profileInfoListOk.map((info, i) =>
          profileInfoJson(info, json.profileInfoListOk[i] ?? {}),
        ),
      },
    };
  }
  if ('getRATResult' in result)
    return { getRATResult: (memberOf(result, 'getRATResult') as readonly JsonObject[]).map(ruleJson) };
  if ('listEimResult' in result) {
    const list = memberOf(result, 'listEimResult') as JsonObject;
    return {
      listEimResult:
        list.eimIdList !== undefined
          ? { finalResult: 'successResult', eimIdList: list.eimIdList }
          : { finalResult: 'errorResult' },
    };
  }
  if ('addEimResult' in result) {
    const added = memberOf(result, 'addEimResult') as JsonObject;
    return {
      addEimResult:
        added.associationToken !== undefined
          ? { addEimResultCode: 'ok', associationToken: added.associationToken }
          : { addEimResultCode: added.addEimResultCode ?? null },
    };
  }
  if ('setDefaultDpAddressResult' in result) {
    // [101] SetDefaultDpAddressResponse is a SEQUENCE holding the one INTEGER: its name, as for the others
    const response = memberOf(result, 'setDefaultDpAddressResult') as JsonObject;
    return { setDefaultDpAddressResult: response.setDefaultDpAddressResult ?? null };
  }
  return toJson(EuiccResultData, result);
}

/** The outcome items of a verified EuiccPackageResult. */
export function packageOutcomeItems(outcome: PackageOutcome): Json[] {
  switch (outcome.kind) {
    case 'executed':
      return outcome.results.map(resultItem);
    case 'refused':
      return [{ euiccPackageErrorCode: outcome.code }];
    case 'refusedUnsigned':
      return [
        {
          euiccPackageErrorUnsigned:
            outcome.associationToken !== undefined ? { associationToken: outcome.associationToken } : {},
        },
      ];
  }
}

/**
 * IpaEuiccData items whose value onomondo-eim gives as its type's own DER: the certificates (`30`, the same
 * bytes an `euicc` order takes), IpaCapabilities and DeviceInfo (SEQUENCEs, `30` in place of the field's `A8` /
 * `A9`). EUICCInfo1/2 keep their own tags `BF20` / `BF22`; v1.2's lists (notificationsList `A0`,
 * euiccPackageResultList `A2`) are given as they came, onomondo-eim having no v1.2 form of them.
 */
const UNIVERSAL_SEQUENCE_ITEMS: ReadonlyMap<number, string> = new Map([
  [0xa5, 'eumCertificate'],
  [0xa6, 'euiccCertificate'],
  [0xa8, 'ipaCapabilities'],
  [0xa9, 'deviceInfo'],
]);
const AS_SENT_ITEMS: ReadonlyMap<number, string> = new Map([
  [0xa0, 'notificationsList'],
  [0xa2, 'euiccPackageResultList'],
  [0xbf20, 'euiccInfo1'],
  [0xbf22, 'euiccInfo2'],
]);

const hex = (bytes: Buffer): string => bytes.toString('hex').toUpperCase();

/** The euiccData of onomondo-eim's euiccDataResult: addresses and token as values, the rest as upper-case hex. */
function euiccDataJson(data: IpaEuiccData): Json {
  const items: Record<string, Json> = {};
  if (data.defaultSmdpAddress !== undefined) items.defaultSmdpAddress = data.defaultSmdpAddress;
  if (data.rootSmdsAddress !== undefined) items.rootSmdsAddress = data.rootSmdsAddress;
  if (data.associationToken !== undefined) items.associationToken = data.associationToken;
  for (const item of readChildren(readTlv(IpaEuiccData.encode(data), 0).value)) {
    const universal = UNIVERSAL_SEQUENCE_ITEMS.get(item.tag);
    const asSent = AS_SENT_ITEMS.get(item.tag);
    if (universal) items[universal] = hex(encodeTlv(0x30, item.value));
    else if (asSent) items[asSent] = hex(item.bytes);
  }
  return items;
}

/** The outcome of an eUICC data request (SGP.32 2.11.1.2) in onomondo-eim's shape: euiccDataResult. */
export function dataResponseOutcome(response: IpaEuiccDataResponse): Json[] {
  if ('ipaEuiccData' in response)
    return [{ euiccDataResult: { edrResult: 'ok', euiccData: euiccDataJson(response.ipaEuiccData) } }];
  const error = (toJson(IpaEuiccDataResponse, response) as JsonObject)
    .ipaEuiccDataResponseError as JsonObject;
  return [{ euiccDataResult: { edrResult: error.ipaEuiccDataErrorCode ?? null } }];
}

/**
 * The IPA's refusal of a package it could not use (SGP.32 6.3.2.7 eimPackageResultResponseError), its code by
 * name: `{"eimPackageResultResponseError": "invalidPackageFormat"}` (onomondo-eim records the v1.0 form the
 * same way, `{"eimPackageError": …}`).
 */
export const packageErrorOutcome = (code: number): Json => ({
  eimPackageResultResponseError: toJson(EimPackageResultErrorCode, code),
});

/** Keeps an outcome within `maxBytes` of JSON, else says it was too large. */
export function bounded(items: readonly Json[], maxBytes: number): readonly Json[] {
  return Buffer.byteLength(JSON.stringify(items)) <= maxBytes ? items : [procedureError('resultTooLarge')];
}
