/**
 * A test eIM's indirect-download relay (SGP.32 3.2.3.2, reference §7), only as far as a test of the IPA needs
 * it: each ESipa download function of the IPA is passed to an SM-DP+'s ES9+ (JSON binding) and its answer
 * put back in the ESipa form, the eUICC's bytes unchanged both ways. Not the eIM's relay (src/eim/download/).
 */
import { BoundProfilePackage, EUICCInfo1, ServerSigned1, SmdpSigned2 } from '../../src/asn1/rsp/index.ts';
import {
  AuthenticateClientRequestEsipa,
  AuthenticateClientResponseEsipa,
  GetBoundProfilePackageRequestEsipa,
  GetBoundProfilePackageResponseEsipa,
  InitiateAuthenticationRequestEsipa,
  InitiateAuthenticationResponseEsipa,
  Sgp32StoreMetadataRequest,
} from '../../src/asn1/sgp32/index.ts';
import { readTlv } from '../../src/asn1/tlv.ts';
import { Es9Client } from '../../src/lpa/es9-client.ts';
import type { RecordedRequest, Reply } from './esipa-responder.ts';

const b64 = (value: unknown) => Buffer.from(String(value), 'base64');

/** Second component of a request TLV: the eUICC's answer as it came. */
const secondComponent = (body: Buffer) => {
  const outer = readTlv(body, 0);
  const first = readTlv(outer.value, 0);
  return readTlv(outer.value, first.bytes.length).bytes;
};

export function es9Relay(smdpAddress: string, caPem: string) {
  const es9 = new Es9Client(smdpAddress, { ca: caPem });
  const relayed: string[] = [];
  const relay = async (request: RecordedRequest): Promise<Reply | undefined> => {
    switch (request.function) {
      case 'initiateAuthentication': {
        const ia = InitiateAuthenticationRequestEsipa.decode(request.body);
        const answer = await es9.call('initiateAuthentication', {
          smdpAddress: ia.smdpAddress ?? smdpAddress,
          euiccChallenge: ia.euiccChallenge.toString('base64'),
          euiccInfo1: EUICCInfo1.encode(
            ia.euiccInfo1 ?? {
              svn: Buffer.from([2, 2, 0]),
              euiccCiPKIdListForVerification: [],
              euiccCiPKIdListForSigning: [],
            },
          ).toString('base64'),
        });
        relayed.push('initiateAuthentication');
        return InitiateAuthenticationResponseEsipa.encode({
          initiateAuthenticationOkEsipa: {
            transactionId: Buffer.from(String(answer?.transactionId), 'hex'),
            serverSigned1: ServerSigned1.decode(b64(answer?.serverSigned1)),
            serverSignature1: readTlv(b64(answer?.serverSignature1), 0).value,
            euiccCiPKIdentifierToBeUsed: readTlv(b64(answer?.euiccCiPKIdToBeUsed), 0).value,
            serverCertificate: b64(answer?.serverCertificate),
          },
        });
      }
      case 'authenticateClient': {
        const { transactionId } = AuthenticateClientRequestEsipa.decode(request.body);
        const answer = await es9.call('authenticateClient', {
          transactionId: transactionId.toString('hex').toUpperCase(),
          authenticateServerResponse: secondComponent(request.body).toString('base64'),
        });
        relayed.push('authenticateClient');
        return AuthenticateClientResponseEsipa.encode({
          authenticateClientOkDPEsipa: {
            transactionId,
            profileMetaData: Sgp32StoreMetadataRequest.decode(b64(answer?.profileMetadata)),
            smdpSigned2: SmdpSigned2.decode(b64(answer?.smdpSigned2)),
            smdpSignature2: readTlv(b64(answer?.smdpSignature2), 0).value,
            smdpCertificate: b64(answer?.smdpCertificate),
          },
        });
      }
      case 'getBoundProfilePackage': {
        const { transactionId } = GetBoundProfilePackageRequestEsipa.decode(request.body);
        const answer = await es9.call('getBoundProfilePackage', {
          transactionId: transactionId.toString('hex').toUpperCase(),
          prepareDownloadResponse: secondComponent(request.body).toString('base64'),
        });
        relayed.push('getBoundProfilePackage');
        return GetBoundProfilePackageResponseEsipa.encode({
          getBoundProfilePackageOkEsipa: {
            transactionId,
            boundProfilePackage: BoundProfilePackage.decode(b64(answer?.boundProfilePackage)),
          },
        });
      }
      case 'handleNotification': {
        // HandleNotificationEsipa { A0 { PendingNotification } }: the notification to its receiver
        const wrapped = readTlv(readTlv(request.body, 0).value, 0);
        await es9.call('handleNotification', { pendingNotification: wrapped.value.toString('base64') });
        relayed.push('handleNotification');
        return { status: 204 };
      }
      default:
        return undefined;
    }
  };
  return { relay, relayed, close: () => es9.close() };
}
