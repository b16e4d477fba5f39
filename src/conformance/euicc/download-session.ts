/**
 * One RSP session as the campaign plays it, LPA and SM-DP+ at once (SGP.22 3.1.3): the SM-DP+'s messages are
 * made here with the lab's identity (ServerSigned1 5.6.1, SmdpSigned2 5.6.3, the Bound Profile Package 5.6.2
 * with the SM-DP+'s own BPP builder), and sent to the card as the LPA sends them (ES10b 5.7.13, 5.7.5, 5.7.6,
 * 5.7.14). Every knob a negative case turns is an option of the step it changes; everything else stays as a
 * genuine SM-DP+ makes it, so that the card's answer is about that one change.
 */
import {
  type AuthenticateServerResponse,
  BoundProfilePackage,
  type CancelSessionResponse,
  CtxParams1,
  type PrepareDownloadResponse,
  ServerSigned1,
  SmdpSigned2,
} from '../../asn1/rsp/index.ts';
import { encodeTlv } from '../../asn1/tlv.ts';
import { ecdsaSign } from '../../crypto/ecdsa.ts';
import { generateEphemeralKeyPair } from '../../crypto/ecka.ts';
import { randomBytes } from '../../crypto/random.ts';
import { deriveSessionKeys } from '../../crypto/session-keys.ts';
import { DEFAULT_DEVICE_INFO } from '../../lpa/authenticate-server-request.ts';
import { bppPieces } from '../../lpa/es10-client.ts';
import {
  hashConfirmationCode,
  initialiseSecureChannelInput,
  signatureTlv,
  smdpSignature2Input,
} from '../../protocol/signed-data.ts';
import { buildBoundProfilePackage } from '../../smdp/bpp/build-bound-profile-package.ts';
import type { ProfileProtectionKeys } from '../../smdp/profile-repository.ts';
import { flippedBit } from '../tamper.ts';
import type { LabIdentity, SigningIdentity } from './lab-smdp.ts';
import type { RecordedEs10Client } from './recorded-es10-client.ts';
import type { TestProfile } from './test-profile.ts';

export interface AuthenticateOptions {
  /** CERT.DPauth presented and the key serverSignature1 is made with (default: the identity's). */
  readonly dpAuth?: SigningIdentity;
  /** euiccCiPKIdToBeUsed (default: the identity's CI). */
  readonly ciPkid?: Buffer;
  /** The euiccChallenge signed (default: a fresh one from GetEUICCChallenge). */
  readonly euiccChallenge?: Buffer;
  readonly serverAddress?: string;
  /** ctxParams1's matchingId (none: the default SM-DP+ / SM-DS use case). */
  readonly matchingId?: string;
  /** serverSignature1 with one bit changed. */
  readonly tamperSignature?: boolean;
}

export interface PrepareOptions {
  readonly ccRequired?: boolean;
  /** The confirmation code whose hash is sent (SGP.22 3.1.3.2); absent: no hashCc. */
  readonly confirmationCode?: string;
  /** smdpSigned2's transactionId (default: the session's). */
  readonly transactionId?: Buffer;
  /** CERT.DPpb presented and the key smdpSignature2 is made with (default: the identity's). */
  readonly dpPb?: SigningIdentity;
  readonly tamperSignature?: boolean;
  /** SmdpSigned2's bppEuiccOtpk (a retry of a download bound to that one-time key). */
  readonly bppEuiccOtpk?: Buffer;
}

export interface BindOptions {
  readonly ppk?: ProfileProtectionKeys;
  /** Plaintext bytes per '86' segment (test-lab knob of the SM-DP+'s BPP builder). */
  readonly profileSegmentPlainSize?: number;
  /** The ISCR's transactionId (default: the session's). */
  readonly transactionId?: Buffer;
}

export interface Answer<T> {
  readonly der: Buffer;
  readonly value: T;
}

/** AES-128 session keys (SGP.22 2.6.6.1: keyType '88', keyLen 16). */
const KEY_TYPE_AES = Buffer.from([0x88]);
const KEY_LENGTH_16 = Buffer.from([0x10]);

export class DownloadSession {
  readonly transactionId = randomBytes(16);
  readonly serverChallenge = randomBytes(16);
  /** What the last AuthenticateServer sent. */
  serverSigned1?: Buffer;
  ctxParams1?: Buffer;
  serverAddress?: string;
  /** The card's euiccSignature1 (SGP.22 5.6.3: smdpSignature2 covers it). */
  euiccSignature1?: Buffer;
  /** The smdpSignature2 sent, as its '5F37' TLV covers euiccSignature2 (5.7.5). */
  smdpSignature2?: Buffer;
  smdpSigned2?: Buffer;
  hashCc?: Buffer;
  /** otPK.EUICC.ECKA from PrepareDownload. */
  euiccOtpk?: Buffer;

  constructor(
    readonly card: RecordedEs10Client,
    readonly identity: LabIdentity,
    readonly address: string,
    /** The card's EID (SGP.22 2.6.6.1: part of the session keys' derivation). */
    readonly eid: Buffer,
  ) {}

  /** ES10b.AuthenticateServer (SGP.22 5.7.13) with the request a genuine SM-DP+ and LPA make. */
  async authenticate(options: AuthenticateOptions = {}): Promise<Answer<AuthenticateServerResponse>> {
    const euiccChallenge = options.euiccChallenge ?? (await this.card.getEuiccChallenge());
    const dpAuth = options.dpAuth ?? this.identity.dpAuth;
    this.serverAddress = options.serverAddress ?? this.address;
    this.serverSigned1 = ServerSigned1.encode({
      transactionId: this.transactionId,
      euiccChallenge,
      serverAddress: this.serverAddress,
      serverChallenge: this.serverChallenge,
    });
    const signature = ecdsaSign(dpAuth.privateKey, this.serverSigned1);
    this.ctxParams1 = CtxParams1.encode({
      ctxParamsForCommonAuthentication: {
        ...(options.matchingId !== undefined ? { matchingId: options.matchingId } : {}),
        deviceInfo: DEFAULT_DEVICE_INFO,
      },
    });
    const request = encodeTlv(
      0xbf38,
      this.serverSigned1,
      signatureTlv(options.tamperSignature ? flippedBit(signature, -1) : signature),
      encodeTlv(0x04, options.ciPkid ?? this.identity.ci.subjectKeyIdentifier),
      dpAuth.certificate,
      this.ctxParams1,
    );
    const answer = await this.card.authenticateServer(request);
    if ('authenticateResponseOk' in answer.value)
      this.euiccSignature1 = answer.value.authenticateResponseOk.euiccSignature1;
    return answer;
  }

  /** ES10b.PrepareDownload (SGP.22 5.7.5) with SmdpSigned2 signed as ES9+.AuthenticateClient does (5.6.3). */
  async prepareDownload(options: PrepareOptions = {}): Promise<Answer<PrepareDownloadResponse>> {
    const euiccSignature1 = this.euiccSignature1;
    if (!euiccSignature1) throw new Error('PrepareDownload before a successful AuthenticateServer');
    const dpPb = options.dpPb ?? this.identity.dpPb;
    this.smdpSigned2 = SmdpSigned2.encode({
      transactionId: options.transactionId ?? this.transactionId,
      ccRequiredFlag: options.ccRequired ?? false,
      ...(options.bppEuiccOtpk ? { bppEuiccOtpk: options.bppEuiccOtpk } : {}),
    });
    const signature = ecdsaSign(dpPb.privateKey, smdpSignature2Input(this.smdpSigned2, euiccSignature1));
    this.smdpSignature2 = signature;
    this.hashCc =
      options.confirmationCode === undefined
        ? undefined
        : hashConfirmationCode(options.confirmationCode, this.transactionId);
    const request = encodeTlv(
      0xbf21,
      this.smdpSigned2,
      signatureTlv(options.tamperSignature ? flippedBit(signature, -1) : signature),
      this.hashCc ? encodeTlv(0x04, this.hashCc) : Buffer.alloc(0),
      dpPb.certificate,
    );
    const answer = await this.card.prepareDownload(request);
    if ('downloadResponseOk' in answer.value)
      this.euiccOtpk = answer.value.downloadResponseOk.euiccSigned2.euiccOtpk;
    return answer;
  }

  /**
   * The Bound Profile Package of `profile` for this session (SGP.22 5.6.2, 2.5.5): a fresh otPK.DP.ECKA,
   * the session keys, and the SM-DP+'s own builder; returned whole and as the pieces an LPA sends.
   */
  boundProfilePackage(profile: TestProfile, options: BindOptions = {}): { bpp: Buffer; pieces: Buffer[] } {
    const euiccOtpk = this.euiccOtpk;
    if (!euiccOtpk) throw new Error('a BPP before a successful PrepareDownload');
    const smdpOneTime = generateEphemeralKeyPair(this.identity.curve);
    const controlRefTemplate = { keyType: KEY_TYPE_AES, keyLen: KEY_LENGTH_16, hostId: randomBytes(16) };
    const sessionKeys = deriveSessionKeys({
      sharedSecret: smdpOneTime.agree(euiccOtpk),
      keyType: controlRefTemplate.keyType,
      keyLength: controlRefTemplate.keyLen,
      hostId: controlRefTemplate.hostId,
      eid: this.eid,
    });
    const signedPart = {
      transactionId: options.transactionId ?? this.transactionId,
      controlRefTemplate,
      smdpOtpk: smdpOneTime.publicPoint,
    };
    const smdpSign = ecdsaSign(
      this.identity.dpPb.privateKey,
      initialiseSecureChannelInput(signedPart, euiccOtpk),
    );
    const bpp = BoundProfilePackage.encode(
      buildBoundProfilePackage({
        initialiseSecureChannelRequest: { remoteOpId: 1, ...signedPart, smdpSign },
        sessionKeys,
        configureIsdp: { dpProprietaryData: { dpOid: this.identity.smdpOid } },
        storeMetadata: profile.metadata,
        profilePackage: profile.upp,
        ...(options.ppk ? { ppk: options.ppk } : {}),
        ...(options.profileSegmentPlainSize
          ? { profileSegmentPlainSize: options.profileSegmentPlainSize }
          : {}),
      }),
    );
    return { bpp, pieces: bppPieces(bpp) };
  }

  /**
   * ES10b.LoadBoundProfilePackage (SGP.22 5.7.6): the pieces in the order given, each its own STORE DATA
   * sequence; the first non-empty answer (the ProfileInstallationResult) ends the load. Undefined when the
   * card answered nothing to the last piece.
   */
  async load(pieces: readonly Buffer[]): Promise<Buffer | undefined> {
    for (const piece of pieces) {
      const answer = await this.card.storeData(piece);
      if (answer.length > 0) return answer;
    }
    return undefined;
  }

  /** ES10b.CancelSession (SGP.22 5.7.14). */
  cancel(reason: number, transactionId: Buffer = this.transactionId): Promise<Answer<CancelSessionResponse>> {
    return this.card.cancelSession(transactionId, reason);
  }
}
