/** Everything an ES11 / ES12 function of the SM-DS needs from the server around it (SGP.22 3.6, 5.8, 5.9). */
import type { Logger } from 'pino';
import type { Curve } from '../crypto/curve.ts';
import type { CiCertificate } from '../pki/trusted-ci.ts';
import type { SessionStore } from '../rsp-server/session.ts';
import type { PendingSessionLimits } from '../rsp-server/session-admission.ts';
import type { SigningIdentity } from '../rsp-server/signing-identity.ts';
import type { EventStore } from './event-store.ts';

/** One SM-DS identity under one CI: CERT.DSauth.ECDSA and its key. */
export interface SmdsCredentials {
  readonly curve: Curve;
  readonly ciPkid: Buffer;
  readonly dsAuth: SigningIdentity;
}

export interface SmdsPki {
  /** Identities by CI, in the server's order of preference. */
  readonly credentials: readonly SmdsCredentials[];
  /** CIs the SM-DS trusts for eUICC chains. */
  readonly trustedCis: readonly CiCertificate[];
}

export interface SmdsConfig {
  /** The address eUICCs are configured with / event records name (FQDN[:port]). */
  readonly address: string;
  readonly sessionTtlMs: number;
  /** ES11 sessions not yet authenticated kept at most (past it initiateAuthentication answers 1.2/4.2). */
  /** The bounds on ES11 sessions not yet authenticated (session-admission.ts). */
  readonly pending: PendingSessionLimits;
  /**
   * The root SM-DS this one forwards events to when an SM-DP+ asks (forwardingIndicator, SGP.22 3.6.1): this
   * SM-DS is then an alternative SM-DS. Empty: it is a root SM-DS.
   */
  readonly rootSmdsAddress?: string;
}

/** ES12 towards the root SM-DS, for the events this alternative SM-DS forwards. */
export interface RootSmds {
  registerEvent(event: { eid: string; eventId: string; rspServerAddress: string }): Promise<void>;
  deleteEvent(event: { eid: string; eventId: string }): Promise<void>;
}

export interface SmdsContext {
  readonly config: SmdsConfig;
  readonly pki: SmdsPki;
  readonly sessions: SessionStore;
  readonly events: EventStore;
  readonly root?: RootSmds;
  readonly now: () => number;
  readonly log: Logger;
}
