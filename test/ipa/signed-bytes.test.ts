import { describe, expect, it } from 'vitest';
import { ServerSigned1, SmdpSigned2 } from '../../src/asn1/rsp/index.ts';
import {
  AuthenticateClientRequestEsipa,
  AuthenticateClientResponseEsipa,
  CancelSessionResponseEsipa,
  GetBoundProfilePackageRequestEsipa,
  GetBoundProfilePackageResponseEsipa,
  GetEimPackageResponse,
  InitiateAuthenticationRequestEsipa,
  InitiateAuthenticationResponseEsipa,
  ProvideEimPackageResult,
  ProvideEimPackageResultResponse,
} from '../../src/asn1/sgp32/index.ts';
import { encodeTlv, readChildren, readTlv } from '../../src/asn1/tlv.ts';
import { ecdsaSign } from '../../src/crypto/ecdsa.ts';
import { IotEs10Client } from '../../src/ipa/es10-iot-client.ts';
import { runIpa } from '../../src/ipa/ipa-run.ts';
import { executeEuiccPackage } from '../../src/ipa/package-procedure.ts';
import { Es10Client } from '../../src/lpa/es10-client.ts';
import { loadDefaultPki } from '../../src/pki/pki-store.ts';
import { smdpSignature2Input } from '../../src/protocol/signed-data.ts';
import { type Reply, startEsipaResponder } from '../helpers/esipa-responder.ts';
import { ICCID_B, iotCard } from '../helpers/iot-card.ts';

/**
 * SGP.32 3.3.1 / 3.2.3.2: the IPA passes signed bytes on unchanged, both ways. Each signed SEQUENCE here ends
 * with a TLV no declaration knows (EXTENSIBILITY IMPLIED, as a newer eUICC or SM-DP+ may send): a re-encoding
 * of the decoded value would drop it and break the signature over it.
 */
const EXTENSION = Buffer.from('df7f03cafe01', 'hex');

/** `der` with EXTENSION appended inside the TLV reached by child indexes `path` (lengths recomputed). */
function extendAt(der: Buffer, path: readonly number[]): Buffer {
  const tlv = readTlv(der, 0);
  const [index, ...rest] = path;
  if (index === undefined) return encodeTlv(tlv.tag, tlv.value, EXTENSION);
  const parts = readChildren(tlv.value).map((child, i) =>
    i === index ? extendAt(child.bytes, rest) : child.bytes,
  );
  return encodeTlv(tlv.tag, ...parts);
}

/** The TLV reached by child indexes `path`. */
function tlvAt(der: Buffer, path: readonly number[]): Buffer {
  return path.reduce((bytes, index) => {
    const child = readChildren(readTlv(bytes, 0).value)[index];
    if (!child) throw new Error(`no child ${index}`);
    return child.bytes;
  }, der);
}

/** An eUICC whose answers carry an unknown extension: LoadEuiccPackage's signed result, each notification's tbs. */
class ExtendingEs10Client extends Es10Client {
  /** Every answer as the IPA got it. */
  readonly answers: Buffer[] = [];
  override async storeData(data: Buffer): Promise<Buffer> {
    const answer = extend(await super.storeData(data));
    this.answers.push(answer);
    return answer;
  }
}

function extend(answer: Buffer): Buffer {
  const tag = readTlv(answer, 0).tag;
  // BF51 { EuiccPackageResultSigned { euiccPackageResultDataSigned … } }
  if (tag === 0xbf51) return extendAt(answer, [0, 0]);
  // BF2B { A0 notificationList { notification { tbs … } … } }
  if (tag !== 0xbf2b || readTlv(tlvAt(answer, [0]), 0).tag !== 0xa0) return answer;
  const count = readChildren(readTlv(tlvAt(answer, [0]), 0).value).length;
  let extended = answer;
  for (let i = 0; i < count; i++) extended = extendAt(extended, [0, i, 0]);
  return extended;
}

describe.each(['P-256', 'brainpoolP256r1'] as const)('signed bytes through the IPA on %s', (curve) => {
  it("ProvideEimPackageResult carries the eUICC's own EPR and notifications, byte for byte", async () => {
    const { card, sign } = await iotCard(curve, {});
    const es10 = new ExtendingEs10Client(card);
    const executed = await executeEuiccPackage(
      new IotEs10Client(es10),
      Buffer.from(card.eid, 'hex'),
      sign({ psmoList: [{ enable: { iccid: ICCID_B } }] }).der,
    );
    const seen = es10.answers;
    const epr = seen.find((answer) => readTlv(answer, 0).tag === 0xbf51);
    const listed = seen.find((answer) => readTlv(answer, 0).tag === 0xbf2b);
    if (!epr || !listed) throw new Error('no package result or notification list');
    const notifications = readChildren(tlvAt(listed, [0])).map((child) => child.bytes);
    // the enable's notification (profile B asks for one), extended, beside the extended EPR
    expect(notifications).toHaveLength(1);
    expect(epr.includes(EXTENSION)).toBe(true);
    const body = executed.provideEimPackageResult;
    const reported = ProvideEimPackageResult.decode(body).eimPackageResult;
    if (!('ePRAndNotifications' in reported)) throw new Error('no ePRAndNotifications');
    // BF50 { 5A eid, 30 { BF51 …, A0 { notifications } } }: the eUICC's TLVs, as it sent them
    expect(tlvAt(body, [1, 0])).toEqual(epr);
    expect(readChildren(tlvAt(body, [1, 1])).map((child) => child.bytes)).toEqual(notifications);
    expect(notifications.every((notification) => notification.includes(EXTENSION))).toBe(true);
  });

  it("AuthenticateServer and PrepareDownload get the eIM's serverSigned1 and smdpSigned2 byte for byte", async () => {
    const pki = loadDefaultPki().curves.get(curve);
    if (!pki?.dpAuth || !pki.dpPb) throw new Error('no DPauth / DPpb in the test PKI');
    const { dpAuth, dpPb } = pki;
    const { card } = await iotCard(curve, { indirectProfileDownload: null });
    const transactionId = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');
    const serverAddress = 'smdp.example.com';
    let triggered = false;
    const responder = await startEsipaResponder((request): Reply => {
      switch (request.function) {
        case 'getEimPackage':
          if (triggered) return GetEimPackageResponse.encode({ eimPackageError: 1 });
          triggered = true;
          return GetEimPackageResponse.encode({
            profileDownloadTriggerRequest: {
              profileDownloadData: { activationCode: `1$${serverAddress}$X` },
            },
          });
        case 'initiateAuthentication': {
          const { euiccChallenge } = InitiateAuthenticationRequestEsipa.decode(request.body);
          const signed = extendAt(
            ServerSigned1.encode({
              transactionId,
              euiccChallenge,
              serverAddress,
              serverChallenge: Buffer.alloc(16, 3),
            }),
            [],
          );
          const answer = InitiateAuthenticationResponseEsipa.encode({
            initiateAuthenticationOkEsipa: {
              transactionId,
              serverSigned1: ServerSigned1.decode(signed),
              serverSignature1: ecdsaSign(dpAuth.privateKey, signed),
              euiccCiPKIdentifierToBeUsed: pki.ci.subjectKeyIdentifier,
              serverCertificate: dpAuth.certificate.der,
            },
          });
          // BF39 { A0 { 80 transactionId, 30 serverSigned1 … } }: the extension the signature covers
          return extendAt(answer, [0, 1]);
        }
        case 'authenticateClient': {
          const { authenticateServerResponse } = AuthenticateClientRequestEsipa.decode(request.body);
          if (!('authenticateResponseOk' in authenticateServerResponse)) return { status: 400 }; // the eUICC refused serverSignature1: the test fails below
          const { euiccSignature1 } = authenticateServerResponse.authenticateResponseOk;
          const signed = extendAt(SmdpSigned2.encode({ transactionId, ccRequiredFlag: false }), []);
          const answer = AuthenticateClientResponseEsipa.encode({
            authenticateClientOkDPEsipa: {
              transactionId,
              smdpSigned2: SmdpSigned2.decode(signed),
              smdpSignature2: ecdsaSign(dpPb.privateKey, smdpSignature2Input(signed, euiccSignature1)),
              smdpCertificate: dpPb.certificate.der,
            },
          });
          // BF3B { A0 { 80 transactionId, 30 smdpSigned2 … } }
          return extendAt(answer, [0, 1]);
        }
        case 'getBoundProfilePackage':
          // the test ends here: the eUICC accepted smdpSignature2 or it did not
          return GetBoundProfilePackageResponseEsipa.encode({ getBoundProfilePackageErrorEsipa: 127 });
        case 'cancelSession':
          return CancelSessionResponseEsipa.encode({ cancelSessionOk: {} });
        case 'provideEimPackageResult':
          return ProvideEimPackageResultResponse.encode({ emptyResponse: {} });
        default:
          return { status: 204 };
      }
    });
    try {
      await runIpa(card, { caPem: responder.caPem, eimFqdn: responder.fqdn, once: true });
      const relayed = responder.requests.find((r) => r.function === 'getBoundProfilePackage');
      if (!relayed) throw new Error('the IPA did not reach GetBoundProfilePackage');
      // the eUICC verified both signatures over the extended bytes: they reached it unchanged
      const { prepareDownloadResponse } = GetBoundProfilePackageRequestEsipa.decode(relayed.body);
      expect(Object.keys(prepareDownloadResponse)).toEqual(['downloadResponseOk']);
    } finally {
      await responder.close();
    }
  });
});
