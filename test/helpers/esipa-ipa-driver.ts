/**
 * A minimal IPA for tests of the eIM's indirect download (SGP.32 3.2.1): it takes the eIM's Profile Download
 * Trigger, drives the eUICC over ES10 (src/lpa/es10-client.ts) and sends each ESipa request of the download
 * to `esipa` (the eIM: its relay functions, or its HTTP binding), the bytes as the eUICC made them. The IPA
 * builds ctxParams1 itself from the activation code's matchingId, as onomondo-ipa does. Not the product IPA
 * (`rspsim ipa run`): only what the tests need to see the eIM's side.
 */
import { CtxParams1, ProfileInstallationResultData } from '../../src/asn1/rsp/index.ts';
import { GetEimPackageResponse } from '../../src/asn1/sgp32/index.ts';
import { encodeTlv, readChildren, readTlv } from '../../src/asn1/tlv.ts';
import { DEFAULT_DEVICE_INFO } from '../../src/lpa/authenticate-server-request.ts';
import type { Es10Client } from '../../src/lpa/es10-client.ts';

/** The eIM's side of ESipa as the driver calls it: one request body in, the response body out. */
export interface EsipaEndpoint {
  initiateAuthentication(body: Buffer): Promise<Buffer>;
  authenticateClient(body: Buffer): Promise<Buffer>;
  getBoundProfilePackage(body: Buffer): Promise<Buffer>;
  cancelSession(body: Buffer): Promise<Buffer>;
  handleNotification(body: Buffer): Promise<void>;
}

export interface DriverRun {
  /** Every ESipa exchange, in order: the function's tag and both bodies. */
  readonly exchanges: { request: Buffer; response: Buffer | undefined }[];
  readonly transactionId?: Buffer;
  /** The ProfileInstallationResult ('BF37') the eUICC made. */
  readonly pir?: Buffer;
}

/** The top-level TLVs under the response's one alternative ('BF39 A0 { … }' → its components). */
function okComponents(response: Buffer, okTag = 0xa0): Buffer[] {
  const alternative = readTlv(readTlv(response, 0).value, 0);
  if (alternative.tag !== okTag)
    throw new Error(`ESipa error answer ${response.toString('hex').toUpperCase()}`);
  return readChildren(alternative.value).map((tlv) => tlv.bytes);
}

/**
 * Runs an indirect download from a trigger ('BF4F { BF54 … }'); `cancelAfterAuthenticateClient` ends it with
 * ES10b.CancelSession (reason postponed) relayed as ESipa.CancelSession instead of downloading.
 */
export async function runIndirectDownload(
  es10: Es10Client,
  esipa: EsipaEndpoint,
  trigger: Buffer,
  options: { cancelAfterAuthenticateClient?: boolean } = {},
): Promise<DriverRun> {
  const exchanges: DriverRun['exchanges'] = [];
  const send = async (call: (body: Buffer) => Promise<Buffer>, request: Buffer) => {
    const response = await call(request);
    exchanges.push({ request, response });
    return response;
  };
  const answer = GetEimPackageResponse.decode(trigger);
  if (!('profileDownloadTriggerRequest' in answer)) throw new Error('not a download trigger');
  const { profileDownloadData, eimTransactionId } = answer.profileDownloadTriggerRequest;
  if (!profileDownloadData || !('activationCode' in profileDownloadData))
    throw new Error('no activation code');
  const [, smdpAddress = '', matchingId = ''] = profileDownloadData.activationCode.split('$');

  const euiccChallenge = await es10.getEuiccChallenge();
  const euiccInfo1 = await es10.getEuiccInfo1Der();
  const initiated = await send(
    (body) => esipa.initiateAuthentication(body),
    encodeTlv(
      0xbf39,
      encodeTlv(0x81, euiccChallenge),
      encodeTlv(0x83, Buffer.from(smdpAddress, 'utf8')),
      euiccInfo1,
      ...(eimTransactionId ? [encodeTlv(0x82, eimTransactionId)] : []),
    ),
  );
  const [transactionIdTlv, serverSigned1, serverSignature1, euiccCiPKId, serverCertificate] =
    okComponents(initiated);
  if (!transactionIdTlv || !serverSigned1 || !serverSignature1 || !euiccCiPKId || !serverCertificate)
    throw new Error('InitiateAuthenticationOkEsipa without its fields');
  const transactionId = readTlv(transactionIdTlv, 0).value;
  const ctxParams1 = CtxParams1.encode({
    ctxParamsForCommonAuthentication: { matchingId, deviceInfo: DEFAULT_DEVICE_INFO },
  });
  const authenticated = await es10.authenticateServer(
    encodeTlv(0xbf38, serverSigned1, serverSignature1, euiccCiPKId, serverCertificate, ctxParams1),
  );
  const client = await send(
    (body) => esipa.authenticateClient(body),
    encodeTlv(0xbf3b, transactionIdTlv, authenticated.der),
  );
  const [, , smdpSigned2, smdpSignature2, smdpCertificate] = okComponents(client);
  if (!smdpSigned2 || !smdpSignature2 || !smdpCertificate)
    throw new Error('AuthenticateClientOkDPEsipa incomplete');

  if (options.cancelAfterAuthenticateClient) {
    const cancelled = await es10.cancelSession(transactionId, 1);
    // CancelSessionRequestEsipa: the eUICC's answer under [1] ('A1' in place of 'BF41').
    await send(
      (body) => esipa.cancelSession(body),
      encodeTlv(0xbf41, transactionIdTlv, encodeTlv(0xa1, readTlv(cancelled.der, 0).value)),
    );
    return { exchanges, transactionId };
  }

  const prepared = await es10.prepareDownload(
    encodeTlv(0xbf21, smdpSigned2, smdpSignature2, smdpCertificate),
  );
  const bound = await send(
    (body) => esipa.getBoundProfilePackage(body),
    encodeTlv(0xbf3a, transactionIdTlv, prepared.der),
  );
  const [, bpp] = okComponents(bound);
  if (!bpp) throw new Error('GetBoundProfilePackageOkEsipa without a BPP');
  const pir = await es10.loadBoundProfilePackage(bpp);
  const notification = encodeTlv(0xbf3d, encodeTlv(0xa0, pir));
  await esipa.handleNotification(notification);
  exchanges.push({ request: notification, response: undefined });
  const data = ProfileInstallationResultData.decode(readTlv(readTlv(pir, 0).value, 0).bytes);
  await es10.removeNotification(data.notificationMetadata.seqNumber);
  return { exchanges, transactionId, pir };
}
