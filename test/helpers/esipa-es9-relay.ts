/**
 * A test eIM's indirect-download relay (SGP.32 3.2.3.2, reference §7), only as far as a test of the IPA needs
 * it: each ESipa download function of the IPA is passed to an SM-DP+'s ES9+ (JSON binding) and its answer
 * put back in the ESipa form, the eUICC's bytes unchanged both ways. Not the eIM's relay (src/eim/download/).
 */
import {
  AuthenticateClientRequestEsipa,
  AuthenticateClientResponseEsipa,
  GetBoundProfilePackageRequestEsipa,
  GetBoundProfilePackageResponseEsipa,
  InitiateAuthenticationRequestEsipa,
  InitiateAuthenticationResponseEsipa,
} from '../../src/asn1/sgp32/index.ts';
import { encodeTlv, readChildren, readTlv } from '../../src/asn1/tlv.ts';
import { Es9Client } from '../../src/lpa/es9-client.ts';
import type { RecordedRequest, Reply } from './esipa-responder.ts';

const b64 = (value: unknown) => Buffer.from(String(value), 'base64');

/** The components of a request's first constructed level: the IPA's (and so the eUICC's) TLVs as they came. */
const components = (body: Buffer) => readChildren(readTlv(body, 0).value);

/** Second component of a request TLV: the eUICC's answer as it came. */
const secondComponent = (body: Buffer) => components(body)[1]?.bytes ?? Buffer.alloc(0);

/**
 * An ESipa response `tag { A0 { 80 transactionId, …parts } }` (SGP.32 6.3.2) with the SM-DP+'s base64 fields
 * as their exact bytes: the signed parts (serverSigned1, smdpSigned2, the BPP) are never decoded and encoded
 * again, so what the eUICC verifies is what the SM-DP+ signed. The whole answer is then decoded once as a check.
 */
function esipaAnswer(
  schema: { decode(der: Buffer): unknown },
  tag: number,
  transactionId: Buffer,
  ...parts: Buffer[]
): Buffer {
  const der = encodeTlv(tag, encodeTlv(0xa0, encodeTlv(0x80, transactionId), ...parts));
  schema.decode(der);
  return der;
}

export function es9Relay(smdpAddress: string, caPem: string) {
  const es9 = new Es9Client(smdpAddress, { ca: caPem });
  const relayed: string[] = [];
  const relay = async (request: RecordedRequest): Promise<Reply | undefined> => {
    switch (request.function) {
      case 'initiateAuthentication': {
        const ia = InitiateAuthenticationRequestEsipa.decode(request.body);
        // euiccInfo1 ('BF20') as the IPA sent it
        const euiccInfo1 = components(request.body).find((child) => child.tag === 0xbf20);
        if (!euiccInfo1) return { status: 400 };
        const answer = await es9.call('initiateAuthentication', {
          smdpAddress: ia.smdpAddress ?? smdpAddress,
          euiccChallenge: ia.euiccChallenge.toString('base64'),
          euiccInfo1: euiccInfo1.bytes.toString('base64'),
        });
        relayed.push('initiateAuthentication');
        return esipaAnswer(
          InitiateAuthenticationResponseEsipa,
          0xbf39,
          Buffer.from(String(answer?.transactionId), 'hex'),
          b64(answer?.serverSigned1),
          b64(answer?.serverSignature1),
          b64(answer?.euiccCiPKIdToBeUsed),
          b64(answer?.serverCertificate),
        );
      }
      case 'authenticateClient': {
        const { transactionId } = AuthenticateClientRequestEsipa.decode(request.body);
        const answer = await es9.call('authenticateClient', {
          transactionId: transactionId.toString('hex').toUpperCase(),
          authenticateServerResponse: secondComponent(request.body).toString('base64'),
        });
        relayed.push('authenticateClient');
        return esipaAnswer(
          AuthenticateClientResponseEsipa,
          0xbf3b,
          transactionId,
          b64(answer?.profileMetadata),
          b64(answer?.smdpSigned2),
          b64(answer?.smdpSignature2),
          b64(answer?.smdpCertificate),
        );
      }
      case 'getBoundProfilePackage': {
        const { transactionId } = GetBoundProfilePackageRequestEsipa.decode(request.body);
        const answer = await es9.call('getBoundProfilePackage', {
          transactionId: transactionId.toString('hex').toUpperCase(),
          prepareDownloadResponse: secondComponent(request.body).toString('base64'),
        });
        relayed.push('getBoundProfilePackage');
        return esipaAnswer(
          GetBoundProfilePackageResponseEsipa,
          0xbf3a,
          transactionId,
          b64(answer?.boundProfilePackage),
        );
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
