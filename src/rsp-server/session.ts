/**
 * RSP session state per transactionId (SGP.22 3.1.3): what one step leaves for the next. Sessions expire;
 * a step that arrives in the wrong state is refused as an unknown transaction.
 */
import type { Curve } from '../crypto/curve.ts';

export type SessionPhase =
  | 'initiated' // after initiateAuthentication
  | 'authenticated' // after authenticateClient
  | 'bound' // after getBoundProfilePackage
  | 'closed';

/**
 * How a download session ended: the eUICC's signed ProfileInstallationResult came, or its signed
 * cancelSession. A session so ended is kept, closed, until it expires (SGP.22 5.6.4): a repeated or late
 * installation result is recognised (answered, nothing changed), and one that follows a cancellation — lpac
 * sends cancelSession, then the eUICC's failed result — is still verified and recorded.
 */
export type SessionEnding = 'installationResult' | 'cancelled';

export interface RspSession {
  readonly transactionId: string; // upper-case hex, as the JSON binding carries it
  phase: SessionPhase;
  readonly createdAt: number;
  expiresAt: number;
  readonly euiccChallenge: Buffer;
  readonly serverChallenge: Buffer;
  readonly serverAddress: string;
  /**
   * The source the initiateAuthentication came from (session-admission.ts: an IPv4 address, an IPv6 /64),
   * whose share of pending sessions this one counts in; absent on sessions stored before it was recorded.
   */
  readonly source?: string;
  /** SubjectKeyIdentifier of the CI chosen for this session. */
  readonly ciPkid: Buffer;
  readonly curve: Curve;
  eid?: string;
  euiccCertificate?: Buffer;
  matchingId?: string;
  profileId?: string;
  ccRequired?: boolean;
  /** The '5F37' TLV sent to the eUICC, which euiccSignature2 covers. */
  smdpSignature2Tlv?: Buffer;
  /** otPK.EUICC.ECKA of the order's binding from an earlier session, named in smdpSigned2 (SGP.22 5.6.3). */
  bppEuiccOtpk?: Buffer;
  /** otPK.EUICC.ECKA the BPP was bound to, and the BPP itself, for a retry (SGP.22 3.1.3.2). */
  euiccOtpk?: Buffer;
  boundProfilePackage?: Buffer;
  ccAttempts: number;
  /** Set when the session is closed by the eUICC's signed answer. */
  ending?: SessionEnding;
}

export interface SessionStore {
  create(session: RspSession): Promise<void>;
  /** The live session, or undefined if unknown or expired. */
  get(transactionId: string, now: number): Promise<RspSession | undefined>;
  update(session: RspSession): Promise<void>;
  delete(transactionId: string): Promise<void>;
  list(now: number): Promise<RspSession[]>;
  /** Deletes every session expired at `now` (the server calls it at start and periodically); how many went. */
  purgeExpired(now: number): Promise<number>;
  /**
   * Live sessions not yet authenticated (phase `initiated`), all or of one source: what initiateAuthentication's
   * bounds count (session-admission.ts).
   */
  countInitiated(now: number, source?: string): Promise<number>;
  /** The source holding the most live sessions not yet authenticated, and how many; undefined when none. */
  busiestInitiatedSource(now: number): Promise<{ source: string; count: number } | undefined>;
  /** Deletes the oldest live session of `source` not yet authenticated, if there is one. */
  deleteOldestInitiated(now: number, source: string): Promise<void>;
}
