/**
 * The ES10b functions of an IoT eUICC (SGP.32 5.9), each declared once like SGP.22's in es10-functions.ts:
 * its name as SGP.32 writes it, its request type (whose tag selects the function on the card) and its response
 * type. Where SGP.32 changes an SGP.22 function's types (GetEUICCInfo2, RetrieveNotificationsList,
 * GetProfilesInfo), the IoT form is declared here under the same name and tag. The IoT eUICC's dispatch, its
 * scenarios and the IPA's ES10 client read this table.
 */
import { GetEuiccInfo2Request, ProfileInfoListRequest } from '../asn1/rsp/index.ts';
import type { Schema } from '../asn1/schema.ts';
import {
  AddInitialEimRequest,
  AddInitialEimResponse,
  ConfigureImmediateProfileEnablingRequest,
  ConfigureImmediateProfileEnablingResponse,
  EuiccPackageRequest,
  EuiccPackageResult,
  ExecuteFallbackMechanismRequest,
  ExecuteFallbackMechanismResponse,
  GetCertsRequest,
  GetCertsResponse,
  GetEimConfigurationDataRequest,
  GetEimConfigurationDataResponse,
  ImmediateEnableRequest,
  ImmediateEnableResponse,
  ProfileRollbackRequest,
  ProfileRollbackResponse,
  ReturnFromFallbackRequest,
  ReturnFromFallbackResponse,
  Sgp32EUICCInfo2,
  Sgp32ProfileInfoListResponse,
  Sgp32RetrieveNotificationsListRequest,
  Sgp32RetrieveNotificationsListResponse,
  Sgp32SetDefaultDpAddressRequest,
  Sgp32SetDefaultDpAddressResponse,
} from '../asn1/sgp32/index.ts';
import { type Es10FunctionDeclaration, requestTagOf } from './es10-functions.ts';

const declare = <Q, R>(request: Schema<Q>, response: Schema<R>) => ({ request, response });

export const Es10IotFunctions = {
  // SGP.32 5.9.1 .. 5.9.25
  loadEuiccPackage: declare(EuiccPackageRequest, EuiccPackageResult),
  getEuiccInfo2: declare(GetEuiccInfo2Request, Sgp32EUICCInfo2),
  addInitialEim: declare(AddInitialEimRequest, AddInitialEimResponse),
  getCerts: declare(GetCertsRequest, GetCertsResponse),
  retrieveNotificationsList: declare(
    Sgp32RetrieveNotificationsListRequest,
    Sgp32RetrieveNotificationsListResponse,
  ),
  getProfilesInfo: declare(ProfileInfoListRequest, Sgp32ProfileInfoListResponse),
  immediateEnable: declare(ImmediateEnableRequest, ImmediateEnableResponse),
  profileRollback: declare(ProfileRollbackRequest, ProfileRollbackResponse),
  configureImmediateProfileEnabling: declare(
    ConfigureImmediateProfileEnablingRequest,
    ConfigureImmediateProfileEnablingResponse,
  ),
  getEimConfigurationData: declare(GetEimConfigurationDataRequest, GetEimConfigurationDataResponse),
  executeFallbackMechanism: declare(ExecuteFallbackMechanismRequest, ExecuteFallbackMechanismResponse),
  returnFromFallback: declare(ReturnFromFallbackRequest, ReturnFromFallbackResponse),
  setDefaultDpAddress: declare(Sgp32SetDefaultDpAddressRequest, Sgp32SetDefaultDpAddressResponse),
} as const satisfies Record<string, Es10FunctionDeclaration>;

export type Es10IotFunctionName = keyof typeof Es10IotFunctions;

export const ES10_IOT_FUNCTION_NAMES = Object.keys(Es10IotFunctions) as Es10IotFunctionName[];

/** The tag that selects an IoT function: its request type's outer tag (e.g. 'BF51' for LoadEuiccPackage). */
export const es10IotTagOf = (name: Es10IotFunctionName): number => requestTagOf(name, Es10IotFunctions[name]);
