/**
 * The ES10a/b/c functions (SGP.22 5.7), each declared once: its name as SGP.22 writes it, its request type
 * (whose tag selects the function on the card) and its response type. The software eUICC's dispatch, its
 * test-lab scenarios and the LPA's ES10 client all read this table, so a new ES10 command is one line here
 * plus its implementation, and a tag is never written by hand again.
 */
import {
  AuthenticateServerRequest,
  AuthenticateServerResponse,
  BoundProfilePackage,
  CancelSessionRequest,
  CancelSessionResponse,
  DeleteProfileRequest,
  DeleteProfileResponse,
  DisableProfileRequest,
  DisableProfileResponse,
  EnableProfileRequest,
  EnableProfileResponse,
  EUICCInfo1,
  EUICCInfo2,
  EuiccConfiguredAddressesRequest,
  EuiccConfiguredAddressesResponse,
  EuiccMemoryResetRequest,
  EuiccMemoryResetResponse,
  GetEuiccChallengeRequest,
  GetEuiccChallengeResponse,
  GetEuiccDataRequest,
  GetEuiccDataResponse,
  GetEuiccInfo1Request,
  GetEuiccInfo2Request,
  GetRatRequest,
  GetRatResponse,
  ListNotificationRequest,
  ListNotificationResponse,
  LoadCRLRequest,
  LoadCRLResponse,
  NotificationSentRequest,
  NotificationSentResponse,
  PrepareDownloadRequest,
  PrepareDownloadResponse,
  ProfileInfoListRequest,
  ProfileInfoListResponse,
  ProfileInstallationResult,
  RetrieveNotificationsListRequest,
  RetrieveNotificationsListResponse,
  SetDefaultDpAddressRequest,
  SetDefaultDpAddressResponse,
  SetNicknameRequest,
  SetNicknameResponse,
} from '../asn1/rsp/index.ts';
import type { AnySchema, Schema } from '../asn1/schema.ts';

export interface Es10FunctionDeclaration {
  /** The request type; its (outer) tag names the function in STORE DATA. */
  readonly request: AnySchema;
  readonly response: AnySchema;
}

const declare = <Q, R>(request: Schema<Q>, response: Schema<R>) => ({ request, response });

export const Es10Functions = {
  // ES10a (SGP.22 5.7.2 .. 5.7.4)
  getEuiccConfiguredAddresses: declare(EuiccConfiguredAddressesRequest, EuiccConfiguredAddressesResponse),
  setDefaultDpAddress: declare(SetDefaultDpAddressRequest, SetDefaultDpAddressResponse),
  // ES10b (SGP.22 5.7.5 .. 5.7.14)
  prepareDownload: declare(PrepareDownloadRequest, PrepareDownloadResponse),
  /** Its STORE DATA sequences carry the BPP's parts; the last answer is the ProfileInstallationResult. */
  loadBoundProfilePackage: declare(BoundProfilePackage, ProfileInstallationResult),
  getEuiccChallenge: declare(GetEuiccChallengeRequest, GetEuiccChallengeResponse),
  getEuiccInfo1: declare(GetEuiccInfo1Request, EUICCInfo1),
  getEuiccInfo2: declare(GetEuiccInfo2Request, EUICCInfo2),
  listNotification: declare(ListNotificationRequest, ListNotificationResponse),
  retrieveNotificationsList: declare(RetrieveNotificationsListRequest, RetrieveNotificationsListResponse),
  removeNotificationFromList: declare(NotificationSentRequest, NotificationSentResponse),
  authenticateServer: declare(AuthenticateServerRequest, AuthenticateServerResponse),
  cancelSession: declare(CancelSessionRequest, CancelSessionResponse),
  loadCRL: declare(LoadCRLRequest, LoadCRLResponse),
  getRAT: declare(GetRatRequest, GetRatResponse),
  // ES10c (SGP.22 5.7.15 .. 5.7.21)
  getProfilesInfo: declare(ProfileInfoListRequest, ProfileInfoListResponse),
  enableProfile: declare(EnableProfileRequest, EnableProfileResponse),
  disableProfile: declare(DisableProfileRequest, DisableProfileResponse),
  deleteProfile: declare(DeleteProfileRequest, DeleteProfileResponse),
  eUICCMemoryReset: declare(EuiccMemoryResetRequest, EuiccMemoryResetResponse),
  getEuiccData: declare(GetEuiccDataRequest, GetEuiccDataResponse),
  setNickname: declare(SetNicknameRequest, SetNicknameResponse),
} as const satisfies Record<string, Es10FunctionDeclaration>;

export type Es10FunctionName = keyof typeof Es10Functions;

export const ES10_FUNCTION_NAMES = Object.keys(Es10Functions) as Es10FunctionName[];

/** The tag that selects a function: its request type's outer tag (e.g. 'BF20' for GetEuiccInfo1). */
export const es10TagOf = (name: Es10FunctionName): number => requestTagOf(name, Es10Functions[name]);

/** The outer tag of a declared function's request type (SGP.22 5.7, SGP.32 5.9). */
export function requestTagOf(name: string, declaration: Es10FunctionDeclaration): number {
  const [tag] = declaration.request.tags;
  if (tag === undefined) throw new Error(`${name}: its request type has no tag`);
  return tag;
}

const BY_TAG: ReadonlyMap<number, Es10FunctionName> = new Map(
  ES10_FUNCTION_NAMES.map((n) => [es10TagOf(n), n]),
);

/** The function a STORE DATA payload's outer tag names, if any. */
export function es10FunctionOfTag(tag: number): Es10FunctionName | undefined {
  return BY_TAG.get(tag);
}
