/**
 * The checks of what a card signs and returns in a download (SGP.22 5.7.13, 5.7.5, 5.7.6, 5.7.14, 3.5):
 * every signature verified with the card's own chain (CERT.EUM under the CI it names, CERT.EUICC under the
 * EUM, SGP.22 4.5.2), every echoed field compared with what the lab sent. Each check names its reading.
 */
import type { KeyObject } from 'node:crypto';
import {
  AuthenticateErrorCodes,
  type AuthenticateServerResponse,
  type CancelSessionResponse,
  CancelSessionResponseErrors,
  DownloadErrorCodes,
  type EuiccSigned1,
  type PendingNotification,
  type PrepareDownloadResponse,
  ProfileInstallationResult,
  type ProfileInstallationResultData,
} from '../../asn1/rsp/index.ts';
import { derOf } from '../../asn1/schema.ts';
import { ecdsaVerify } from '../../crypto/ecdsa.ts';
import { generateEphemeralKeyPair } from '../../crypto/ecka.ts';
import { EuiccChainError } from '../../pki/errors.ts';
import { type VerifiedEuiccChain, verifyEuiccChain } from '../../pki/verify-chain.ts';
import { euiccSignature2Input } from '../../protocol/signed-data.ts';
import { check, checkThat, type Reading, shall } from '../verdict.ts';
import type { DownloadSession } from './download-session.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();
const nameOf = (table: Readonly<Record<string, number>>, value: number) =>
  Object.entries(table).find(([, v]) => v === value)?.[0] ?? `${value}`;

export const READINGS = {
  authenticateOk: shall(
    'SGP.22 5.7.13',
    'with a valid CERT.DPauth under a CI the eUICC has, a valid serverSignature1 and its own euiccChallenge, AuthenticateServer answers authenticateResponseOk',
  ),
  euiccChain: shall(
    'SGP.22 5.7.13, 4.5.2.1.0.2, 4.5.2.1.0.3',
    'CERT.EUM.ECDSA is signed by the CI named in euiccCiPKIdToBeUsed and CERT.EUICC.ECDSA by that EUM, each of its SGP.22 profile',
  ),
  euiccSignature1: shall('SGP.22 5.7.13', "euiccSignature1 is SK.EUICC.ECDSA's signature over euiccSigned1"),
  euiccSigned1: shall(
    'SGP.22 5.7.13',
    "euiccSigned1 carries serverSigned1's transactionId, serverAddress and serverChallenge, and ctxParams1 as the LPA gave it",
  ),
  errorTransactionId: shall(
    'SGP.22 5.7.13, 5.7.5',
    'an authenticateResponseError / downloadResponseError carries the transactionId of the request',
  ),
  prepareOk: shall(
    'SGP.22 5.7.5',
    'with a valid CERT.DPpb and smdpSignature2 in the ongoing session, PrepareDownload answers downloadResponseOk',
  ),
  euiccSignature2: shall(
    'SGP.22 5.7.5',
    "euiccSignature2 is the eUICC's signature over euiccSigned2 followed by the smdpSignature2 TLV",
  ),
  euiccSigned2: shall(
    'SGP.22 5.7.5',
    "euiccSigned2 carries the transactionId, a fresh one-time public key on the session's curve, and hashCc exactly when one was given",
  ),
  pirSignature: shall(
    'SGP.22 5.7.6, 2.5.6',
    'the ProfileInstallationResult is signed by the eUICC (euiccSignPIR over profileInstallationResultData)',
  ),
  pirData: shall(
    'SGP.22 5.7.6, 3.5',
    "profileInstallationResultData names the session's transactionId, a notificationInstall with the SM-DP+ address and the profile's ICCID, and the SM-DP+ OID when present",
  ),
  cancelOk: shall(
    'SGP.22 5.7.14',
    'CancelSession of the ongoing session answers cancelSessionResponseOk: euiccCancelSessionSigned (transactionId, the SM-DP+ OID of CERT.DPauth, the reason) signed by the eUICC',
  ),
  notificationSignature: shall(
    'SGP.22 5.7.10, 3.5',
    'each pending notification is signed by the eUICC: a ProfileInstallationResult as returned, an OtherSignedNotification over tbsOtherNotification with the eUICC and EUM certificates',
  ),
} satisfies Record<string, Reading>;

/** The verified chain of an AuthenticateServer answer, and euiccSigned1 checked against what was sent. */
export interface AuthenticatedCard {
  readonly chain: VerifiedEuiccChain;
  readonly euiccSigned1: EuiccSigned1;
  readonly euiccCertificate: Buffer;
  readonly eumCertificate: Buffer;
}

export function checkAuthenticateOk(
  session: DownloadSession,
  answer: { readonly value: AuthenticateServerResponse },
  now: Date,
): AuthenticatedCard {
  const value = answer.value;
  if (!('authenticateResponseOk' in value)) {
    const code = value.authenticateResponseError.authenticateErrorCode;
    check(
      'AuthenticateServer answer',
      'authenticateResponseOk',
      `authenticateResponseError ${nameOf(AuthenticateErrorCodes, code)}`,
      READINGS.authenticateOk,
    );
    throw new Error('unreachable');
  }
  const ok = value.authenticateResponseOk;
  let chain: VerifiedEuiccChain;
  try {
    chain = verifyEuiccChain({
      euiccCertificate: ok.euiccCertificate,
      eumCertificate: ok.eumCertificate,
      trustedCis: [session.identity.ci],
      expectedCiPkid: session.identity.ci.subjectKeyIdentifier,
      now,
    });
  } catch (error) {
    if (!(error instanceof EuiccChainError)) throw error;
    check(
      'eUICC certificate chain',
      `a chain to CI ${hex(session.identity.ci.subjectKeyIdentifier)}`,
      `${error.certificate}: ${error.message}`,
      READINGS.euiccChain,
    );
    throw error;
  }
  const signed1 = ok.euiccSigned1;
  checkThat(
    'euiccSignature1',
    ecdsaVerify(chain.euiccPublicKey, derOf(signed1), ok.euiccSignature1),
    'verifies with PK.EUICC.ECDSA',
    'does not verify',
    READINGS.euiccSignature1,
  );
  check(
    'euiccSigned1.transactionId',
    hex(session.transactionId),
    hex(signed1.transactionId),
    READINGS.euiccSigned1,
  );
  check('euiccSigned1.serverAddress', session.serverAddress, signed1.serverAddress, READINGS.euiccSigned1);
  check(
    'euiccSigned1.serverChallenge',
    hex(session.serverChallenge),
    hex(signed1.serverChallenge),
    READINGS.euiccSigned1,
  );
  const sentCtx = session.ctxParams1 ?? Buffer.alloc(0);
  checkThat(
    'euiccSigned1.ctxParams1',
    derOf(signed1).includes(sentCtx),
    `ctxParams1 as sent (${hex(sentCtx)})`,
    'other bytes',
    READINGS.euiccSigned1,
  );
  return {
    chain,
    euiccSigned1: signed1,
    euiccCertificate: ok.euiccCertificate,
    eumCertificate: ok.eumCertificate,
  };
}

/** An AuthenticateServer refusal with this code (SGP.22 5.7.13 names each). */
export function authenticateErrorOf(session: DownloadSession, value: AuthenticateServerResponse): string {
  if ('authenticateResponseOk' in value) return 'authenticateResponseOk';
  const error = value.authenticateResponseError;
  check(
    'authenticateResponseError.transactionId',
    hex(session.transactionId),
    hex(error.transactionId),
    READINGS.errorTransactionId,
  );
  return nameOf(AuthenticateErrorCodes, error.authenticateErrorCode);
}

/** A PrepareDownload refusal's code, its transactionId checked against the request's. */
export function downloadErrorOf(expectedTransactionId: Buffer, value: PrepareDownloadResponse): string {
  if ('downloadResponseOk' in value) return 'downloadResponseOk';
  const error = value.downloadResponseError;
  check(
    'downloadResponseError.transactionId',
    hex(expectedTransactionId),
    hex(error.transactionId),
    READINGS.errorTransactionId,
  );
  return nameOf(DownloadErrorCodes, error.downloadErrorCode);
}

export function checkPrepareOk(
  session: DownloadSession,
  card: AuthenticatedCard,
  value: PrepareDownloadResponse,
): void {
  if (!('downloadResponseOk' in value)) {
    check(
      'PrepareDownload answer',
      'downloadResponseOk',
      `downloadResponseError ${nameOf(DownloadErrorCodes, value.downloadResponseError.downloadErrorCode)}`,
      READINGS.prepareOk,
    );
    return;
  }
  const { euiccSigned2, euiccSignature2 } = value.downloadResponseOk;
  const smdpSignature2 = session.smdpSignature2 ?? Buffer.alloc(0);
  checkThat(
    'euiccSignature2',
    ecdsaVerify(
      card.chain.euiccPublicKey,
      euiccSignature2Input(derOf(euiccSigned2), smdpSignature2),
      euiccSignature2,
    ),
    'verifies over euiccSigned2 | smdpSignature2 TLV',
    'does not verify',
    READINGS.euiccSignature2,
  );
  check(
    'euiccSigned2.transactionId',
    hex(session.transactionId),
    hex(euiccSigned2.transactionId),
    READINGS.euiccSigned2,
  );
  let onCurve = true;
  try {
    generateEphemeralKeyPair(session.identity.curve).agree(euiccSigned2.euiccOtpk);
  } catch {
    onCurve = false;
  }
  checkThat(
    'euiccSigned2.euiccOtpk',
    onCurve,
    `an uncompressed point of ${session.identity.curve}`,
    hex(euiccSigned2.euiccOtpk),
    READINGS.euiccSigned2,
  );
  check(
    'euiccSigned2.hashCc',
    session.hashCc ? hex(session.hashCc) : 'absent',
    euiccSigned2.hashCc ? hex(euiccSigned2.hashCc) : 'absent',
    READINGS.euiccSigned2,
  );
}

/** Verifies a ProfileInstallationResult (signature, data) and returns its data; `expected` judged by name. */
export function checkInstallationResult(
  session: DownloadSession,
  publicKey: KeyObject,
  resultDer: Buffer | undefined,
  iccid: Buffer | undefined,
): ProfileInstallationResultData {
  checkThat(
    'LoadBoundProfilePackage answer',
    resultDer !== undefined && resultDer.length > 0,
    'a ProfileInstallationResult (BF37)',
    'no answer to the last piece',
    READINGS.pirData,
  );
  let result: ProfileInstallationResult;
  try {
    result = ProfileInstallationResult.decode(resultDer ?? Buffer.alloc(0));
  } catch (error) {
    check(
      'ProfileInstallationResult',
      'a BF37 of the RSPDefinitions type',
      `undecodable: ${(error as Error).message}`,
      READINGS.pirData,
    );
    throw error;
  }
  const data = result.profileInstallationResultData;
  checkThat(
    'euiccSignPIR',
    ecdsaVerify(publicKey, derOf(data), result.euiccSignPIR),
    'verifies with PK.EUICC.ECDSA over profileInstallationResultData',
    'does not verify',
    READINGS.pirSignature,
  );
  check(
    'profileInstallationResultData.transactionId',
    hex(session.transactionId),
    hex(data.transactionId),
    READINGS.pirData,
  );
  const meta = data.notificationMetadata;
  check(
    'notificationMetadata.profileManagementOperation',
    'notificationInstall',
    meta.profileManagementOperation.join(','),
    READINGS.pirData,
  );
  check(
    'notificationMetadata.notificationAddress',
    session.serverAddress,
    meta.notificationAddress,
    READINGS.pirData,
  );
  if (iccid && meta.iccid) check('notificationMetadata.iccid', hex(iccid), hex(meta.iccid), READINGS.pirData);
  if (data.smdpOid !== undefined) check('smdpOid', session.identity.smdpOid, data.smdpOid, READINGS.pirData);
  return data;
}

/** The finalResult as one line: "success" or "error storeMetadata/scp03tSecurityError". */
export function finalResultOf(
  data: ProfileInstallationResultData,
  names: { commands: Readonly<Record<string, number>>; reasons: Readonly<Record<string, number>> },
): string {
  const final = data.finalResult;
  if ('successResult' in final) return 'success';
  return `error ${nameOf(names.commands, final.errorResult.bppCommandId)}/${nameOf(names.reasons, final.errorResult.errorReason)}`;
}

export function checkCancelOk(
  session: DownloadSession,
  publicKey: KeyObject,
  value: CancelSessionResponse,
  reason: number,
): void {
  if (!('cancelSessionResponseOk' in value)) {
    check(
      'CancelSession answer',
      'cancelSessionResponseOk',
      `cancelSessionResponseError ${nameOf(CancelSessionResponseErrors, value.cancelSessionResponseError)}`,
      READINGS.cancelOk,
    );
    return;
  }
  const { euiccCancelSessionSigned: signed, euiccCancelSessionSignature: signature } =
    value.cancelSessionResponseOk;
  checkThat(
    'euiccCancelSessionSignature',
    ecdsaVerify(publicKey, derOf(signed), signature),
    'verifies with PK.EUICC.ECDSA',
    'does not verify',
    READINGS.cancelOk,
  );
  check(
    'euiccCancelSessionSigned.transactionId',
    hex(session.transactionId),
    hex(signed.transactionId),
    READINGS.cancelOk,
  );
  check('euiccCancelSessionSigned.smdpOid', session.identity.smdpOid, signed.smdpOid, READINGS.cancelOk);
  check('euiccCancelSessionSigned.reason', reason, signed.reason, READINGS.cancelOk);
}

/** A pending notification's signature, with the key of the card's chain. */
export function checkNotificationSignature(publicKey: KeyObject, notification: PendingNotification): void {
  if ('profileInstallationResult' in notification) {
    const pir = notification.profileInstallationResult;
    checkThat(
      'pending ProfileInstallationResult signature',
      ecdsaVerify(publicKey, derOf(pir.profileInstallationResultData), pir.euiccSignPIR),
      'verifies with PK.EUICC.ECDSA',
      'does not verify',
      READINGS.notificationSignature,
    );
    return;
  }
  const other = notification.otherSignedNotification;
  checkThat(
    'euiccNotificationSignature',
    ecdsaVerify(publicKey, derOf(other.tbsOtherNotification), other.euiccNotificationSignature),
    'verifies with PK.EUICC.ECDSA over tbsOtherNotification',
    'does not verify',
    READINGS.notificationSignature,
  );
}
