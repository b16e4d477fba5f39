/**
 * What the IPA makes of the eIM's answer to GetEimPackage (SGP.32 3.3.1 steps 1-3, 6.3.2.6) and how it says
 * that a package cannot be used (6.3.2.7: ProvideEimPackageResult with eimPackageResultResponseError).
 *
 * An eUICC Package ('BF51') is delimited, never decoded: the IPA passes it to ES10b.LoadEuiccPackage as the
 * eIM signed it (3.3.1 step 3), and what in it is malformed is the eUICC's to find and refuse. A data request or
 * a download trigger is the IPA's own to read. When the package cannot be delimited or read, the IPA reports
 * `invalidPackageFormat` (1); an alternative the module does not have (a later release's), `unknownPackage`
 * (2); an eUICC Package the eUICC refused without an EuiccPackageResult, `invalidPackageFormat` for wrong data
 * (SW 6A80) and `undefinedError` (127) otherwise. Each report echoes the package's eimTransactionId when it
 * can be read, so that the eIM can tell which order it answers (docs/sgp32-readings.md, "The built-in IPA").
 */
import { Asn1DecodeError } from '../asn1/decode-error.ts';
import type { Infer } from '../asn1/schema.ts';
import {
  type EimPackageResultErrorCodeName,
  EimPackageResultErrorCodes,
  GetEimPackageResponse,
  type IpaEuiccDataRequest,
  type ProfileDownloadTriggerRequest,
  ProvideEimPackageResult,
} from '../asn1/sgp32/index.ts';
import { readChildren, readTlv, type Tlv } from '../asn1/tlv.ts';
import { EsipaError } from './esipa-client.ts';

type GetEimPackageAnswer = Infer<typeof GetEimPackageResponse>;

/** One GetEimPackage answer, as the IPA goes on with it. */
export type RetrievedPackage =
  /** The EuiccPackageRequest TLV exactly as the eIM sent it, unread. */
  | { readonly kind: 'euiccPackage'; readonly der: Buffer }
  | { readonly kind: 'euiccDataRequest'; readonly request: IpaEuiccDataRequest }
  | { readonly kind: 'profileDownloadTrigger'; readonly request: ProfileDownloadTriggerRequest }
  /** The eIM's eimPackageError (noEimPackageAvailable …). */
  | { readonly kind: 'eimPackageError'; readonly code: number }
  /** A package the IPA cannot use: to report to the eIM. */
  | {
      readonly kind: 'unusable';
      readonly code: EimPackageResultErrorCodeName;
      readonly eimTransactionId?: Buffer;
      readonly detail: string;
    };

const GET_EIM_PACKAGE_RESPONSE = 0xbf4f;
const EUICC_PACKAGE_REQUEST = 0xbf51;
/** Where each alternative keeps its eimTransactionId: IpaEuiccDataRequest [3], ProfileDownloadTriggerRequest [2]. */
const TRANSACTION_ID_TAG: Readonly<Record<number, number>> = { 48978: 0x83, 48980: 0x82 };
/** The alternatives GetEimPackageResponse declares (SGP.32 6.3.2.6): BF51, BF52, BF54, eimPackageError 02. */
const DECLARED = new Set([EUICC_PACKAGE_REQUEST, ...Object.keys(TRANSACTION_ID_TAG).map(Number), 0x02]);

/** The one TLV filling `bytes` exactly, or why not. */
function onlyTlv(bytes: Buffer): Tlv | string {
  try {
    const tlv = readTlv(bytes, 0);
    return tlv.bytes.length === bytes.length ? tlv : `${bytes.length - tlv.bytes.length} bytes after it`;
  } catch (error) {
    if (!(error instanceof Asn1DecodeError)) throw error;
    return error.message;
  }
}

/** The value of the child with `tag` of a constructed TLV, if its children can be read at all. */
function childValue(tlv: Tlv | undefined, tag: number): Buffer | undefined {
  if (!tlv) return undefined;
  try {
    return readChildren(tlv.value).find((child) => child.tag === tag)?.value;
  } catch (error) {
    if (!(error instanceof Asn1DecodeError)) throw error;
    return undefined;
  }
}

/** The eimTransactionId [2] ('82') of an EuiccPackageRequest's EuiccPackageSigned, as far as it can be read. */
export function packageTransactionId(euiccPackageRequestDer: Buffer): Buffer | undefined {
  const request = onlyTlv(euiccPackageRequestDer);
  if (typeof request === 'string') return undefined;
  const signed = childValue(request, 0x30);
  return signed ? childValue({ ...request, value: signed }, 0x82) : undefined;
}

/**
 * Reads a GetEimPackage answer (HTTP 200 in the binding's Content-Type). Not one GetEimPackageResponse TLV at
 * all ('BF4F'): an EsipaError, the eIM's answer being outside the binding; a 'BF4F' whose package cannot be
 * used: `unusable`.
 */
export function readEimPackage(answer: Buffer): RetrievedPackage {
  const outer = onlyTlv(answer);
  if (typeof outer === 'string' || outer.tag !== GET_EIM_PACKAGE_RESPONSE)
    throw new EsipaError('getEimPackage', 'the answer is not one GetEimPackageResponse (BF4F)', 200);
  const inner = onlyTlv(outer.value);
  if (typeof inner === 'string')
    return {
      kind: 'unusable',
      code: 'invalidPackageFormat',
      detail: `the package cannot be delimited: ${inner}`,
    };
  if (inner.tag === EUICC_PACKAGE_REQUEST) return { kind: 'euiccPackage', der: inner.bytes };
  if (!DECLARED.has(inner.tag))
    return {
      kind: 'unusable',
      code: 'unknownPackage',
      detail: `GetEimPackageResponse has no alternative of tag ${inner.tag.toString(16).toUpperCase()}`,
    };
  let value: GetEimPackageAnswer;
  try {
    value = GetEimPackageResponse.decode(answer);
  } catch (error) {
    if (!(error instanceof Asn1DecodeError)) throw error;
    const tagOfId = TRANSACTION_ID_TAG[inner.tag];
    const eimTransactionId = tagOfId === undefined ? undefined : childValue(inner, tagOfId);
    return {
      kind: 'unusable',
      code: 'invalidPackageFormat',
      ...(eimTransactionId ? { eimTransactionId } : {}),
      detail: error.message,
    };
  }
  if ('ipaEuiccDataRequest' in value) return { kind: 'euiccDataRequest', request: value.ipaEuiccDataRequest };
  if ('profileDownloadTriggerRequest' in value)
    return { kind: 'profileDownloadTrigger', request: value.profileDownloadTriggerRequest };
  if ('eimPackageError' in value) return { kind: 'eimPackageError', code: value.eimPackageError };
  // 'BF51' was taken above, undecoded
  throw new TypeError('an eUICC Package decoded');
}

/** `ProvideEimPackageResult { eidValue, eimPackageResultResponseError { eimTransactionId?, code } }`. */
export function packageErrorReport(
  eid: Buffer,
  code: EimPackageResultErrorCodeName,
  eimTransactionId?: Buffer,
): Buffer {
  const eimPackageResultErrorCode = EimPackageResultErrorCodes[code];
  return ProvideEimPackageResult.encode({
    eidValue: eid,
    eimPackageResult: {
      eimPackageResultResponseError: {
        ...(eimTransactionId ? { eimTransactionId } : {}),
        eimPackageResultErrorCode,
      },
    },
  });
}
