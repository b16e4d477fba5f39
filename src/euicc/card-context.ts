/** What every ES10 function of the software eUICC works on. */
import type { KeyObject } from 'node:crypto';
import type { EphemeralKeyPair } from '../crypto/ecka.ts';
import type { ParsedCertificate } from '../pki/certificate.ts';
import type { CiCertificate } from '../pki/trusted-ci.ts';
import type { BppInProgress, CardScenarios } from './es10/scenario-outcome.ts';
import type { RulesAuthorisationTable } from './rules-authorisation-table.ts';
import type { EuiccState } from './state.ts';

/** The RSP session of the eUICC (SGP.22 3.1.3): alive from AuthenticateServer to the end of the BPP. */
export interface EuiccSession {
  readonly transactionId: Buffer;
  readonly serverAddress: string;
  readonly serverCertificate: ParsedCertificate;
  readonly euiccSignature1: Buffer;
  smdpCertificate?: ParsedCertificate;
  otpk?: EphemeralKeyPair;
  loader?: BppInProgress;
}

export interface CardContext {
  state: EuiccState;
  readonly privateKey: KeyObject;
  readonly euiccCertificate: Buffer;
  readonly eumCertificate: Buffer;
  /** SKI of the CI our certificate chains to (euiccCiPKIdListForSigning). */
  readonly signingCiPkid: Buffer;
  /** CIs we verify servers with (euiccCiPKIdListForVerification). */
  readonly trustedCis: readonly CiCertificate[];
  /** The last GetEUICCChallenge answer. */
  euiccChallenge?: Buffer;
  session?: EuiccSession;
  /** Test-lab scenarios: answers given instead of some ES10 functions'. */
  readonly scenarios?: CardScenarios;
  /** Set by a function that changed persistent state. */
  dirty: boolean;
  /** What this eUICC declares in EUICCInfo2 instead of the defaults. */
  readonly declared?: EuiccDeclaration;
  /** Its Rules Authorisation Table (SGP.22 2.9.2) when not the default one (rules-authorisation-table.ts). */
  readonly rat?: RulesAuthorisationTable;
  /** The last installation this eUICC refused, with its own detail; cleared by an installation that succeeds. */
  lastInstallationRefusal?: InstallationRefusal;
}

/**
 * Why this software eUICC refused an installation, beyond the errorReason the ProfileInstallationResult
 * carries (SGP.22 5.7.6 has no room for more): the emulator's own detail ("segment 1036 bytes > 1020"), for a
 * lab's report. A real card gives only the code.
 */
export interface InstallationRefusal {
  /** The seqNumber of the ProfileInstallationResult that reported it. */
  readonly seqNumber: number;
  readonly command: string;
  readonly reason: string;
  readonly detail: string;
}

/** EUICCInfo2 values a lab sets to stand for a smaller or stricter eUICC (SGP.22 4.3); it only declares them. */
export interface EuiccDeclaration {
  /** Free non-volatile memory in bytes (extCardResource '82'); 1 MiB by default. */
  readonly freeNonVolatileMemory?: number;
  /** forbiddenProfilePolicyRules; none by default. */
  readonly forbiddenProfilePolicyRules?: readonly ('ppr1' | 'ppr2')[];
  /** rspCapability testProfileSupport; true by default. */
  readonly testProfileSupport?: boolean;
}
