import { createPrivateKey } from 'node:crypto';
import { expect } from 'vitest';
/**
 * A scripted eUICC for server tests: it holds the SGP.26 sample eUICC credentials and builds each ES10
 * answer with our codec and crypto, so a test can send real DER — or deliberately wrong DER — over ES9+.
 * It is an independent implementation of the eUICC side, kept minimal; the emulator is the real one.
 */
import {
  EUICCInfo1,
  type EUICCInfo2,
  EUICCSigned2,
  EuiccCancelSessionSigned,
  EuiccSigned1,
  type NotificationEventName,
  NotificationMetadata,
  ProfileInstallationResultData,
  ServerSigned1,
  SmdpSigned2,
} from '../../src/asn1/rsp/index.ts';
import { encodeTlv } from '../../src/asn1/tlv.ts';
import type { Curve } from '../../src/crypto/curve.ts';
import { ecdsaSign } from '../../src/crypto/ecdsa.ts';
import { type EphemeralKeyPair, generateEphemeralKeyPair } from '../../src/crypto/ecka.ts';
import { newEuiccState } from '../../src/euicc/identity.ts';
import { loadDefaultPki } from '../../src/pki/pki-store.ts';
import { euiccSignature2Input, hashConfirmationCode } from '../../src/protocol/signed-data.ts';
import { postEs9 } from './es9-request.ts';

const pki = loadDefaultPki();

export const sampleEuiccInfo2 = (ciPkids: Buffer[]): EUICCInfo2 => ({
  profileVersion: Buffer.from([2, 3, 1]),
  svn: Buffer.from([2, 2, 2]),
  euiccFirmwareVer: Buffer.from([1, 0, 0]),
  extCardResource: Buffer.from('810100820400010000830200ff', 'hex'),
  uiccCapability: ['usimSupport', 'isimSupport', 'akaMilenage'],
  rspCapability: ['additionalProfile', 'testProfileSupport'],
  euiccCiPKIdListForVerification: ciPkids,
  euiccCiPKIdListForSigning: ciPkids,
  ppVersion: Buffer.from([0, 0, 1]),
  sasAcreditationNumber: 'RSPSIM-TEST',
});

export class ScriptedEuicc {
  readonly curve: Curve;
  readonly ciPkid: Buffer;
  readonly eid: string;
  readonly euiccCertificate: Buffer;
  readonly eumCertificate: Buffer;
  readonly #key;
  otpk?: EphemeralKeyPair;
  lastEuiccSignature1?: Buffer;

  /** The SGP.26 sample eUICC of the curve, or with `fresh` a new eUICC (its own EID) under the same EUM. */
  constructor(curve: Curve = 'P-256', { fresh = false } = {}) {
    const entry = pki.curves.get(curve)!;
    this.curve = curve;
    this.ciPkid = entry.ci.subjectKeyIdentifier;
    this.eumCertificate = entry.eum!.certificate.der;
    if (fresh) {
      const identity = newEuiccState(pki, curve);
      this.eid = identity.eid;
      this.euiccCertificate = Buffer.from(identity.euiccCertificate, 'base64');
      this.#key = createPrivateKey(identity.privateKeyPem);
    } else {
      this.eid = entry.euicc!.certificate.eid!;
      this.euiccCertificate = entry.euicc!.certificate.der;
      this.#key = entry.euicc!.privateKey;
    }
  }

  euiccInfo1(): string {
    return EUICCInfo1.encode({
      svn: Buffer.from([2, 2, 2]),
      euiccCiPKIdListForVerification: [this.ciPkid],
      euiccCiPKIdListForSigning: [this.ciPkid],
    }).toString('base64');
  }

  initiateAuthentication(url: string, address: string, localAddress?: string) {
    return postEs9(
      url,
      'initiateAuthentication',
      {
        smdpAddress: address,
        euiccChallenge: Buffer.alloc(16, 0x42).toString('base64'),
        euiccInfo1: this.euiccInfo1(),
      },
      localAddress ? { localAddress } : {},
    );
  }

  /** initiateAuthentication and authenticateClient for an order, both answered; the session and the answer. */
  async authenticatedSession(url: string, address: string, matchingId: string) {
    const initiate = await this.initiateAuthentication(url, address);
    const transactionId = initiate.body.transactionId as string;
    const authenticate = await postEs9(url, 'authenticateClient', {
      transactionId,
      authenticateServerResponse: this.authenticateServer(initiate.body, matchingId),
    });
    expect(authenticate.body?.header?.functionExecutionStatus?.status).toBe('Executed-Success');
    return { transactionId, authenticate };
  }

  /** ES10b.AuthenticateServer's answer to an initiateAuthentication response. */
  authenticateServer(
    initiate: Record<string, string>,
    matchingId: string | undefined,
    tamper: { signature?: boolean; serverChallenge?: Buffer; certificate?: Buffer } = {},
  ): string {
    const signed1 = ServerSigned1.decode(Buffer.from(initiate.serverSigned1!, 'base64'));
    const euiccSigned1 = EuiccSigned1.encode({
      transactionId: signed1.transactionId,
      serverAddress: signed1.serverAddress,
      serverChallenge: tamper.serverChallenge ?? signed1.serverChallenge,
      euiccInfo2: sampleEuiccInfo2([this.ciPkid]),
      ctxParams1: {
        ctxParamsForCommonAuthentication: {
          ...(matchingId !== undefined ? { matchingId } : {}),
          deviceInfo: { tac: Buffer.from('35290611', 'hex'), deviceCapabilities: {} },
        },
      },
    });
    const signature = ecdsaSign(this.#key, euiccSigned1);
    if (tamper.signature) signature[5]! ^= 0x01;
    this.lastEuiccSignature1 = signature;
    const ok = Buffer.concat([
      euiccSigned1,
      encodeTlv(0x5f37, signature),
      tamper.certificate ?? this.euiccCertificate,
      this.eumCertificate,
    ]);
    return encodeTlv(0xbf38, encodeTlv(0xa0, ok)).toString('base64');
  }

  /** ES10b.PrepareDownload's answer to an authenticateClient response. */
  prepareDownload(
    authenticate: Record<string, string>,
    confirmationCode?: string,
    tamper: { signature?: boolean } = {},
  ) {
    const smdpSigned2 = SmdpSigned2.decode(Buffer.from(authenticate.smdpSigned2!, 'base64'));
    const smdpSignature2 = Buffer.from(authenticate.smdpSignature2!, 'base64').subarray(3);
    this.otpk ??= generateEphemeralKeyPair(this.curve);
    const euiccSigned2 = EUICCSigned2.encode({
      transactionId: smdpSigned2.transactionId,
      euiccOtpk: this.otpk.publicPoint,
      ...(confirmationCode !== undefined
        ? { hashCc: hashConfirmationCode(confirmationCode, smdpSigned2.transactionId) }
        : {}),
    });
    const signature = ecdsaSign(this.#key, euiccSignature2Input(euiccSigned2, smdpSignature2));
    if (tamper.signature) signature[7]! ^= 0x01;
    return encodeTlv(0xbf21, encodeTlv(0xa0, euiccSigned2, encodeTlv(0x5f37, signature))).toString('base64');
  }

  /** A signed ProfileInstallationResult (SGP.22 5.7.6), successful or failed. */
  profileInstallationResult(
    transactionId: string,
    smdpAddress: string,
    success: boolean,
    tamper = false,
  ): string {
    const data = ProfileInstallationResultData.encode({
      transactionId: Buffer.from(transactionId, 'hex'),
      notificationMetadata: {
        seqNumber: 1,
        profileManagementOperation: ['notificationInstall'],
        notificationAddress: smdpAddress,
      },
      finalResult: success
        ? {
            successResult: {
              aid: Buffer.from('A0000005591010FFFFFFFF8900001100', 'hex'),
              simaResponse: Buffer.from('3003020100', 'hex'),
            },
          }
        : { errorResult: { bppCommandId: 5, errorReason: 8 } },
    });
    const signature = ecdsaSign(this.#key, data);
    if (tamper) signature[9]! ^= 0x01;
    return encodeTlv(0xbf37, data, encodeTlv(0x5f37, signature)).toString('base64');
  }

  /** A signed OtherSignedNotification (SGP.22 5.7.9) for an operation on a profile. */
  otherSignedNotification(
    iccid: Buffer,
    event: NotificationEventName,
    smdpAddress: string,
    tamper = false,
  ): string {
    const metadata = NotificationMetadata.encode({
      seqNumber: 7,
      profileManagementOperation: [event],
      notificationAddress: smdpAddress,
      iccid,
    });
    const signature = ecdsaSign(this.#key, metadata);
    if (tamper) signature[3]! ^= 0x01;
    return encodeTlv(
      0x30,
      metadata,
      encodeTlv(0x5f37, signature),
      this.euiccCertificate,
      this.eumCertificate,
    ).toString('base64');
  }

  cancelSession(transactionId: string, smdpOid: string, reason: number): string {
    const signed = EuiccCancelSessionSigned.encode({
      transactionId: Buffer.from(transactionId, 'hex'),
      smdpOid,
      reason,
    });
    const signature = ecdsaSign(this.#key, signed);
    return encodeTlv(0xbf41, encodeTlv(0xa0, signed, encodeTlv(0x5f37, signature))).toString('base64');
  }
}
