/**
 * The shape of what a software eUICC keeps across power cycles (SGP.22 2.4): its identity, its configured
 * addresses, the installed profiles and the pending notifications. state.ts reads and writes it as JSON,
 * state-check.ts checks a file's fields against it.
 */
import type { Curve } from '../crypto/curve.ts';
import type { IotState } from './iot/iot-state.ts';

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
  /**
   * What the CRLs loaded with ES10b.LoadCRL (SGP.22 5.7.12) revoke, per CI (its key identifier, hex): the
   * serial numbers (hex) of the last CRL of that CI. AuthenticateServer and PrepareDownload refuse a revoked
   * CERT.DPauth / CERT.DPpb (invalidCertificate).
   */
  crls?: { ciPkid: string; revokedSerials: string[] }[];
  /** Present on an IoT eUICC (SGP.32, `euicc create --iot`): its eIMs, package results and switches. */
  iot?: IotState;
}
