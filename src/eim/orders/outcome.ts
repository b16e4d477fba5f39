/**
 * What the operator reads of an order's result (the `outcome` list of onomondo-eim's lookup, reference §13):
 * one item per result, named as the module names it, named values by name (`{"enableResult": "ok"}`); the
 * list results in onomondo-eim's shapes (`{"listProfileInfoResult": {"finalResult": "successResult",
 * "profileInfoList": […]}}`), errors as `{"euiccPackageErrorCode": "replayError"}` or `{"procedureError": …}`.
 */
import {
  EimPackageResultErrorCode,
  EuiccResultData,
  IpaEuiccDataResponse,
  Sgp32ProfileInfo,
} from '../../asn1/sgp32/index.ts';
import { type Json, toJson } from '../../protocol/json-value.ts';
import type { PackageOutcome } from '../package-result.ts';

/** onomondo-eim's procedureError names, and ours (echoMismatch, euiccCertificateUnknown, resultTooLarge …). */
export const procedureError = (name: string): Json => ({ procedureError: name });

const profileInfoJson = (info: unknown) => toJson(Sgp32ProfileInfo, info);

function resultItem(result: EuiccResultData): Json {
  if ('listProfileInfoResult' in result) {
    const list = result.listProfileInfoResult;
    return {
      listProfileInfoResult:
        'profileInfoListOk' in list
          ? { finalResult: 'successResult', profileInfoList: list.profileInfoListOk.map(profileInfoJson) }
          : { finalResult: 'errorResult', profileInfoListError: toJson(EuiccResultData, result) },
    };
  }
  if ('listEimResult' in result) {
    const list = result.listEimResult;
    return {
      listEimResult:
        'eimIdList' in list
          ? { finalResult: 'successResult', eimIdList: toJson(EuiccResultData, result) }
          : { finalResult: 'errorResult' },
    };
  }
  if ('addEimResult' in result) {
    const added = result.addEimResult;
    return {
      addEimResult:
        'associationToken' in added
          ? { addEimResultCode: 'ok', associationToken: added.associationToken }
          : { addEimResultCode: toJson(EuiccResultData, result) },
    };
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

/** The outcome of an eUICC data request (SGP.32 2.11.1.2): the IpaEuiccData, or its error. */
export const dataResponseOutcome = (response: IpaEuiccDataResponse): Json[] => [
  toJson(IpaEuiccDataResponse, response),
];

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
