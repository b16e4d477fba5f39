/** Everything the eIM's ESipa functions and operator API need from the server around them (SGP.32 2.11, 3.3). */
import type { Logger } from 'pino';
import type { CiCertificate } from '../../pki/trusted-ci.ts';
import type { EimIdentity } from './eim-identity.ts';

export interface EimConfig {
  /** eimFqdn: the FQDN[:port] eUICCs are given (EimConfigurationData). */
  readonly address: string;
}

export interface EimContext {
  readonly config: EimConfig;
  /** The eimId and signing key every eUICC Package is signed with. */
  readonly identity: EimIdentity;
  /** The CIs an eUICC's certificate must chain to before the eIM trusts its key. */
  readonly trustedCis: readonly CiCertificate[];
  readonly now: () => number;
  readonly log: Logger;
}
