/**
 * A minimal IPA step sequence the built-in IPA (src/ipa) never takes on purpose: an indirect download the
 * device ends after AuthenticateClient with ES10b.CancelSession (reason postponed), relayed as ESipa
 * CancelSession (SGP.32 6.3.2.5). It takes the eIM's Profile Download Trigger, drives the eUICC over ES10 and
 * posts each ESipa request, the bytes as the eUICC made them, building ctxParams1 itself from the activation
 * code's matchingId as onomondo-ipa does. Only for tests of the eIM's side.
 */
import { CtxParams1 } from '../../src/asn1/rsp/index.ts';
import { GetEimPackageResponse } from '../../src/asn1/sgp32/index.ts';
import { encodeTlv, readChildren, readTlv } from '../../src/asn1/tlv.ts';
import { DEFAULT_DEVICE_INFO } from '../../src/lpa/authenticate-server-request.ts';
import type { Es10Client } from '../../src/lpa/es10-client.ts';

/** The TLVs of the response's ok alternative ('BF39 A0 { … }' → its components); an error answer throws. */
function okComponents(response: Buffer): Buffer[] {
  const alternative = readTlv(readTlv(response, 0).value, 0);
  if (alternative.tag !== 0xa0)
    throw new Error(`ESipa error answer ${response.toString('hex').toUpperCase()}`);
  return readChildren(alternative.value).map((tlv) => tlv.bytes);
}

/** Runs the download up to AuthenticateClient, then cancels it; the CancelSession answer's bytes. */
export async function cancelAfterAuthenticateClient(
  es10: Es10Client,
  post: (body: Buffer) => Promise<Buffer>,
  trigger: Buffer,
): Promise<Buffer> {
  const answer = GetEimPackageResponse.decode(trigger);
  if (!('profileDownloadTriggerRequest' in answer)) throw new Error('not a download trigger');
  const { profileDownloadData, eimTransactionId } = answer.profileDownloadTriggerRequest;
  if (!profileDownloadData || !('activationCode' in profileDownloadData))
    throw new Error('no activation code');
  const [, smdpAddress = '', matchingId = ''] = profileDownloadData.activationCode.split('$');

  const initiated = await post(
    encodeTlv(
      0xbf39,
      encodeTlv(0x81, await es10.getEuiccChallenge()),
      encodeTlv(0x83, Buffer.from(smdpAddress, 'utf8')),
      await es10.getEuiccInfo1Der(),
      ...(eimTransactionId ? [encodeTlv(0x82, eimTransactionId)] : []),
    ),
  );
  const [transactionIdTlv, serverSigned1, serverSignature1, euiccCiPKId, serverCertificate] =
    okComponents(initiated);
  if (!transactionIdTlv || !serverSigned1 || !serverSignature1 || !euiccCiPKId || !serverCertificate)
    throw new Error('InitiateAuthenticationOkEsipa without its fields');
  const ctxParams1 = CtxParams1.encode({
    ctxParamsForCommonAuthentication: { matchingId, deviceInfo: DEFAULT_DEVICE_INFO },
  });
  const authenticated = await es10.authenticateServer(
    encodeTlv(0xbf38, serverSigned1, serverSignature1, euiccCiPKId, serverCertificate, ctxParams1),
  );
  okComponents(await post(encodeTlv(0xbf3b, transactionIdTlv, authenticated.der)));
  const cancelled = await es10.cancelSession(readTlv(transactionIdTlv, 0).value, 1);
  // CancelSessionRequestEsipa: the eUICC's answer under [1] ('A1' in place of 'BF41').
  return post(encodeTlv(0xbf41, transactionIdTlv, encodeTlv(0xa1, readTlv(cancelled.der, 0).value)));
}
