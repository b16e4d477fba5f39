/**
 * What a software eUICC keeps across power cycles (SGP.22 2.4 eUICC architecture): its identity, its
 * configured addresses, the installed profiles and the pending notifications. Stored as JSON, written
 * atomically (temporary file + rename) so that a crash never leaves half a file.
 */
import { randomBytes } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import { readJsonFile } from '../config/json-file.ts';
import type { Curve } from '../crypto/curve.ts';
import type { IotState } from './iot/iot-state.ts';
import { checkState, StateFieldError } from './state-check.ts';

export type ProfileState = 'enabled' | 'disabled';

export interface InstalledProfile {
  /** ICCID as coded in EF.ICCID / the Iccid type (hex of 10 bytes). */
  iccid: string;
  /** AID of the ISD-P (hex). */
  isdpAid: string;
  state: ProfileState;
  nickname?: string;
  /** The StoreMetadataRequest received in the BPP (base64 DER). */
  metadata: string;
  /** The profile package as installed: the DER profile elements (base64). */
  profileElements: string;
}

export interface PendingNotificationRecord {
  seqNumber: number;
  /** NotificationEvent name. */
  event: string;
  notificationAddress: string;
  /** ICCID (hex), when the notification is about a profile. */
  iccid?: string;
  /** The PendingNotification DER (base64): a ProfileInstallationResult or an OtherSignedNotification. */
  pendingNotification: string;
}

export interface EuiccState {
  readonly version: 1;
  readonly eid: string;
  readonly curve: Curve;
  /** PKCS#8 PEM of SK.EUICC.ECDSA. */
  readonly privateKeyPem: string;
  /** CERT.EUICC.ECDSA and CERT.EUM.ECDSA (base64 DER). */
  readonly euiccCertificate: string;
  readonly eumCertificate: string;
  /**
   * The CI certificates the eUICC trusts (base64 DER): its euiccCiPKIdListForVerification (SGP.22 4.5.2.1.0.1)
   * and, for the built-in LPA, the TLS trust. Recorded at creation from the PKI folder that issued it, so that
   * every command opening the file works without naming that folder again. Absent in files written before it
   * was recorded: such an eUICC trusts the bundled SGP.26 test CIs, as it did.
   */
  readonly trustedCis?: readonly string[];
  defaultDpAddress?: string;
  rootDsAddress: string;
  profiles: InstalledProfile[];
  notifications: PendingNotificationRecord[];
  nextSeqNumber: number;
  nextIsdpNumber: number;
  /**
   * The last one-time key pair of PrepareDownload (otPK/otSK.EUICC.ECKA, hex), kept across sessions so that a
   * retry of the same download, which names it as bppEuiccOtpk, can reuse it (SGP.22 5.7.5). At most one: a
   * new pair replaces it, and the end of a profile installation deletes it.
   */
  oneTimeKey?: { readonly publicPoint: string; readonly privateValue: string };
  /** Present on an IoT eUICC (SGP.32, `euicc create --iot`): its eIMs, package results and switches. */
  iot?: IotState;
}

export class EuiccStateError extends Error {
  override readonly name = 'EuiccStateError';
}

export async function loadState(file: string): Promise<EuiccState> {
  const parsed = await readJsonFile(file, 'eUICC state', (message) => new EuiccStateError(message));
  const fields = parsed as { version?: unknown; eid?: unknown } | null;
  if (
    typeof fields !== 'object' ||
    fields === null ||
    (fields.version === undefined && fields.eid === undefined)
  )
    throw new EuiccStateError(`${file} is not an rspsim eUICC state file`);
  // Every field, so that a damaged or hand-edited file names the wrong one now, not as an ES10 error later.
  try {
    return checkState(parsed);
  } catch (error) {
    if (error instanceof StateFieldError)
      throw new EuiccStateError(`eUICC state ${file}: ${error.message}`, { cause: error });
    throw error;
  }
}

export async function saveState(file: string, state: EuiccState): Promise<void> {
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, file);
}
