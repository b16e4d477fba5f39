/** Everything the eIM's ESipa functions and operator API need from the server around them (SGP.32 2.11, 3.3). */
import type { Logger } from 'pino';
import type { Sgp32PendingNotification } from '../../asn1/sgp32/index.ts';
import type { CiCertificate } from '../../pki/trusted-ci.ts';
import type { EimLimits, EimRepository, OrderTimeouts } from '../eim-repository.ts';
import type { EimIdentity } from './eim-identity.ts';

export interface EimConfig {
  /** eimFqdn: the FQDN[:port] eUICCs are given (EimConfigurationData). */
  readonly address: string;
  /** Bounds on the orders the operator API can make the eIM keep. */
  readonly limits: EimLimits;
  /** eUICC records kept at most. */
  readonly maxEuiccs: number;
  /** Largest outcome (JSON) kept for one order; a larger one is replaced by a procedureError. */
  readonly maxResultBytes: number;
  readonly timeouts: OrderTimeouts;
  /** The association token a new eUICC record gets (what a fresh eUICC assigns, onomondo-eim's default). */
  readonly defaultAssociationToken: number;
}

export interface EimContext {
  readonly config: EimConfig;
  /** The eimId and signing key every eUICC Package is signed with. */
  readonly identity: EimIdentity;
  /** The CIs an eUICC's certificate must chain to before the eIM trusts its key. */
  readonly trustedCis: readonly CiCertificate[];
  /** Orders and eUICC records (the store's). */
  readonly repository: EimRepository;
  /**
   * Delivers a notification the IPA sent with a package result to its receiver (SGP.32 3.3.1 step 11: ES9+
   * HandleNotification at the notification's address, src/eim/download/); resolves true once delivered, and
   * only then is it acknowledged to the IPA. Without it, those notifications are not acknowledged: the IPA keeps
   * them and sends them by ESipa HandleNotification.
   */
  readonly forwardNotification?: (eid: string, notification: Sgp32PendingNotification) => Promise<boolean>;
  readonly now: () => number;
  readonly log: Logger;
}
