/**
 * The bytes of the eIM's malformed-package scenarios (eim-scenarios.ts): what the eIM answers a GetEimPackage
 * with instead of a well-formed GetEimPackageResponse. Built from the package the eIM would have sent, so that
 * everything but the one defect is as usual; none of them is a value of the module's types, so each is the DER
 * of the whole answer ('BF4F …'), sent as it is.
 */
import type { KeyObject } from 'node:crypto';
import { derOf } from '../../asn1/schema.ts';
import type { GetEimPackageResponse } from '../../asn1/sgp32/index.ts';
import { encodeTlv, lengthBytes, readChildren, readTlv, tagBytes } from '../../asn1/tlv.ts';
import { ecdsaSign } from '../../crypto/ecdsa.ts';
import { eimPackageSignatureInput } from '../../protocol/eim-signed-data.ts';
import type { SignedEuiccPackage } from '../euicc-package.ts';

/** GetEimPackageResponse's tag ([79], 'BF4F'), around each answer. */
const GET_EIM_PACKAGE_RESPONSE = 0xbf4f;
/** EuiccPackageRequest ('BF51') and its eimSignature ('5F37'), SGP.32 2.11.1.1. */
const EUICC_PACKAGE_REQUEST = 0xbf51;
const EIM_SIGNATURE = 0x5f37;
/** An alternative GetEimPackageResponse does not have: [127], constructed, as a later release's might be. */
const UNKNOWN_ALTERNATIVE = 0xbf7f;

/**
 * `eim-malformed-signed-part`: the EuiccPackageSigned without its last, mandatory component (the euiccPackage
 * CHOICE), signed correctly over exactly those bytes ‖ the association token, in an intact EuiccPackageRequest.
 * Only a decoder of EuiccPackageSigned sees the defect: the eUICC, which must refuse it.
 */
export function malformedSignedPart(
  signed: SignedEuiccPackage,
  associationToken: number | undefined,
  eimPrivateKey: KeyObject,
): Buffer {
  const components = readChildren(readTlv(derOf(signed.request.euiccPackageSigned), 0).value);
  const withoutPackage = encodeTlv(0x30, ...components.slice(0, -1).map((c) => c.bytes));
  const eimSignature = ecdsaSign(eimPrivateKey, eimPackageSignatureInput(withoutPackage, associationToken));
  return encodeTlv(
    GET_EIM_PACKAGE_RESPONSE,
    encodeTlv(EUICC_PACKAGE_REQUEST, withoutPackage, encodeTlv(EIM_SIGNATURE, eimSignature)),
  );
}

/**
 * `eim-malformed-package`: the answer's one alternative with a length one more than the bytes that follow it,
 * inside a well-formed 'BF4F': an IPA can tell it got a GetEimPackageResponse but cannot delimit the package.
 */
export function truncatedPackage(getEimPackageResponseDer: Buffer): Buffer {
  const inner = readTlv(readTlv(getEimPackageResponseDer, 0).value, 0);
  return encodeTlv(
    GET_EIM_PACKAGE_RESPONSE,
    tagBytes(inner.tag),
    lengthBytes(inner.value.length + 1),
    inner.value,
  );
}

/** `eim-unknown-package`: a well-formed GetEimPackageResponse whose alternative the module does not declare. */
export const unknownPackage = (): Buffer =>
  encodeTlv(GET_EIM_PACKAGE_RESPONSE, encodeTlv(UNKNOWN_ALTERNATIVE, Buffer.alloc(0)));

/**
 * `eim-malformed-activation-code`: the trigger's activation code cut after its SM-DP+ address, so that the
 * AC_Token field and its delimiter are missing (SGP.22 4.1): well-formed DER, content no IPA can use.
 */
export function activationCodeWithoutToken(response: GetEimPackageResponse): GetEimPackageResponse {
  if (!('profileDownloadTriggerRequest' in response)) return response;
  const trigger = response.profileDownloadTriggerRequest;
  const data = trigger.profileDownloadData;
  const address = data && 'activationCode' in data ? (data.activationCode.split('$')[1] ?? '') : '';
  return {
    profileDownloadTriggerRequest: { ...trigger, profileDownloadData: { activationCode: `1$${address}` } },
  };
}
