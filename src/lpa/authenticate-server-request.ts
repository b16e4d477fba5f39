/**
 * ES10b.AuthenticateServer's request (SGP.22 5.7.13) from a server's initiateAuthentication answer, its fields
 * byte for byte, and the LPA's ctxParams1: the same for a download (ES9+) and a discovery (ES11).
 */
import { AuthenticateServerRequest, CtxParams1, type DeviceInfo } from '../asn1/rsp/index.ts';
import { encodeTlv } from '../asn1/tlv.ts';
import type { Es9Response } from '../protocol/es9-functions.ts';
import { base64Of } from './es9-client.ts';

export const DEFAULT_DEVICE_INFO: DeviceInfo = {
  tac: Buffer.from('35290611', 'hex'),
  deviceCapabilities: {
    gsmSupportedRelease: Buffer.from([15, 0, 0]),
    eutranSupportedRelease: Buffer.from([15, 0, 0]),
  },
};

export function authenticateServerRequest(
  /** ES9+ or ES11 initiateAuthentication's answer (the same fields, SGP.22 6.5.2.1 / 6.5.2.6). */
  initiated: Es9Response<'initiateAuthentication'> | undefined,
  matchingId: string | undefined,
  deviceInfo: DeviceInfo = DEFAULT_DEVICE_INFO,
): Buffer {
  const fn = 'initiateAuthentication';
  const ctxParams1 = CtxParams1.encode({
    ctxParamsForCommonAuthentication: { ...(matchingId !== undefined ? { matchingId } : {}), deviceInfo },
  });
  return encodeTlv(
    AuthenticateServerRequest.tag,
    base64Of(fn, initiated, 'serverSigned1'),
    base64Of(fn, initiated, 'serverSignature1'),
    base64Of(fn, initiated, 'euiccCiPKIdToBeUsed'),
    base64Of(fn, initiated, 'serverCertificate'),
    ctxParams1,
  );
}
