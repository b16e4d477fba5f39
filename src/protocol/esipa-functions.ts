/**
 * The ESipa functions an IPA calls on its eIM (SGP.32 6.3.2), each declared once: its name as SGP.32 writes
 * it, its section, the request type the IPA sends and the response type the eIM answers, both from the
 * SGP.32 v1.2 module (src/asn1/sgp32/esipa.ts). In the ASN.1 binding (SGP.32 6.1) every function is one
 * `POST /gsma/rsp2/asn1` whose body is that request's TLV (an alternative of EsipaMessageFromIpaToEim, which
 * carries its type's own tag), so the request's outer tag alone says which function was called. The IPA's
 * ESipa client, the trace and the tests read this table.
 *
 * HandleNotification has no response data (`response: undefined`): the eIM answers an empty body.
 * TransferEimPackage (6.3.3.1) goes the other way (the eIM calls the IPA) and is not here.
 */
import type { AnySchema, Schema } from '../asn1/schema.ts';
import {
  AuthenticateClientRequestEsipa,
  AuthenticateClientResponseEsipa,
  CancelSessionRequestEsipa,
  CancelSessionResponseEsipa,
  GetBoundProfilePackageRequestEsipa,
  GetBoundProfilePackageResponseEsipa,
  GetEimPackageRequest,
  GetEimPackageResponse,
  HandleNotificationEsipa,
  InitiateAuthenticationRequestEsipa,
  InitiateAuthenticationResponseEsipa,
  ProvideEimPackageResult,
  ProvideEimPackageResultResponse,
} from '../asn1/sgp32/index.ts';

export interface EsipaFunctionDeclaration {
  /** SGP.32 section of the function. */
  readonly section: string;
  /** What the IPA sends; its outer tag names the function. */
  readonly request: AnySchema;
  /** What the eIM answers; undefined: no response data (an empty body). */
  readonly response: AnySchema | undefined;
}

const declare = <Q, R>(section: string, request: Schema<Q>, response: Schema<R>) => ({
  section,
  request,
  response,
});

export const EsipaFunctions = {
  initiateAuthentication: declare(
    '6.3.2.1',
    InitiateAuthenticationRequestEsipa,
    InitiateAuthenticationResponseEsipa,
  ),
  authenticateClient: declare('6.3.2.2', AuthenticateClientRequestEsipa, AuthenticateClientResponseEsipa),
  getBoundProfilePackage: declare(
    '6.3.2.3',
    GetBoundProfilePackageRequestEsipa,
    GetBoundProfilePackageResponseEsipa,
  ),
  handleNotification: { section: '6.3.2.4', request: HandleNotificationEsipa, response: undefined },
  cancelSession: declare('6.3.2.5', CancelSessionRequestEsipa, CancelSessionResponseEsipa),
  getEimPackage: declare('6.3.2.6', GetEimPackageRequest, GetEimPackageResponse),
  provideEimPackageResult: declare('6.3.2.7', ProvideEimPackageResult, ProvideEimPackageResultResponse),
} as const satisfies Record<string, EsipaFunctionDeclaration>;

export type EsipaFunctionName = keyof typeof EsipaFunctions;

export const ESIPA_FUNCTION_NAMES = Object.keys(EsipaFunctions) as EsipaFunctionName[];

/** The function a request's outer tag names ('BF4F' → getEimPackage), or undefined. */
export function esipaFunctionOfTag(tag: number): EsipaFunctionName | undefined {
  return ESIPA_FUNCTION_NAMES.find((name) => EsipaFunctions[name].request.tags.includes(tag));
}

/** The ASN.1 binding's path, media type and protocol version (SGP.32 6.1; reference §2). */
export const ESIPA_ASN1_PATH = '/gsma/rsp2/asn1';
export const ESIPA_ASN1_CONTENT_TYPE = 'application/x-gsma-rsp-asn1';
export const ESIPA_ADMIN_PROTOCOL = 'gsma/rsp/v2.1.0';
