/**
 * The stimulus side of a case: the emulated eUICC (src/euicc) driven step by step the way an LPA drives it
 * (SGP.22 3.1.3), with a hook at every ES9+ request so a case can tamper with what the SM-DP+ receives. The
 * device keeps the eUICC's key, so a case can also re-sign eUICC data it changed (a wrong serverChallenge,
 * another SM-DP+ OID). Successful answers are verified (answer-checks.ts) before the eUICC sees them.
 */

import { createPrivateKey, type KeyObject } from 'node:crypto';
import {
  AuthenticateServerResponse,
  CancelSessionResponse,
  EUICCInfo1,
  PrepareDownloadResponse,
  ProfileInstallationResultData,
} from '../asn1/rsp/index.ts';
import { encodeTlv, readTlv } from '../asn1/tlv.ts';
import { isObject } from '../client/function-call.ts';
import type { Curve } from '../crypto/curve.ts';
import { ecdsaSign } from '../crypto/ecdsa.ts';
import { EuiccEmulator } from '../euicc/emulator.ts';
import type { EuiccScenario } from '../euicc/es10/scenarios.ts';
import { newEuiccState, sampleEuiccState } from '../euicc/identity.ts';
import type { EuiccState } from '../euicc/state.ts';
import { authenticateServerRequest } from '../lpa/authenticate-server-request.ts';
import { Es10Client } from '../lpa/es10-client.ts';
import { loadDefaultPki, loadPki, type PkiStore } from '../pki/pki-store.ts';
import { euiccSignature2Input, hashConfirmationCode } from '../protocol/signed-data.ts';
import {
  ANSWER_READINGS,
  type AuthenticatedSession,
  checkAuthenticateClientAnswer,
  checkBoundProfilePackage,
  checkInitiateAuthenticationAnswer,
  type InitiatedSession,
} from './answer-checks.ts';
import { emulatorDetail, errorReasonLabel } from './error-reason.ts';
import type { JsonAnswer, JsonPoster } from './exchange.ts';
import { base64Field, expectNoContent, expectSuccess } from './sgp22-answer.ts';
import type { SmdpTarget } from './target.ts';
import { CheckFailed, Inconclusive } from './verdict.ts';

export type Es9Body = Record<string, unknown>;
/** Changes the JSON request before it is sent: another object, or any text (a malformed body). */
export type Tamper = (body: Es9Body) => unknown;

export interface DeviceOptions {
  readonly curve?: Curve;
  readonly scenarios?: readonly EuiccScenario[];
  /**
   * EUICCInfo1 lists only the CI of the device's curve, for verification as for signing (our test eUICC
   * otherwise verifies under every CI of its PKI): the probe of the curves a target serves (curve-probe.ts).
   */
  readonly ownCurveCiOnly?: boolean;
}

export const ES9_HEADERS = { 'User-Agent': 'gsma-rsp-lpad', 'X-Admin-Protocol': 'gsma/rsp/v2.2.2' };

const pkiCache = new Map<string, PkiStore>();
const pkiOf = (dir?: string): PkiStore => {
  const key = dir ?? '';
  const known = pkiCache.get(key);
  if (known) return known;
  const pki = dir ? loadPki(dir) : loadDefaultPki();
  pkiCache.set(key, pki);
  return pki;
};

export interface BppLoadResult {
  readonly success: boolean;
  readonly resultDer: Buffer;
  readonly seqNumber: number;
  readonly errorReason?: number;
  /** Our emulator's own detail of a refusal (error-reason.ts). */
  readonly detail?: string;
}

/** What the steps of a download keep on the device for the steps after them. */
type StepValue =
  | 'euiccChallenge'
  | 'euiccInfo1'
  | 'initiated'
  | 'authenticateServerResponse'
  | 'euiccSignature1'
  | 'authenticated'
  | 'prepareDownloadResponse'
  | 'euiccOtpk'
  | 'bpp';

export class TestDevice {
  readonly euicc: EuiccEmulator;
  readonly es10: Es10Client;
  readonly privateKey: KeyObject;
  euiccChallenge?: Buffer;
  euiccInfo1?: Buffer;
  initiated?: InitiatedSession;
  authenticateServerResponse?: Buffer;
  euiccSignature1?: Buffer;
  authenticated?: AuthenticatedSession;
  prepareDownloadResponse?: Buffer;
  euiccOtpk?: Buffer;
  bpp?: Buffer;

  private constructor(
    readonly target: SmdpTarget,
    readonly poster: JsonPoster,
    readonly state: EuiccState,
    options: DeviceOptions,
  ) {
    this.euicc = EuiccEmulator.fromState(state, {
      // A state that records its CIs trusts those (ownCurveCiOnly), else every CI of the eUICC's PKI.
      ...(target.euiccPkiDir && !state.trustedCis ? { pkiDir: target.euiccPkiDir } : {}),
      ...(options.scenarios ? { scenarios: options.scenarios } : {}),
    });
    this.es10 = new Es10Client(this.euicc);
    this.privateKey = createPrivateKey(state.privateKeyPem);
  }

  static create(target: SmdpTarget, poster: JsonPoster, options: DeviceOptions = {}): TestDevice {
    const curve = options.curve ?? target.curves[0] ?? 'P-256';
    if (!target.curves.includes(curve))
      throw new Inconclusive(target.curvesLeftOut?.get(curve) ?? `the target is not tested on ${curve}`);
    const pki = pkiOf(target.euiccPkiDir);
    const made = target.euiccIdentity === 'sgp26' ? sampleEuiccState(pki, curve) : newEuiccState(pki, curve);
    const ownCi = pki.curves.get(curve)?.ci;
    const state =
      options.ownCurveCiOnly && ownCi ? { ...made, trustedCis: [ownCi.der.toString('base64')] } : made;
    return new TestDevice(target, poster, state, options);
  }

  get eid(): string {
    return this.euicc.eid;
  }

  /** A value an earlier step kept; asking for it before that step ran is an error of the case, not the target's. */
  known<K extends StepValue>(name: K): NonNullable<TestDevice[K]> {
    const value = this[name];
    if (value === undefined) throw new Error(`${name} is not known: the step that keeps it has not run`);
    return value as NonNullable<TestDevice[K]>;
  }

  get transactionId(): string {
    if (!this.initiated) throw new Error('no session initiated');
    return this.initiated.transactionId;
  }

  /** Signs as the eUICC does (SK.EUICC.ECDSA, raw r||s). */
  sign(data: Buffer): Buffer {
    return ecdsaSign(this.privateKey, data);
  }

  es9(
    functionName: string,
    body: unknown,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<JsonAnswer> {
    return this.poster.post(`/gsma/rsp2/es9plus/${functionName}`, body, { ...ES9_HEADERS, ...headers });
  }

  /** ES9+.InitiateAuthentication with the eUICC's challenge and EUICCInfo1 (SGP.22 5.6.1). */
  async initiateAuthentication(tamper?: Tamper, headers?: Record<string, string>): Promise<JsonAnswer> {
    this.euiccChallenge = await this.es10.getEuiccChallenge();
    this.euiccInfo1 = await this.es10.getEuiccInfo1Der();
    const body: Es9Body = {
      smdpAddress: this.target.address,
      euiccChallenge: this.euiccChallenge.toString('base64'),
      euiccInfo1: this.euiccInfo1.toString('base64'),
    };
    return this.es9('initiateAuthentication', tamper ? tamper(body) : body, headers);
  }

  /** The answer must be a success the eUICC can trust; remembers the session. */
  acceptInitiateAuthentication(answer: JsonAnswer): InitiatedSession {
    expectSuccess('initiateAuthentication', answer, ANSWER_READINGS.initiateAuthentication);
    const ciPkIds = EUICCInfo1.decode(this.known('euiccInfo1')).euiccCiPKIdListForVerification;
    this.initiated = checkInitiateAuthenticationAnswer(
      answer,
      { euiccChallenge: this.known('euiccChallenge'), smdpAddress: this.target.address, ciPkIds },
      this.target.trustedCis,
    );
    this.#lastInitiate = answer;
    return this.initiated;
  }

  #lastInitiate?: JsonAnswer;

  /** ES10b.AuthenticateServer with the SM-DP+'s answer (SGP.22 5.7.13); the eUICC must accept it. */
  async authenticateServer(matchingId: string | undefined): Promise<Buffer> {
    // The LPA's own request, from an answer acceptInitiateAuthentication checked field by field.
    const request = authenticateServerRequest(
      isObject(this.#lastInitiate?.body) ? this.#lastInitiate.body : undefined,
      matchingId,
    );
    const response = await this.es10.authenticateServer(request);
    if ('authenticateResponseError' in response.value) {
      throw new CheckFailed(
        'eUICC AuthenticateServer',
        'the eUICC accepts the SM-DP+',
        `authenticateErrorCode ${response.value.authenticateResponseError.authenticateErrorCode}`,
        ANSWER_READINGS.initiateAuthentication,
      );
    }
    this.authenticateServerResponse = response.der;
    this.euiccSignature1 = response.value.authenticateResponseOk.euiccSignature1;
    return response.der;
  }

  async authenticateClient(tamper?: Tamper, headers?: Record<string, string>): Promise<JsonAnswer> {
    const body: Es9Body = {
      transactionId: this.transactionId,
      authenticateServerResponse: this.known('authenticateServerResponse').toString('base64'),
    };
    return this.es9('authenticateClient', tamper ? tamper(body) : body, headers);
  }

  acceptAuthenticateClient(answer: JsonAnswer): AuthenticatedSession {
    expectSuccess('authenticateClient', answer, ANSWER_READINGS.authenticateClient);
    this.authenticated = checkAuthenticateClientAnswer(
      answer,
      {
        transactionId: this.transactionId,
        euiccSignature1: this.known('euiccSignature1'),
        ciPkId: this.known('initiated').ciPkId,
      },
      this.target.trustedCis,
    );
    return this.authenticated;
  }

  /** ES10b.PrepareDownload (SGP.22 5.7.5), with the hashed confirmation code when one is given. */
  async prepareDownload(confirmationCode?: string): Promise<Buffer> {
    const a = this.known('authenticated');
    const request = encodeTlv(
      0xbf21,
      a.smdpSigned2,
      a.smdpSignature2,
      confirmationCode !== undefined
        ? encodeTlv(0x04, hashConfirmationCode(confirmationCode, Buffer.from(this.transactionId, 'hex')))
        : Buffer.alloc(0),
      a.smdpCertificate.der,
    );
    const response = await this.es10.prepareDownload(request);
    if ('downloadResponseError' in response.value) {
      throw new CheckFailed(
        'eUICC PrepareDownload',
        'the eUICC accepts smdpSigned2 and CERT.DPpb',
        `downloadErrorCode ${response.value.downloadResponseError.downloadErrorCode}`,
        ANSWER_READINGS.authenticateClient,
      );
    }
    this.prepareDownloadResponse = response.der;
    this.euiccOtpk = response.value.downloadResponseOk.euiccSigned2.euiccOtpk;
    return response.der;
  }

  async getBoundProfilePackage(tamper?: Tamper): Promise<JsonAnswer> {
    const body: Es9Body = {
      transactionId: this.transactionId,
      prepareDownloadResponse: this.known('prepareDownloadResponse').toString('base64'),
    };
    return this.es9('getBoundProfilePackage', tamper ? tamper(body) : body);
  }

  acceptBoundProfilePackage(answer: JsonAnswer): Buffer {
    const r = ANSWER_READINGS.getBoundProfilePackage;
    expectSuccess('getBoundProfilePackage', answer, r);
    const bpp = base64Field('getBoundProfilePackage', answer, 'boundProfilePackage', r);
    checkBoundProfilePackage(bpp, {
      transactionId: this.transactionId,
      euiccOtpk: this.known('euiccOtpk'),
      smdpCertificate: this.known('authenticated').smdpCertificate,
    });
    this.bpp = bpp;
    return bpp;
  }

  /** ES10b.LoadBoundProfilePackage: the eUICC decrypts, verifies and installs the BPP (SGP.22 5.7.6). */
  async loadBoundProfilePackage(bpp: Buffer = this.known('bpp')): Promise<BppLoadResult> {
    const resultDer = await this.es10.loadBoundProfilePackage(bpp);
    const data = ProfileInstallationResultData.decode(readTlv(readTlv(resultDer, 0).value, 0).bytes);
    const final = data.finalResult;
    const seqNumber = data.notificationMetadata.seqNumber;
    const detail = emulatorDetail(this.euicc, seqNumber);
    return {
      success: 'successResult' in final,
      resultDer,
      seqNumber,
      ...('errorResult' in final ? { errorReason: final.errorResult.errorReason } : {}),
      ...(detail ? { detail } : {}),
    };
  }

  handleNotification(pendingNotification: Buffer, tamper?: Tamper): Promise<JsonAnswer> {
    const body: Es9Body = { pendingNotification: pendingNotification.toString('base64') };
    return this.es9('handleNotification', tamper ? tamper(body) : body);
  }

  /** ES10b.CancelSession on the eUICC (its signed answer), then ES9+.CancelSession (SGP.22 3.1.3, 5.6.5). */
  async cancelSession(reason: number, tamper?: Tamper): Promise<JsonAnswer> {
    const response = await this.es10.cancelSession(Buffer.from(this.transactionId, 'hex'), reason);
    if (!('cancelSessionResponseOk' in response.value))
      throw new CheckFailed('eUICC CancelSession', 'a signed cancelSessionResponseOk', 'an error');
    return this.es9CancelSession(response.der, tamper);
  }

  es9CancelSession(cancelSessionResponse: Buffer, tamper?: Tamper): Promise<JsonAnswer> {
    const body: Es9Body = {
      transactionId: this.transactionId,
      cancelSessionResponse: cancelSessionResponse.toString('base64'),
    };
    return this.es9('cancelSession', tamper ? tamper(body) : body);
  }

  // The nominal path up to a step: each answer must be a success that verifies (else the case fails there).

  async upToInitiated(): Promise<InitiatedSession> {
    return this.acceptInitiateAuthentication(await this.initiateAuthentication());
  }

  async upToAuthenticated(matchingId: string | undefined): Promise<AuthenticatedSession> {
    await this.upToInitiated();
    await this.authenticateServer(matchingId);
    return this.acceptAuthenticateClient(await this.authenticateClient());
  }

  async upToBound(matchingId: string | undefined, confirmationCode?: string): Promise<Buffer> {
    await this.upToAuthenticated(matchingId);
    await this.prepareDownload(confirmationCode);
    return this.acceptBoundProfilePackage(await this.getBoundProfilePackage());
  }

  /** The whole download: BPP installed, its result delivered (204) and removed from the eUICC. */
  async install(matchingId: string | undefined, confirmationCode?: string): Promise<BppLoadResult> {
    await this.upToBound(matchingId, confirmationCode);
    return this.installBound();
  }

  /** The BPP accepted earlier installed on the eUICC, its result delivered (204) and removed from the eUICC. */
  async installBound(): Promise<BppLoadResult> {
    const result = await this.loadInstalled();
    expectNoContent(
      'handleNotification',
      await this.handleNotification(result.resultDer),
      ANSWER_READINGS.handleNotification,
    );
    await this.es10.removeNotification(result.seqNumber);
    return result;
  }

  /** The BPP accepted earlier loaded by the eUICC, which must install the profile of the metadata. */
  async loadInstalled(): Promise<BppLoadResult> {
    const result = await this.loadBoundProfilePackage();
    if (!result.success)
      throw new CheckFailed(
        'eUICC LoadBoundProfilePackage',
        'the profile installs',
        errorReasonLabel(result.errorReason, result.detail),
        ANSWER_READINGS.getBoundProfilePackage,
      );
    const metadataIccid = this.known('authenticated').metadata.iccid.toString('hex');
    const installed = this.euicc.profiles.find((p) => p.iccid === metadataIccid);
    if (!installed)
      throw new CheckFailed(
        'installed profile',
        `ICCID ${metadataIccid} (profileMetadata)`,
        this.euicc.profiles.map((p) => p.iccid).join(',') || 'none',
        ANSWER_READINGS.getBoundProfilePackage,
      );
    return result;
  }

  /** A PrepareDownloadResponse signed by this eUICC over chosen content (another otPK, another transactionId). */
  signedPrepareDownloadResponse(euiccSigned2: {
    transactionId: Buffer;
    euiccOtpk: Buffer;
    hashCc?: Buffer;
  }): Buffer {
    const smdpSignature2 = readTlv(this.known('authenticated').smdpSignature2, 0).value;
    // SGP.22 5.7.5: euiccSignature2 covers euiccSigned2 followed by the smdpSignature2 TLV.
    return this.#resigned(
      (euiccSignature2) =>
        PrepareDownloadResponse.encode({ downloadResponseOk: { euiccSigned2, euiccSignature2 } }),
      (signed) => euiccSignature2Input(signed, smdpSignature2),
    );
  }

  /** A CancelSessionResponse signed by this eUICC over chosen content (SGP.22 5.7.14). */
  signedCancelSessionResponse(euiccCancelSessionSigned: {
    transactionId: Buffer;
    smdpOid: string;
    reason: number;
  }): Buffer {
    return this.#resigned((euiccCancelSessionSignature) =>
      CancelSessionResponse.encode({
        cancelSessionResponseOk: { euiccCancelSessionSigned, euiccCancelSessionSignature },
      }),
    );
  }

  /** The AuthenticateServerResponse with parts changed, re-signed when asked (euiccSigned1 changed). */
  changedAuthenticateServerResponse(
    change: (ok: AuthenticateResponseOk) => AuthenticateResponseOk,
    resign: boolean,
  ): Buffer {
    const value = AuthenticateServerResponse.decode(this.known('authenticateServerResponse'));
    if (!('authenticateResponseOk' in value)) throw new Error('no authenticateResponseOk');
    const changed = change(value.authenticateResponseOk);
    const encode = (euiccSignature1: Buffer) =>
      AuthenticateServerResponse.encode({ authenticateResponseOk: { ...changed, euiccSignature1 } });
    return resign ? this.#resigned(encode) : encode(changed.euiccSignature1);
  }

  /**
   * A response of the shape Tag { [0] { signed SEQUENCE, signature } } (AuthenticateServerResponse,
   * PrepareDownloadResponse, CancelSessionResponse), signed by this eUICC over its signed part's DER.
   */
  #resigned(
    encode: (signature: Buffer) => Buffer,
    input: (signed: Buffer) => Buffer = (signed) => signed,
  ): Buffer {
    const unsigned = encode(Buffer.alloc(64));
    const signed = readTlv(readTlv(readTlv(unsigned, 0).value, 0).value, 0).bytes;
    return encode(this.sign(input(signed)));
  }
}

type AuthenticateResponseOk = Extract<
  AuthenticateServerResponse,
  { authenticateResponseOk: unknown }
>['authenticateResponseOk'];
