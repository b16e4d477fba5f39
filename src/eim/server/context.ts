/** Everything the eIM's ESipa functions and operator API need from the server around them (SGP.32 2.11, 3.3). */
import type { Logger } from 'pino';
import type { CiCertificate } from '../../pki/trusted-ci.ts';
import type { Es9Connector, IndirectDownloadRelay } from '../download/indirect-download-relay.ts';
import type { NotificationReceivers } from '../download/notification-receivers.ts';
import type { EimLimits, EimRepository, OrderTimeouts } from '../eim-repository.ts';
import type { EimScenarios } from '../scenarios/eim-scenarios.ts';
import type { ExchangeTrace } from '../trace/exchange-trace.ts';
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
  /**
   * Package results taken without checking the eUICC's signature (onomondo-eim's consumer_euicc: an IPA that
   * emulates IoT eUICC functions over a consumer eUICC cannot sign them); the echoes are still checked.
   */
  readonly consumerEuicc?: boolean;
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
   * The indirect download (src/eim/download/): the relay of ESipa to the SM-DP+'s ES9+ and the ES9+ client of
   * notification receivers, which also delivers the notifications an IPA sends with a package result (SGP.32
   * 3.3.1 step 11). Without it the eIM serves no download function and acknowledges no notification.
   */
  readonly download?: {
    readonly relay: IndirectDownloadRelay;
    readonly connect: Es9Connector;
    /** The receivers notifications may be forwarded to (the setting, and the SM-DP+s of download orders). */
    readonly receivers: NotificationReceivers;
  };
  /** The test-lab scenarios armed through the admin API (src/eim/scenarios/); none: packages are always normal. */
  readonly scenarios?: EimScenarios;
  /** The ESipa exchanges served and ES9+ exchanges relayed, for the admin page (src/eim/trace/); none: not traced. */
  readonly trace?: ExchangeTrace;
  readonly now: () => number;
  readonly log: Logger;
}
