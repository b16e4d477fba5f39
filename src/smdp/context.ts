/** Everything an ES9+ function needs from the server around it, passed in so the functions stay testable. */
import type { Logger } from 'pino';
import type { Curve } from '../crypto/curve.ts';
import type { CiCertificate } from '../pki/trusted-ci.ts';
import type { SessionStore } from '../rsp-server/session.ts';
import type { PendingSessionLimits } from '../rsp-server/session-admission.ts';
import type { SigningIdentity } from '../rsp-server/signing-identity.ts';
import type { BppBindingStore } from './bpp/bpp-binding-store.ts';
import type { NotificationLog } from './notification-log.ts';
import type { ProfileRepository } from './profile-repository.ts';

/** One SM-DP+ identity under one CI (SGP.22 4.5.2): the authentication and the profile-binding certificates. */
export interface SmdpCredentials {
  readonly curve: Curve;
  /** SubjectKeyIdentifier of the CI these certificates chain to. */
  readonly ciPkid: Buffer;
  readonly dpAuth: SigningIdentity;
  readonly dpPb: SigningIdentity;
}

export interface SmdpPki {
  /** Identities by CI, in the server's order of preference. */
  readonly credentials: readonly SmdpCredentials[];
  /** CI certificates the server trusts for eUICC chains. */
  readonly trustedCis: readonly CiCertificate[];
  /** The SM-DP+ OID, as in CERT.DPauth / CERT.DPpb (SGP.22 4.5.2). */
  readonly smdpOid: string;
}

export interface SmdpConfig {
  /** The address the eUICC is told to reach and that initiateAuthentication must name (FQDN[:port]). */
  readonly address: string;
  readonly sessionTtlMs: number;
  /** Sessions not yet authenticated kept at most (0: no bound). */
  /** The bounds on sessions not yet authenticated (session-admission.ts). */
  readonly pending: PendingSessionLimits;
  readonly confirmationCodeMaxAttempts: number;
}

export interface SmdpContext {
  readonly config: SmdpConfig;
  readonly pki: SmdpPki;
  readonly sessions: SessionStore;
  readonly profiles: ProfileRepository;
  /** Orders' BPPs bound to an eUICC one-time key, for a retry in a new session (SGP.22 5.6.3). */
  readonly bindings: BppBindingStore;
  /** The last notifications received (bounded). */
  readonly notifications: NotificationLog;
  readonly now: () => number;
  readonly log: Logger;
}
